import ParleyAnalysis
import ParleyCore
import ParleyTestSupport
import Testing
@testable import ParleySimulation

/// The moderated protocol: its speaking order, its session's rules, its metrics.
@Suite struct ModeratedProtocolTests {
    /// Seeded property test: every cycle holds each party once, the proposer is never last in a
    /// cycle, nobody speaks twice in a row, the budget is met, and the order is the seed's.
    @Test(arguments: Array(UInt64(1)...40))
    func theSpeakingOrderKeepsItsRules(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let parties = Int.random(in: 2...8, using: &random)
        let proposer: Int? = Bool.random(using: &random) ? Int.random(in: 0..<parties, using: &random) : nil
        let turns: Int? = Bool.random(using: &random) ? Int.random(in: 1...50, using: &random) : nil
        let rules = ModeratedProtocol(turns: turns, seed: seed, proposer: proposer)
        let order = rules.schedule(parties: parties)
        #expect(order.count == (turns ?? 4 * parties))
        #expect(order == rules.schedule(parties: parties), "the same seed gives the same order")
        for (a, b) in zip(order, order.dropFirst()) { #expect(a != b, "someone spoke twice in a row: \(order)") }
        for start in stride(from: 0, to: order.count, by: parties) {
            let cycle = Array(order[start..<min(order.count, start + parties)])
            #expect(Set(cycle).count == cycle.count)
            if cycle.count == parties {
                #expect(Set(cycle) == Set(0..<parties))
                if let proposer { #expect(cycle.last != proposer, "the proposer ended a cycle: \(order)") }
            }
        }
    }

    @Test func differentSeedsGiveDifferentOrders() {
        let orders = Set((1...10).map { ModeratedProtocol(seed: $0, proposer: 0).schedule(parties: 6) })
        #expect(orders.count > 5)
    }

    @Test func theSessionRefusesMovesOutOfTurnAndChangesNothing() throws {
        var session = ModeratedSession(rules: ModeratedProtocol(turns: 3, seed: 1, proposer: 1), parties: 3, packageCount: 10)
        #expect(session.phase == .opening)
        #expect(session.speaker == 1)
        #expect(throws: ModeratedSession.Error.dealRequired) { try session.apply(ModeratedMove(message: "hello", deal: nil), by: 1) }
        #expect(throws: ModeratedSession.Error.notYourTurn(party: 0, expected: 1)) { try session.apply(ModeratedMove(message: "", deal: 1), by: 0) }
        #expect(throws: ModeratedSession.Error.invalidDeal(10)) { try session.apply(ModeratedMove(message: "", deal: 10), by: 1) }
        #expect(session.transcript.isEmpty)
        try session.apply(ModeratedMove(message: "open", deal: 2), by: 1)
        for party in session.schedule {
            #expect(session.speaker == party)
            try session.apply(ModeratedMove(message: "talk", deal: nil), by: party)   // a turn may put no deal
        }
        #expect(session.phase == .final)
        #expect(session.speaker == 1)
        try session.apply(ModeratedMove(message: "final", deal: 7), by: 1)
        #expect(session.isOver)
        #expect(session.finalDeal == 7)
        #expect(throws: ModeratedSession.Error.over) { try session.apply(ModeratedMove(message: "", deal: 1), by: 1) }
        #expect(session.transcript.map(\.phase) == [.opening, .discussion, .discussion, .discussion, .final])
    }

    @Test func theGiniCoefficient() {
        #expect(ModeratedResult.gini([1, 1, 1]) == 0)
        #expect(abs(ModeratedResult.gini([0, 0, 0, 1])! - 0.75) < 1e-12)
        #expect(ModeratedResult.gini([0, 0]) == nil)
    }

    /// Random scenarios and strategies: the metrics agree with the transcript (a final deal that
    /// passes means some deal passed; the wrong rate counts the party's own deals it rejects).
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func theMetricsAgreeWithTheTranscript(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed, parties: 3...5)
        let model = UtilityModel(scenario)
        let negotiators = (0..<model.partyCount).map { Strategy.allCases[($0 + Int(seed)) % Strategy.allCases.count].negotiator(space: model.space, seed: seed) }
        let result = ModeratedProtocol(seed: seed, proposer: 0).run(model, negotiators: negotiators)
        #expect(result.transcript.count == result.schedule.count + 2)
        #expect(result.final != nil)
        if result.finalPasses { #expect(result.anyPass) }
        if result.finalUnanimous { #expect(result.finalPasses) }
        let tables = NegotiationTables(model)
        for p in 0..<model.partyCount {
            let own = result.transcript.filter { $0.party == p }.compactMap(\.move.deal)
            let rejected = own.filter { tables.forbidden[p][$0] || !Acceptance.meetsReservation(utility: tables.utilities[p][$0], reservation: model.reservations[p]) }
            #expect(result.wrongRate[p] == (own.isEmpty ? nil : Double(rejected.count) / Double(own.count)))
        }
        // The mediator plays the same scenario without being a party.
        let mediated = ModeratedProtocol(seed: seed, proposer: nil).run(model, negotiators: negotiators)
        #expect(mediated.transcript.first?.party == nil)
        #expect(mediated.transcript.last?.party == nil)
    }
}
