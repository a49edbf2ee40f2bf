import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyForecast

/// KTAB's own regression test compares the lines `Fractional change …` and `… prob : …` of a run
/// with its reference log (`SMPC_RefRuns_Compare.sh`); these tests do the same.
@Suite struct SpatialModelOfPoliticsTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let ktab = here.appendingPathComponent("../../../shared/data/ktab").standardizedFileURL.path

    static func model(_ scenario: SpatialScenario) throws -> SpatialModelOfPolitics {
        SpatialModelOfPolitics(capabilities: scenario.capabilities.map(\.value),
                               positions: scenario.positions.map { $0.map { $0!.value } },
                               saliences: scenario.saliences.map { $0.map { $0!.value } },
                               parameters: try .init(ktab: scenario.parameters))
    }

    /// The run's lines in the format of KTAB's log.
    static func lines(_ run: SpatialModelOfPolitics.Run, actors: [String]) -> [String] {
        run.fractionalChanges.map { String(format: "Fractional change compared to first step: %.4f  (target=%.4f) ", $0, 0.02) }
            + actors.indices.map { i in
                "\(actors[i]), prob :" + run.probabilities.map { String(format: " %.4f", $0[i]) }.joined() + " "
            }
    }

    static func reference(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { $0.contains("Fractional") || $0.contains("prob :") }
    }

    /// dummyData_3Dim with KTAB's default parameters: all 10 `Fractional change` lines and all 7
    /// `prob` lines (11 states) agree with KTAB's reference log character for character.
    @Test func dummyData3DimReproducesKTABsReferenceRun() throws {
        let scenario = try SpatialTableReader.read(contentsOf: Self.ktab + "/dummyData_3Dim.csv")
        let run = try Self.model(scenario).run()
        let expected = try Self.reference(Self.ktab + "/20170530_ref-dummyData_3Dim.txt")
        #expect(expected.count == 17)
        #expect(Self.lines(run, actors: scenario.actors) == expected)
        #expect(run.positions.count == 11)
        // The position history, as the log prints it (one decimal).
        let history = scenario.actors.indices.flatMap { i in
            scenario.dimensions.indices.map { d in
                "\(scenario.actors[i]), \(scenario.dimensions[d]): " + run.positions.map { String(format: "%5.1f", $0[i][d]) }.joined(separator: " ") + " "
            }
        }
        let printed = try String(contentsOfFile: Self.ktab + "/20170530_ref-dummyData_3Dim.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("SActor-") && $0.contains(", Pstn") }
        #expect(history == printed)
    }

    /// KTAB's China state-owned-enterprise case (Efird, Lester & Wise 2016), policy and
    /// competitive dimensions, 13 actors: the 13 `prob` lines over 28 states agree with KTAB's
    /// reference log (fixture copied from KTAB's examples/smp/doc).
    @Test func chinaSOECaseReproducesKTABsReferenceRun() throws {
        let scenario = try SpatialTableReader.read(contentsOf: Self.here.appendingPathComponent("Fixtures/SOE-Pol-Comp.csv").path)
        let run = try Self.model(scenario).run()
        let expected = try Self.reference(Self.here.appendingPathComponent("Fixtures/soe_ref_prob.txt").path)
        #expect(run.positions.count == 28)
        #expect(Array(Self.lines(run, actors: scenario.actors).suffix(13)) == expected)
    }

    /// std::mt19937_64's first output for the default seed 5489 (the C++ standard's check value
    /// is the 10000th: 9981545732273789042).
    @Test func mersenneTwisterMatchesTheStandard() {
        var generator = MersenneTwister64(seed: 5489)
        #expect(generator.next() == 14514284786278117030)
        for _ in 0..<9998 { _ = generator.next() }
        #expect(generator.next() == 9981545732273789042)
    }

    @Test func unknownKTABParametersAreReported() {
        #expect(throws: SpatialModelOfPolitics.ParameterError.self) {
            try SpatialModelOfPolitics.Parameters(ktab: ["VotingRule": "Plurality", "Colour": "blue"])
        }
        let parameters = try? SpatialModelOfPolitics.Parameters(ktab: ["VotingRule": "PropCbc", "prngSeed": "03507583219545544127"])
        #expect(parameters?.votingRule == .propCbc)
        #expect(parameters?.seed == 3507583219545544127)
    }
}
