import ParleyAnalysis
import ParleyCore
import ParleyTestSupport
import Testing
@testable import ParleySimulation

/// The live table: people and automated negotiators at one session, moves recorded and replayed.
@Suite struct LiveTableTests {
    /// Random scenarios and strategies, every seat automated: the table gives the negotiation `run` gives.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func anAutomatedTableIsTheSimulation(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed)
        let model = UtilityModel(scenario)
        var random = SeededGenerator(seed: seed &+ 77)
        let strategies = scenario.parties.indices.map { _ in Strategy.allCases.randomElement(using: &random)! }
        let rules = StackedAlternatingOffers(rounds: Int.random(in: 1...40, using: &random))
        func negotiators() -> [any Negotiator] {
            strategies.enumerated().map { p, strategy in strategy.negotiator(space: model.space, seed: seed &+ UInt64(p)) }
        }
        let expected = rules.run(model, negotiators: negotiators())
        var table = LiveTable(rules: rules, model: model, agents: Dictionary(uniqueKeysWithValues: negotiators().enumerated().map { ($0, $1) }))
        while table.automatedToMove { #expect(!table.moveAutomated().isEmpty) }
        #expect(table.session.result == expected)
    }

    /// A person in seat 0 plays random legal and illegal actions against automated seats; an illegal
    /// action changes nothing, and replaying the recorded moves rebuilds the same table, automated
    /// negotiators included (the rest of the negotiation goes the same way).
    @Test(arguments: [UInt64(11), 12, 13, 14, 15, 16])
    func illegalActionsChangeNothingAndReplayRebuildsTheTable(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed)
        let model = UtilityModel(scenario)
        let space = model.space
        let rules = StackedAlternatingOffers(rounds: 12)
        var random = SeededGenerator(seed: seed)
        let parties = model.partyCount
        let strategies = (0..<parties).map { _ in Strategy.allCases.randomElement(using: &random)! }
        func agents() -> [Int: any Negotiator] {
            Dictionary(uniqueKeysWithValues: (1..<parties).map { ($0, strategies[$0].negotiator(space: space, seed: seed &+ UInt64($0))) })
        }
        var table = LiveTable(rules: rules, model: model, agents: agents())
        let packages = table.session.packageCount
        var steps = 0
        while !table.session.isOver, steps < 200 {
            steps += 1
            if table.automatedToMove { table.moveAutomated(); continue }
            let before = table.session.events, moves = table.moves, turn = table.session.turn
            let party = Int.random(in: 0..<parties, using: &random)
            let action: NegotiationAction = switch Int.random(in: 0..<10, using: &random) {
            case 0: .walkAway
            case 1...3: .accept
            default: .offer(package: Int.random(in: -1...packages, using: &random))
            }
            do {
                try table.act(action, by: party)
            } catch {
                #expect(table.session.events == before)
                #expect(table.moves == moves)
                #expect(table.session.turn == turn)
            }
            // Halfway, an automated negotiator takes over a seat and later a person takes it back.
            if steps == 6, parties > 2 { table.changeSeat(1, to: .conceder, seed: 9, space: space) }
            if steps == 9, parties > 2 { table.changeSeat(1, to: nil, seed: 0, space: space) }
        }
        var rebuilt = LiveTable(rules: rules, model: model, agents: agents())
        try rebuilt.replay(table.moves, space: space)
        #expect(rebuilt.session.events == table.session.events)
        #expect(rebuilt.session.result == table.session.result)
        #expect(rebuilt.moves == table.moves)
    }

    /// A table rebuilt mid-way goes on exactly as the original does.
    @Test func aReplayedTableContinuesAsTheOriginal() throws {
        let scenario = RandomScenario.make(seed: 5)
        let model = UtilityModel(scenario)
        let rules = StackedAlternatingOffers(rounds: 30)
        func agents() -> [Int: any Negotiator] {
            Dictionary(uniqueKeysWithValues: (0..<model.partyCount).map { ($0, Strategy.allCases[$0 % Strategy.allCases.count].negotiator(space: model.space, seed: 3)) })
        }
        var original = LiveTable(rules: rules, model: model, agents: agents())
        for _ in 0..<3 { original.moveAutomated() }
        var resumed = LiveTable(rules: rules, model: model, agents: agents())
        try resumed.replay(original.moves, space: model.space)
        while original.automatedToMove { original.moveAutomated(); resumed.moveAutomated() }
        #expect(resumed.session.events == original.session.events)
        #expect(resumed.session.isOver)
    }

    /// The time limit ends a live table even before anybody opened (the session's own clock
    /// starts with the opening offer), and the ending replays.
    @Test func theTimeLimitEndsATableNobodyOpened() throws {
        let model = UtilityModel(RandomScenario.make(seed: 3))
        var table = LiveTable(rules: StackedAlternatingOffers(rounds: 10, timeLimit: 2), model: model, agents: [:])
        #expect(table.updateClock(elapsed: .seconds(1)).isEmpty)
        #expect(table.updateClock(elapsed: .seconds(2)) == [.deadlineReached(round: 0, time: 1)])
        #expect(table.session.isOver)
        var replayed = LiveTable(rules: StackedAlternatingOffers(rounds: 10, timeLimit: 2), model: model, agents: [:])
        try replayed.replay(table.moves, space: model.space)
        #expect(replayed.session.events == table.session.events)
    }

    /// A skipped move keeps the offer and its acceptances; the proposer whose offer comes back to
    /// it may not accept it; a skip replays.
    @Test func aSkippedMoveKeepsTheOfferAndItsAcceptances() throws {
        let model = UtilityModel(RandomScenario.make(seed: 21, parties: 3...3))
        var table = LiveTable(rules: StackedAlternatingOffers(rounds: 4), model: model, agents: [:])
        try table.act(.offer(package: 0), by: 0)
        try table.act(.accept, by: 1)
        #expect(try table.skip(2) == [.skipped(party: 2, round: 0, time: table.session.time)])
        #expect(table.session.offer == 0)
        #expect(table.session.acceptedBy == [1])
        #expect(table.session.partyToMove == 0)
        #expect(table.session.legalActions == [.offer, .walkAway])
        #expect(throws: NegotiationSession.Error.ownOffer) { try table.act(.accept, by: 0) }
        #expect(throws: NegotiationSession.Error.notYourTurn(party: 1, expected: 0)) { try table.skip(1) }
        try table.act(.offer(package: 1), by: 0)
        var replayed = LiveTable(rules: StackedAlternatingOffers(rounds: 4), model: model, agents: [:])
        try replayed.replay(table.moves, space: model.space)
        #expect(replayed.session.events == table.session.events)
    }
}
