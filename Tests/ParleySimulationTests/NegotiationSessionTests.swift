import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyFormats
import ParleyTestSupport
import Testing
@testable import ParleySimulation

/// The step-driven engine: actions checked against the protocol, events, deadlines, and the same
/// negotiation as ``StackedAlternatingOffers/run(_:negotiators:)`` when stepped by hand.
@Suite struct NegotiationSessionTests {
    /// The split of 0..100 in steps of 10 (11 packages), two parties.
    static func session(rounds: Int = 5, timeLimit: Double? = nil, discounts: [Double?] = []) throws -> NegotiationSession {
        NegotiationSession(rules: StackedAlternatingOffers(rounds: rounds, timeLimit: timeLimit, discounts: discounts),
                           model: try ProtocolTests.model())
    }

    @Test func aSessionOpensWithAnOfferAndEndsWhenTheOthersAccept() throws {
        var session = try Self.session()
        #expect(session.partyToMove == 0)
        #expect(session.legalActions == [.offer, .walkAway])
        #expect(try session.apply(.offer(package: 7), by: 0) == [.offered(party: 0, package: 7, round: 0, time: 0)])
        #expect(session.offer == 7)
        #expect(session.partyToMove == 1)
        #expect(session.legalActions == [.accept, .offer, .walkAway])
        let time = session.time(elapsed: .zero)
        #expect(time == 1.0 / 9)   // turn 1 of 2 × 5 − 1
        #expect(try session.apply(.accept, by: 1) == [.accepted(party: 1, package: 7, round: 0, time: time),
                                                         .agreementReached(package: 7, round: 0, time: time)])
        #expect(session.isOver)
        #expect(session.partyToMove == nil)
        #expect(session.legalActions.isEmpty)
        let result = try #require(session.result)
        #expect(result.agreement == 7)
        #expect(result.rounds == 1)
        #expect(result.payoffs.map { ($0 * 10).rounded() / 10 } == [0.7, 0.3])
        #expect(result.trace.map(\.action) == [.offer, .accept])
    }

    @Test func illegalActionsAreRefusedAndChangeNothing() throws {
        var session = try Self.session()
        let fresh = session.events
        #expect(throws: NegotiationSession.Error.notYourTurn(party: 1, expected: 0)) { try session.apply(.offer(package: 1), by: 1) }
        #expect(throws: NegotiationSession.Error.nothingToAccept) { try session.apply(.accept, by: 0) }
        #expect(throws: NegotiationSession.Error.invalidPackage(11)) { try session.apply(.offer(package: 11), by: 0) }
        #expect(throws: NegotiationSession.Error.invalidPackage(-1)) { try session.apply(.offer(package: -1), by: 0) }
        #expect(session.events == fresh && session.turn == 0 && session.offer == nil)
        try session.apply(.offer(package: 3), by: 0)
        #expect(throws: NegotiationSession.Error.notYourTurn(party: 0, expected: 1)) { try session.apply(.accept, by: 0) }
        #expect(throws: NegotiationSession.Error.invalidPackage(42)) { try session.apply(.offer(package: 42), by: 1) }
        #expect(session.offer == 3 && session.events.count == 1)
        try session.apply(.walkAway, by: 1)
        #expect(throws: NegotiationSession.Error.negotiationOver) { try session.apply(.offer(package: 2), by: 0) }
        #expect(throws: NegotiationSession.Error.negotiationOver) { try session.apply(.accept, by: 0) }
    }

    /// Acceptances count only for the offer on the table: a counter-offer starts them again.
    @Test func aCounterOfferClearsTheAcceptances() throws {
        let yaml = ProtocolTests.yaml.replacingOccurrences(of: "parties: [{id: A}, {id: B}]", with: "parties: [{id: A}, {id: B}, {id: C}]")
            + "\n  C: {reservation: 0, issues: {share: {weight: 1, ideal: 50}}}\n"
        let model = UtilityModel(try ScenarioReader.read(yaml, file: "three.yaml").scenario)
        var session = NegotiationSession(rules: StackedAlternatingOffers(rounds: 10), model: model)
        try session.apply(.offer(package: 5), by: 0)
        try session.apply(.accept, by: 1)
        #expect(session.acceptedBy == [1])
        try session.apply(.offer(package: 6), by: 2)
        #expect(session.acceptedBy.isEmpty)
        try session.apply(.accept, by: 0)
        #expect(!session.isOver)
        let events = try session.apply(.accept, by: 1)
        #expect(events.last == .agreementReached(package: 6, round: 1, time: session.time))
        #expect(session.result?.agreement == 6)
        #expect(session.result?.rounds == 2)
    }

    @Test func walkingAwayEndsWithoutAgreement() throws {
        var session = try Self.session(discounts: [0.5, nil])
        try session.apply(.offer(package: 8), by: 0)
        let time = session.time(elapsed: .zero)
        #expect(try session.apply(.walkAway, by: 1) == [.walkedAway(party: 1, package: 8, round: 0, time: time)])
        let result = try #require(session.result)
        #expect(result.agreement == nil)
        #expect(result.walkedAway == 1)
        #expect(result.payoffs == [0.2 * pow(0.5, time), 0.2])
        #expect(result.trace.last?.action == .walkAway)
        #expect(result.trace.last?.package == 8)
        // Before the opening offer there is no package on the table.
        var early = try Self.session()
        #expect(try early.apply(.walkAway, by: 0) == [.walkedAway(party: 0, package: nil, round: 0, time: 0)])
        #expect(early.result?.walkedAway == 0)
        #expect(early.result?.trace.map(\.package) == [nil])
    }

    @Test func theDeadlineInRoundsEndsTheSession() throws {
        var session = try Self.session(rounds: 2)
        try session.apply(.offer(package: 10), by: 0)
        try session.apply(.offer(package: 0), by: 1)
        try session.apply(.offer(package: 10), by: 0)
        let events = try session.apply(.offer(package: 0), by: 1)
        #expect(events == [.offered(party: 1, package: 0, round: 1, time: 1), .deadlineReached(round: 2, time: 1)])
        let result = try #require(session.result)
        #expect(result.agreement == nil && result.walkedAway == nil)
        #expect(result.rounds == 2 && result.time == 1)
        #expect(result.payoffs == [0.2, 0.2])
        #expect(throws: NegotiationSession.Error.negotiationOver) { try session.apply(.accept, by: 0) }
    }

    /// The session takes the clock as an input: time is the larger of the turn's fraction and the
    /// elapsed fraction of the limit, and past the limit an action is refused until the clock is
    /// updated, which ends the session.
    @Test func theWallClockDeadlineIsAnInput() throws {
        var session = try Self.session(rounds: 1000, timeLimit: 10)
        try session.apply(.offer(package: 4), by: 0, elapsed: .seconds(30))   // the opening offer is at time 0, whenever it comes
        #expect(session.time == 0)
        #expect(session.time(elapsed: .seconds(5)) == 0.5)
        #expect(!session.deadlinePassed(elapsed: .seconds(9)))
        let events = try session.apply(.offer(package: 6), by: 1, elapsed: .seconds(2))
        #expect(events == [.offered(party: 1, package: 6, round: 0, time: 0.2)])
        #expect(session.updateClock(elapsed: .seconds(9)).isEmpty)
        #expect(session.deadlinePassed(elapsed: .seconds(10)))
        #expect(throws: NegotiationSession.Error.deadlinePassed) { try session.apply(.accept, by: 0, elapsed: .seconds(11)) }
        #expect(!session.isOver)
        #expect(session.updateClock(elapsed: .seconds(11)) == [.deadlineReached(round: 1, time: 1)])
        let result = try #require(session.result)
        #expect(result.agreement == nil && result.rounds == 1 && result.time == 1)
        #expect(throws: NegotiationSession.Error.negotiationOver) { try session.apply(.accept, by: 0, elapsed: .seconds(11)) }
    }

    @Test func theEventLogRoundTripsThroughJSON() throws {
        var session = try Self.session()
        try session.apply(.offer(package: 7), by: 0)
        try session.apply(.offer(package: 3), by: 1)
        try session.apply(.accept, by: 0)
        var early = try Self.session()
        try early.apply(.walkAway, by: 0)
        let log = session.events + early.events + [.deadlineReached(round: 5, time: 1)]
        let decoded = try JSONDecoder().decode([NegotiationEvent].self, from: JSONEncoder().encode(log))
        #expect(decoded == log)
        #expect(log.map(\.isEnding) == [false, false, false, true, true, true])
        #expect(log.map(\.party) == [0, 1, 0, nil, 0, nil])
    }

    /// A session stepped by hand with the same negotiators gives the same negotiation as `run`:
    /// random scenarios, every pair of strategies drawn from the catalogue, random deadlines.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    func steppingByHandGivesTheSameNegotiationAsRun(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed)
        let model = UtilityModel(scenario)
        var random = SeededGenerator(seed: seed &+ 1000)
        let strategies = scenario.parties.indices.map { _ in Strategy.allCases.randomElement(using: &random)! }
        let rules = StackedAlternatingOffers(rounds: Int.random(in: 1...60, using: &random),
                                             discounts: scenario.parties.map { _ in Bool.random(using: &random) ? 0.9 : nil })
        func negotiators() -> [any Negotiator] {
            strategies.enumerated().map { p, strategy in strategy.negotiator(space: model.space, seed: seed &+ UInt64(p)) }
        }
        let expected = rules.run(model, negotiators: negotiators())

        var session = NegotiationSession(rules: rules, model: model)
        var agents = negotiators()
        for p in agents.indices { agents[p].start(session.context(for: p)) }
        var log: [NegotiationEvent] = []
        while let party = session.partyToMove {
            let action = agents[party].act(on: session.offer, time: session.time(elapsed: .zero))
            #expect(session.legalActions.contains(action.kind))
            let events = try session.apply(action, by: party)
            log += events
            for event in events {
                switch event {
                case .offered(let actor, let package, _, let time):
                    for other in agents.indices where other != actor { agents[other].observe(party: actor, action: .offer, package: package, time: time) }
                case .accepted(let actor, let package, _, let time):
                    for other in agents.indices where other != actor { agents[other].observe(party: actor, action: .accept, package: package, time: time) }
                default: break
                }
            }
        }
        #expect(log == session.events)
        #expect(session.result == expected, "\(strategies) over \(rules.rounds) rounds")
        #expect(log.filter(\.isEnding).count == 1)
    }
}
