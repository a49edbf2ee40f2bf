import ParleyAnalysis
import ParleyCore
import ParleyTestSupport
import Testing
@testable import ParleySimulation

/// The moderated table: people and automated seats at one moderated session, moves recorded and replayed.
@Suite struct ModeratedTableTests {
    static func seats(_ strategies: [Strategy], model: UtilityModel, seed: UInt64, people: Set<Int>) -> [Int: any ModeratedSeat] {
        var seats: [Int: any ModeratedSeat] = [:]
        for (p, strategy) in strategies.enumerated() where !people.contains(p) {
            seats[p] = ClassicModeratedSeat(strategy.negotiator(space: model.space, seed: seed &+ UInt64(p)))
        }
        return seats
    }

    /// Seeded property test: people in some seats put random deals (or none, or an illegal one,
    /// or speak out of turn) against classic strategies and the mediator. A refused move changes
    /// nothing; replaying any prefix of the recorded moves rebuilds a table whose automated seats
    /// then make the same next move as the original; the whole replay gives the same result.
    @Test(arguments: Array(UInt64(1)...12))
    func peopleAndSeatsReplayToTheSameTable(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed)
        let model = UtilityModel(scenario)
        var random = SeededGenerator(seed: seed &+ 5)
        let parties = model.partyCount
        let strategies = (0..<parties).map { _ in Strategy.allCases.randomElement(using: &random)! }
        let people = Set((0..<parties).filter { _ in Bool.random(using: &random) })
        let proposer: Int? = Bool.random(using: &random) ? Int.random(in: 0..<parties, using: &random) : nil
        let rules = ModeratedProtocol(turns: Int.random(in: 0...12, using: &random), seed: seed, proposer: proposer)
        let packages = model.space.count ?? 1
        func table() -> ModeratedTable { ModeratedTable(rules: rules, model: model, seats: Self.seats(strategies, model: model, seed: seed, people: people)) }
        var played = table()
        while !played.session.isOver {
            if played.automatedToMove {
                #expect(played.moveAutomated() != nil)
                continue
            }
            let party = try #require(played.session.speaker)
            let before = played.session.transcript
            // Out of turn, and a deal outside the space: refused, nothing changes.
            let other = (party + 1) % parties
            #expect(throws: ModeratedSession.Error.self) { try played.act(ModeratedMove(message: "me first", deal: 0), by: other) }
            #expect(throws: ModeratedSession.Error.invalidDeal(packages)) { try played.act(ModeratedMove(message: "", deal: packages), by: party) }
            #expect(played.session.transcript == before)
            let required = played.session.phase != .discussion
            let deal: Int? = required || Bool.random(using: &random) ? Int.random(in: 0..<packages, using: &random) : nil
            try played.act(ModeratedMove(message: "turn \(before.count)", deal: deal), by: party)
        }
        let moves = played.moves
        var rebuilt = table()
        try rebuilt.replay(moves)
        #expect(rebuilt.session.transcript == played.session.transcript)
        #expect(rebuilt.result == played.result)
        for k in moves.indices {
            var partial = table()
            try partial.replay(Array(moves[..<k]))
            guard partial.automatedToMove else { continue }
            partial.moveAutomated()
            #expect(partial.moves.last == moves[k], "the automated move after \(k) replayed moves differs")
        }
    }

    @Test func theOpeningAndTheFinalProposalNeedADealAndAStopEndsWithoutOne() throws {
        let model = UtilityModel(RandomScenario.make(seed: 3))
        var table = ModeratedTable(rules: ModeratedProtocol(turns: 4, seed: 2, proposer: 0), model: model, seats: [:])
        #expect(!table.automatedToMove, "every seat is a person's")
        #expect(throws: ModeratedSession.Error.dealRequired) { try table.act(ModeratedMove(message: "hello", deal: nil), by: 0) }
        try table.act(ModeratedMove(message: "open", deal: 1), by: 0)
        let speaker = try #require(table.session.speaker)
        try table.act(ModeratedMove(message: "no deal from me", deal: nil), by: speaker)
        table.stop()
        #expect(table.session.isOver)
        #expect(table.final == nil)
        #expect(table.moves.last == .stop)
        var rebuilt = ModeratedTable(rules: table.session.rules, model: model, seats: [:])
        try rebuilt.replay(table.moves)
        #expect(rebuilt.session.isOver && rebuilt.session.stopped)
        #expect(!rebuilt.result.finalPasses)
    }

    /// An automated seat that takes over a person's seat speaks from then on; the change is a move
    /// and replays.
    @Test func aSeatChangeIsRecordedAndReplayed() throws {
        let model = UtilityModel(RandomScenario.make(seed: 8, parties: 3...3))
        let rules = ModeratedProtocol(turns: 6, seed: 4, proposer: nil)
        var table = ModeratedTable(rules: rules, model: model, seats: [:])
        #expect(table.automatedToMove, "the mediator opens")
        table.moveAutomated()
        for p in 0..<3 { table.changeSeat(p, to: .boulware, seed: 1) }
        while table.moveAutomated() != nil {}
        #expect(table.session.isOver)
        #expect(table.final != nil)
        var rebuilt = ModeratedTable(rules: rules, model: model, seats: [:])
        try rebuilt.replay(table.moves)
        #expect(rebuilt.session.transcript == table.session.transcript)
    }
}
