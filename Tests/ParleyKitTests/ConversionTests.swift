import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct ConversionTests {
    static let negmasData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/negmas/scenarios").standardizedFileURL

    @Test func parleyFormatRoundTripsTheFoundingCase() throws {
        let original = try LoadedScenario.load(nil).scenario
        let text = try ParleyWriter.yaml(original)
        let copy = try ScenarioReader.read(text, file: "copy.yaml").scenario
        #expect(copy == original)
    }

    @Test(arguments: ["anac/y2012/LaptopA", "other/IntegerDomain", "other/AMPOvsCity", "hani/Trade", "geniusweb/FlightBooking"])
    func parleyFormatRoundTripsImportedScenarios(folder: String) throws {
        for normalization in UtilityNormalization.allCases {
            let original = try LoadedScenario.load(Self.negmasData.appendingPathComponent(folder).path,
                                                   normalization: normalization).scenario
            let text = try ParleyWriter.yaml(original)
            let copy = try ScenarioReader.read(text, file: "copy.yaml").scenario
            #expect(copy == original, "\(folder), \(normalization)")
        }
    }
}

@Suite struct FormatRoundTripTests {
    /// Each party's weighted option values, for comparing utilities across formats.
    static func contributions(_ scenario: Scenario) -> [[Double]] {
        let model = UtilityModel(scenario)
        return (0..<model.partyCount).map { p in
            Array(model.contributions[p * model.optionCount..<(p + 1) * model.optionCount]) + [model.offsets[p], model.reservations[p]]
        }
    }

    static func temporaryFolder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)").path
        return path
    }

    @Test(arguments: [ScenarioFormat.genius, .geniusWeb, .negmas], ["anac/y2012/LaptopA", "anac/y2016/Farma", "hani/Trade"])
    func utilitiesSurviveAWriteAndARead(format: ParleyFormats.ScenarioFormat, folder: String) throws {
        // GENIUS files carry GENIUS's own semantics; the others are read as written.
        let reading: UtilityNormalization = format == .genius ? .genius : .raw
        let original = try LoadedScenario.load(ConversionTests.negmasData.appendingPathComponent(folder).path,
                                               normalization: reading).scenario
        let target = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: target) }
        let result = try ScenarioWriter.write(original, to: target, format: format)
        let copy = try LoadedScenario.load(target, normalization: reading).scenario
        #expect(copy.issues.map(\.id) == original.issues.map(\.id))
        #expect(copy.issues.map { $0.options.map(\.id) } == original.issues.map { $0.options.map(\.id) })
        // Party order may change (files are read in name order); compare party by party.
        let before = Dictionary(uniqueKeysWithValues: zip(original.parties.map(\.id), Self.contributions(original)))
        let after = Dictionary(uniqueKeysWithValues: zip(copy.parties.map(\.id), Self.contributions(copy)))
        // What the format reports as changed is left out of the comparison.
        let scaleChanged = result.dropped.contains { $0.hasPrefix("the utility scale") }
        let reservationDropped = result.dropped.contains { $0.hasPrefix("reservation values") }
        for (party, values) in before where !scaleChanged {
            let other = try #require(after[party], "party \(party) is missing after \(format)")
            let compared = reservationDropped ? values.count - 1 : values.count
            #expect(zip(values.prefix(compared), other).allSatisfy { abs($0 - $1) < 1e-12 }, "\(folder) via \(format): \(party)")
        }
        #expect(scaleChanged == (format == .genius && folder == "hani/Trade"))
        #expect(!result.dropped.contains { $0.contains("red lines") })
    }

    @Test func convertingTheFoundingCaseReportsWhatIsDropped() throws {
        let loaded = try LoadedScenario.load(nil)
        let target = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: target) }
        let result = try Convert()(loaded, to: target, format: .negmas)
        #expect(result.files.count == 5)
        for expected in ["red lines (5)", "proposals (4)", "sources, quotes, notes and confidence levels",
                         "ranges (their midpoints are written)", "status-quo options"] {
            #expect(result.dropped.contains(expected), "\(expected)")
        }
        // What remains reads back as the same preferences.
        let copy = try LoadedScenario.load(target, normalization: .raw).scenario
        #expect(Set(copy.parties.map(\.id)) == Set(loaded.scenario.parties.map(\.id)))
    }
}

/// Nothing lost: conversion never replaces a file without being told to, and says what it drops.
@Suite struct NothingLostTests {
    static func copyOfTheFoundingCase() throws -> (folder: String, file: String) {
        let folder = FormatRoundTripTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = (folder as NSString).appendingPathComponent("case.yaml")
        try LoadedScenario.load(nil).text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    @Test func convertRefusesToWriteOverItsInput() throws {
        let (folder, file) = try Self.copyOfTheFoundingCase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let loaded = try LoadedScenario.load(file)
        // The same file, also spelt through "./" and "..".
        for target in [file, (folder as NSString).appendingPathComponent("./x/../case.yaml")] {
            let error = try #require(throws: DiagnosticError.self) { try Convert()(loaded, to: target, format: .parley) }
            #expect(error.diagnostics.first?.message.hasPrefix("refusing to write over the input") == true)
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }

    @Test func convertRefusesToReplaceAnExistingFileWithoutForce() throws {
        let (folder, file) = try Self.copyOfTheFoundingCase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let other = (folder as NSString).appendingPathComponent("other.yaml")
        try "keep me".write(toFile: other, atomically: true, encoding: .utf8)
        let loaded = try LoadedScenario.load(file)
        let error = try #require(throws: DiagnosticError.self) { try Convert()(loaded, to: other, format: .parley) }
        #expect(error.diagnostics.first?.help?.contains("--force") == true)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me")
        _ = try Convert()(loaded, to: other, format: .parley, overwrite: true)
        #expect(try String(contentsOfFile: other, encoding: .utf8) != "keep me")
    }

    @Test func parleyToParleyListsTheCommentsItDrops() throws {
        let (folder, file) = try Self.copyOfTheFoundingCase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try LoadedScenario.load(file)
        let result = try Convert()(loaded, to: (folder as NSString).appendingPathComponent("copy.yaml"), format: .parley)
        let counts = Convert.comments(in: loaded.text)
        #expect(counts.lines >= 90)   // the founding case's notes, every '# assumption:' among them
        let dropped = try #require(result.dropped.first)
        #expect(dropped.hasPrefix("comments (\(counts.lines) lines, among them \(counts.assumptions) '# assumption:' notes)"))
    }

    @Test func aHashInsideQuotesIsNotAComment() {
        let counts = Convert.comments(in: "title: \"Issue #1\"\nname: 'a # b' # real\n# whole line\nurl: x#y\n")
        #expect(counts.lines == 2)
    }
}
