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
