import Foundation
import ParleyCore
import ParleyKit
import ParleyReport
import Testing

/// The NegMAS-conventions report's JSON writer gives the same bytes as the encoder, on ANAC domains
/// and on a report with every awkward value: quotes, backslashes, control characters, slashes and
/// non-ASCII text in names and keys, absent optionals, empty lists, numbers of every magnitude.
@Suite struct NegMASJSONTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/negmas/scenarios").standardizedFileURL

    static func report(_ folder: String) throws -> NegMASReport {
        try Analyze().negmas(try LoadedScenario.load(scenarios.appendingPathComponent(folder).path), normalization: .raw)
    }

    @Test(arguments: ["anac/y2010/Travel", "anac/y2011/Grocery", "anac/y2011/Amsterdam", "anac/y2010/EnglandZimbabwe"])
    func theWriterMatchesTheEncoder(folder: String) throws {
        let report = try Self.report(folder)
        #expect(!report.agreementSpace.frontier.isEmpty)
        #expect(try report.jsonText() == JSONRendering.text(report))
    }

    @Test func theWriterMatchesTheEncoderOnAwkwardValues() throws {
        var report = try Self.report("anac/y2010/Travel")
        report.scenario.title = "Quotes \" and \\ backslashes, a / slash, \u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f} controls, é, 日本, \u{2028}"
        report.scenario.file = nil
        report.scenario.issues[0].statusQuo = "née / \"x\""
        report.scenario.issues[1].options[0].name = ""
        report.agreementSpace.opposition = nil
        report.agreementSpace.sampled = 12_345
        report.agreementSpace.disagreementPoint = [0, -0.0, 1e-7, 1e20, 1e15, 1e16, 2.5e-5, 5e-324, 1.7976931348623157e308, 123_456.789, -3]
        report.agreementSpace.utilityRanges = []
        report.agreementSpace.solutions.nash = []
        report.agreementSpace.frontier[0].package = ["Z": "last?", "a/b\n\"q\"": "x\u{7f}", "é": "y", "ä": "", "A10": "1", "A2": "2", "_": "u"]
        report.agreementSpace.frontier[1].package = [:]
        #expect(try report.jsonText() == JSONRendering.text(report))
        report.agreementSpace.rationalFraction = .nan
        #expect(throws: EncodingError.self) { try report.jsonText() }
    }
}
