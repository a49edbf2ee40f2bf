import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyAnalysis

@Suite struct RobustnessTests {
    static let yaml = """
        parley: 1
        id: r
        title: robustness
        parties: [{id: A}, {id: B}]
        issues:
          - {id: x, options: [x1, x2, x3]}
        preferences:
          A:
            reservation: [0.3, 0.7]
            issues:
              x: {weight: 1, values: {x1: 1, x2: 0.5, x3: 0}}
          B:
            reservation: 0.4
            issues:
              x: {weight: 1, values: {x1: 0, x2: [0.3, 0.7], x3: 1}}
        proposals:
          - {id: middle, package: {x: x2}}
        """

    @Test(arguments: [UInt64(1), 99])
    func theSameSeedGivesTheSameResult(seed: UInt64) throws {
        let scenario = try ScenarioReader.read(Self.yaml, file: "r.yaml").scenario
        let first = try Robustness.run(scenario, runs: 2_000, seed: seed)
        let second = try Robustness.run(scenario, runs: 2_000, seed: seed)
        #expect(first == second)
        #expect(first.proposals == second.proposals)
    }

    @Test func probabilitiesMatchTheRanges() throws {
        let scenario = try ScenarioReader.read(Self.yaml, file: "r.yaml").scenario
        let result = try Robustness.run(scenario, runs: 20_000, seed: 3)
        // A accepts x2 (0.5) when its reservation, uniform on [0.3, 0.7], is at most 0.5: p = 0.5.
        let middle = try #require(result.proposals.first)
        #expect(abs(middle.partyAccepts[0] - 0.5) < 0.02)
        // B accepts x2 when its value, uniform on [0.3, 0.7], is at least 0.4: p = 0.75.
        #expect(abs(middle.partyAccepts[1] - 0.75) < 0.02)
        // Independent draws: both accept with p = 0.375. A zone always exists (x1 for A... no: B needs ≥ 0.4;
        // x3 gives A 0 < 0.3), so the zone is x2 alone when both accept it.
        #expect(abs(middle.allAccept - 0.375) < 0.02)
        #expect(abs(result.zoneProbability - 0.375) < 0.02)
        // The tornado lists both ranges, the larger swing first.
        #expect(result.tornado.count == 2)
        #expect(result.tornado[0].swing >= result.tornado[1].swing)
    }

    @Test func triangularDrawsCentreOnTheMidpoint() {
        var rng = SeededGenerator(seed: 5)
        let estimate = Estimate(low: 0, high: 1)
        let draws = (0..<20_000).map { _ in SamplingDistribution.triangular.sample(estimate, using: &rng) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let nearMiddle = Double(draws.filter { abs($0 - 0.5) < 0.25 }.count) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.01)
        #expect(abs(nearMiddle - 0.75) < 0.02)   // the triangle's central half holds 3/4 of the mass
        #expect(draws.allSatisfy { (0...1).contains($0) })
    }
}
