import Foundation
import ParleyKit
import Testing

/// `parley simulate --protocol moderated` on the LLM-Deliberation base game: the contract, and a
/// final verdict that agrees with the benchmark's rule (n − 1 of n, the two veto parties among them).
@Suite struct ModeratedSimulationTests {
    static let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ParleyFormatsTests/Fixtures/llm-deliberation/base").path

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func theBaseGameWithClassicStrategies(seed: UInt64) throws {
        let loaded = try LoadedScenario.load(Self.base)
        for mediator in [false, true] {
            let report = try Simulate().moderated(loaded, strategies: ["boulware", "conceder", "linear"], seed: seed, mediator: mediator)
            #expect(report.contract == "parley.moderated/1")
            #expect(report.protocol == "moderated")
            #expect(report.proposer == (mediator ? "mediator" : "SportCo"), "the p1 of config.txt proposes")
            #expect(report.schedule.count == 24)
            #expect(report.turns.count == 26)
            #expect(report.turns.first?.phase == "opening")
            #expect(report.turns.last?.phase == "final")
            if !mediator {
                // SportCo opens with initial_deal.txt (A1,B1,C4,D1,E5).
                #expect(report.turns.first?.deal?.count == 5)
            }
            let accepted = Set(report.final.acceptedBy)
            let passes = accepted.count >= 5 && accepted.contains("SportCo") && accepted.contains("DoT")
            #expect(report.final.passes == passes)
            #expect(report.final.unanimous == (accepted.count == 6))
            #expect(report.metrics.finalPass == report.final.passes)
            if report.final.passes { #expect(report.metrics.anyPass) }
            #expect(report.metrics.wrongRate.count == 6)
            #expect(report.metrics.gini.map { $0 >= 0 && $0 < 1 } ?? false)
            #expect(report.metrics.distanceToFrontier != nil, "the base game has 55 passing deals, so a frontier")
        }
    }

    @Test func badRequestsAreUsageErrors() throws {
        let loaded = try LoadedScenario.load(Self.base)
        #expect(throws: UsageError.self) { try Simulate().moderated(loaded, strategies: ["telepathy"]) }
        #expect(throws: UsageError.self) { try Simulate().moderated(loaded, strategies: ["boulware"], proposer: "nobody") }
        #expect(throws: UsageError.self) { try Simulate().moderated(loaded, strategies: ["boulware"], turns: -1) }
    }
}

extension ModeratedSimulationTests {
    /// `--seeds N`: the games are the single games of seeds seed ... seed + N - 1, in order,
    /// whatever the threads did, and the metrics are their counts and means.
    @Test func aSweepOverSeedsIsTheGamesAndTheirMetrics() throws {
        let loaded = try LoadedScenario.load(Self.base)
        let strategies = ["boulware", "conceder", "nash-seeking"]
        let sweep = try Simulate().moderatedSeeds(loaded, strategies: strategies, seed: 7, count: 6)
        #expect(sweep.contract == "parley.moderated-seeds/1")
        #expect(sweep.seeds == [7, 8, 9, 10, 11, 12])
        for (k, game) in sweep.games.enumerated() {
            #expect(game == (try Simulate().moderated(loaded, strategies: strategies, seed: 7 + UInt64(k))))
        }
        let passed = sweep.games.filter(\.metrics.finalPass).count
        #expect(sweep.metrics.finalPass.count == passed && sweep.metrics.finalPass.of == 6)
        #expect(sweep.metrics.finalPass.low <= sweep.metrics.finalPass.share && sweep.metrics.finalPass.share <= sweep.metrics.finalPass.high)
        let ginis = sweep.games.compactMap(\.metrics.gini)
        #expect(abs((sweep.metrics.gini?.mean ?? -1) - ginis.reduce(0, +) / Double(ginis.count)) < 1e-12)
        #expect(sweep.metrics.scores.count == 6)
        let json = try JSONEncoder().encode(sweep)
        #expect(try JSONDecoder().decode(ModeratedSeedsReport.self, from: json) == sweep)
        #expect(throws: UsageError.self) { try Simulate().moderatedSeeds(loaded, strategies: strategies, count: 0) }
    }

    /// The Wilson score interval against values worked by hand (z = 1.96).
    @Test func rateIntervals() {
        let none = ModeratedSeedsReport.Rate(count: 0, of: 10)
        #expect(none.low == 0 && abs(none.high - 0.2775) < 1e-3)
        let half = ModeratedSeedsReport.Rate(count: 10, of: 20)
        #expect(abs(half.low - 0.2993) < 1e-3 && abs(half.high - 0.7007) < 1e-3)
        let all = ModeratedSeedsReport.Rate(count: 5, of: 5)
        #expect(abs(all.low - 0.5655) < 1e-3 && all.high == 1)
    }
}

extension ModeratedSimulationTests {
    /// A moderated tournament's cells are the strategies' seed sweeps, and its standings pool them.
    @Test func aModeratedTournamentPoolsTheSweeps() throws {
        let loaded = try LoadedScenario.load(Self.base)
        let report = try Tournament().moderated([loaded], strategies: ["boulware", "nash-seeking"], repetitions: 4, seed: 3)
        #expect(report.contract == "parley.moderated-tournament/1")
        #expect(report.cells.count == 2)
        for strategy in ["boulware", "nash-seeking"] {
            let sweep = try Simulate().moderatedSeeds(loaded, strategies: [strategy], seed: 3, count: 4)
            let cell = try #require(report.cells.first { $0.strategy == strategy })
            #expect(cell.metrics == sweep.metrics)
            let standing = try #require(report.standings.first { $0.strategy == strategy })
            #expect(standing.finalPass == sweep.metrics.finalPass, "one scenario: the pooled rate is the cell's")
        }
        #expect(report.standings.map(\.finalPass.share) == report.standings.map(\.finalPass.share).sorted(by: >))
        #expect(throws: UsageError.self) { try Tournament().moderated([loaded], strategies: [], repetitions: 1, seed: 1) }
    }
}
