import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyFormats
import Testing

/// The LLM-Deliberation games (Abdelnabi et al., NeurIPS 2024): the `base` game's reference counts
/// exactly, located diagnostics for malformed games, and the layout written back.
@Suite struct LLMDeliberationTests {
    /// `../shared/data/llm-deliberation/base` when present, else the copy in the fixtures.
    static var base: String {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let shared = here.appendingPathComponent("../../../shared/data/llm-deliberation/base").standardizedFileURL.path
        return FileManager.default.fileExists(atPath: shared) ? shared : here.appendingPathComponent("Fixtures/llm-deliberation/base").path
    }

    /// A copy of the base game to damage.
    static func copy() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-llm-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: base, toPath: folder)
        return folder
    }

    @Test func theBaseGameGivesTheBenchmarksCountsExactly() throws {
        #expect(try ScenarioFormat.detect(Self.base) == .llmDeliberation)
        let scenario = try LLMDeliberationReader.read(folder: Self.base).scenario
        #expect(scenario.parties.map(\.name) == ["Mayor", "Other cities", "Local Labour Union", "SportCo", "Department of Tourism",
                                                 "Environmental League"])
        #expect(scenario.issues.map(\.options.count) == [3, 3, 4, 4, 5])
        #expect(scenario.issues[0].options[0].name == "water-based")
        #expect(scenario.issues[3].options[0].name == "$3 billion.")
        #expect(scenario.agreement == .quota(5, vetoes: [Party.ID("SportCo"), Party.ID("DoT")]))
        #expect(scenario.parties.first { $0.id.rawValue == "SportCo" }?.attributes["role"] == "p1")
        #expect(scenario.parties.first { $0.id.rawValue == "mayor" }?.description?.isEmpty == false)
        let model = UtilityModel(scenario)
        let space = try AgreementSpace.map(model)
        #expect(space.packageCount == 720)
        #expect(space.zoneSize == 55)
        #expect(space.unanimousSize == 12)
        let ids = scenario.parties.map(\.id.rawValue)
        #expect(Dictionary(uniqueKeysWithValues: zip(ids, space.acceptingByParty))
                == ["mayor": 55, "other_cities": 47, "union": 40, "SportCo": 55, "DoT": 55, "enviroment": 35])
        #expect(Dictionary(uniqueKeysWithValues: zip(ids, space.acceptableByParty))
                == ["mayor": 646, "other_cities": 555, "union": 462, "SportCo": 354, "DoT": 195, "enviroment": 320])
        // The highest total score of a passing deal: 391 (utilities are scores / 100).
        let best = space.frontier.map { $0.utilities.reduce(0, +) }.max() ?? 0
        #expect(abs(best - 3.91) < 1e-9)
        // The initial deal is SportCo's proposal.
        let deal = try #require(scenario.proposals.first)
        #expect(deal.proposer?.rawValue == "SportCo")
        #expect(deal.package.options == [0, 0, 3, 0, 4])
    }

    /// A total exactly at a party's minimum accepts: integer scores leave no floating-point slip.
    @Test func aTotalAtTheMinimumAccepts() throws {
        let scenario = try LLMDeliberationReader.read(folder: Self.base).scenario
        let model = UtilityModel(scenario)
        var atMinimum = 0
        for index in 0..<model.space.count! {
            let package = model.space.package(at: index)
            let digits = package.options.map { $0! }
            for p in 0..<model.partyCount {
                let total = (model.utility(p, digits) * 100).rounded()
                guard total == (model.reservations[p] * 100).rounded() else { continue }
                atMinimum += 1
                #expect(model.evaluate(package, in: scenario).verdicts[p].accepts || model.breaches(0, digits) == true,
                        "package \(index), party \(p) at its minimum does not accept")
            }
        }
        #expect(atMinimum > 0, "the game has totals exactly at a minimum")
    }

    @Test func malformedGamesGetLocatedDiagnostics() throws {
        // A row with the wrong number of scores.
        var folder = try Self.copy()
        try "14, 8\n12, 8, 0\n24, 18, 12, 0\n40, 30, 23, 0\n0, 2, 4, 7, 10\n30\n".write(toFile: folder + "/scores_files/mayor.txt", atomically: true, encoding: .utf8)
        var error = try #require(throws: DiagnosticError.self) { try LLMDeliberationReader.read(folder: folder) }
        #expect(error.diagnostics.contains { $0.message.contains("issue A has 3 options but this line has 2 scores") && $0.location?.line == 1 })
        // A missing party file.
        folder = try Self.copy()
        try FileManager.default.removeItem(atPath: folder + "/scores_files/union.txt")
        error = try #require(throws: DiagnosticError.self) { try LLMDeliberationReader.read(folder: folder) }
        #expect(error.diagnostics.contains { $0.message.contains("Local Labour Union has no scores file union.txt") && $0.location?.line == 3 })
        // An unknown role and a config line with too few fields.
        folder = try Self.copy()
        var config = try String(contentsOfFile: folder + "/config.txt", encoding: .utf8)
        config = config.replacingOccurrences(of: "Mayor,mayor,player", with: "Mayor,mayor,chair")
            .replacingOccurrences(of: "Other cities,other_cities,player,cooperative,gpt-4-low", with: "Other cities,other_cities")
        try config.write(toFile: folder + "/config.txt", atomically: true, encoding: .utf8)
        error = try #require(throws: DiagnosticError.self) { try LLMDeliberationReader.read(folder: folder) }
        let role = try #require(error.diagnostics.first { $0.message.contains("unknown role 'chair'") })
        #expect(role.location?.line == 1 && role.location?.column == 13)
        #expect(error.diagnostics.contains { $0.message.contains("a config line has 2 fields; it needs 5") && $0.location?.line == 2 })
        // A score that is not a whole number, and a minimum missing.
        folder = try Self.copy()
        try "14, 8, x\n12, 8, 0\n24, 18, 12, 0\n40, 30, 23, 0\n0, 2, 4, 7, 10\n".write(toFile: folder + "/scores_files/mayor.txt", atomically: true, encoding: .utf8)
        error = try #require(throws: DiagnosticError.self) { try LLMDeliberationReader.read(folder: folder) }
        #expect(error.diagnostics.contains { $0.message.contains("has 5 lines; it needs 6") })
        try "14, 8, x\n12, 8, 0\n24, 18, 12, 0\n40, 30, 23, 0\n0, 2, 4, 7, 10\n30\n".write(toFile: folder + "/scores_files/mayor.txt", atomically: true, encoding: .utf8)
        error = try #require(throws: DiagnosticError.self) { try LLMDeliberationReader.read(folder: folder) }
        let score = try #require(error.diagnostics.first { $0.message.contains("'x' is not a score") })
        #expect(score.location?.line == 1 && score.location?.column == 8)
    }

    @Test func theGameIsWrittenBackLosslessly() throws {
        let original = try LLMDeliberationReader.read(folder: Self.base).scenario
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("parley-llm-out-\(UUID().uuidString)").path
        let result = try ScenarioWriter.write(original, to: out, format: .llmDeliberation)
        #expect(result.dropped.isEmpty, "\(result.dropped)")
        let back = try LLMDeliberationReader.read(folder: out).scenario
        #expect(back.parties.map(\.name) == original.parties.map(\.name))
        #expect(back.parties.map(\.attributes) == original.parties.map(\.attributes))
        #expect(back.parties.map(\.description) == original.parties.map(\.description))
        #expect(back.issues == original.issues)
        #expect(back.agreement == original.agreement)
        #expect(back.proposals.map(\.package) == original.proposals.map(\.package))
        let a = UtilityModel(original), b = UtilityModel(back)
        #expect(a.reservations == b.reservations)
        for index in 0..<a.space.count! {
            let digits = a.space.package(at: index).options.map { $0! }
            for p in 0..<a.partyCount { #expect(abs(a.utility(p, digits) - b.utility(p, digits)) < 1e-12) }
        }
        // Written files equal the originals' scores and config.
        for file in ["config.txt", "initial_deal.txt", "scores_files/mayor.txt", "scores_files/SportCo.txt"] {
            let written = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            let source = try String(contentsOfFile: Self.base + "/" + file, encoding: .utf8)
            func normal(_ text: String) -> [String] {
                text.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
            }
            #expect(normal(written) == normal(source), "\(file)")
        }
        // And through Parley's own format, nothing is lost.
        let yaml = try ParleyWriter.yaml(original)
        #expect(try ScenarioReader.read(yaml, file: "game.yaml").scenario == original)
    }
}
