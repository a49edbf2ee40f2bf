import Foundation
import ParleyKit
import ParleySimulation
import Testing

/// A moderated session in the workspace: its setup, a person's moves among automated seats, what
/// each viewer sees, the clock, and a resumed session.
@Suite struct ModeratedSessionTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func loaded() throws -> LoadedScenario { try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml") }

    /// The founding case, moderated, with Ukraine (party 1) a person and the others classic strategies.
    static func session(_ extra: [String: Any] = [:]) throws -> LiveSession {
        var body: [String: Any] = ["scenario": "ukraine", "version": 1, "protocol": "moderated", "turns": 8, "seed": 3,
                                   "seats": ["UA": ["person": true], "RU": ["strategy": "hardliner"]] as [String: Any]]
        for (key, value) in extra { body[key] = value }
        let loaded = try loaded()
        return try LiveSession(id: "m", setup: try SessionSetup.read(body, scenario: loaded.scenario, now: start), loaded: loaded)
    }

    static func best(_ view: SessionView) throws -> [String: String] {
        let points = try #require(view.you?.points)
        return points.mapValues { options in options.max { $0.value < $1.value }?.key ?? "" }
    }

    @Test func theSetupOfAModeratedSessionAndEveryProblemAtOnce() throws {
        let scenario = try Self.loaded().scenario
        let setup = try SessionSetup.read(["protocol": "moderated", "seats": [:] as [String: Any]], scenario: scenario)
        #expect(setup.isModerated)
        #expect(setup.proposer == "RU", "without a p1 role the first party proposes")
        #expect(setup.onTimeout == .skip)
        #expect(setup.turns == nil)
        #expect(try SessionSetup.read(["protocol": "moderated", "proposer": "mediator"], scenario: scenario).proposer == "mediator")
        let error = #expect(throws: SessionProblems.self) {
            try SessionSetup.read(["protocol": "moderated", "turns": 5_000, "proposer": "XX", "onTimeout": "walkAway",
                                   "seats": ["UA": ["agent": "python3 a.py"]] as [String: Any]], scenario: scenario, allowCommands: true)
        }
        #expect(Set(error?.problems.map(\.field) ?? []) == ["turns", "proposer", "onTimeout", "seats.UA.agent"])
        let saop = #expect(throws: SessionProblems.self) { try SessionSetup.read(["turns": 4, "proposer": "RU"], scenario: scenario) }
        #expect(saop?.problems.map(\.field) == ["turns", "proposer"], "turns and proposer belong to a moderated session")
    }

    /// The automated seats speak until Ukraine's turn; Ukraine passes, puts a deal, is refused out
    /// of turn and for a pass where a deal is required; the session ends with the proposer's final
    /// proposal, scored against the rule; Ukraine's view never holds another party's utilities.
    @Test func aPersonAtAModeratedTable() throws {
        var session = try Self.session()
        session.runAutomated(now: Self.start)
        var view = session.view(for: .party(1))
        #expect(view.protocol == "moderated")
        #expect(view.phase == "discussion")
        #expect(view.proposer == "RU")
        #expect(view.yourTurn == true)
        #expect(view.legalActions == ["offer", "pass"])
        #expect(view.offeredBy != nil, "the opening deal is on the table")
        #expect(view.utilities == nil && view.reservations == nil)
        #expect(throws: SessionActionError.self) { try session.act(["action": "pass"], by: 0) }
        let bad = #expect(throws: SessionActionError.self) {
            try session.act(["action": "offer", "package": ["nato": "maybe"], "colour": 1], by: 1)
        }
        if case .invalid(let problems) = bad { #expect(problems.problems.count >= 3, "every problem at once: \(problems)") } else { Issue.record("not invalid: \(String(describing: bad))") }
        _ = try session.act(["action": "pass", "message": "We listen."], by: 1)
        var rounds = 0
        while !session.isOver, rounds < 50 {
            rounds += 1
            session.runAutomated(now: Self.start)
            guard !session.isOver else { break }
            view = session.view(for: .party(1))
            #expect(view.yourTurn == true)
            _ = try session.act(["action": "offer", "package": try Self.best(view), "message": "Our terms."], by: 1)
        }
        #expect(session.isOver)
        let analyst = session.view(for: .analyst)
        let outcome = try #require(analyst.outcome)
        #expect(outcome.finalDeal != nil)
        #expect(["passed", "failed"].contains(outcome.ending))
        #expect(analyst.events.first?.kind == "opening")
        #expect(analyst.events.last?.kind == "final")
        #expect(analyst.events.contains { $0.party == "UA" && $0.message == "We listen." && $0.package == nil })
        let mine = session.view(for: .party(1))
        #expect(mine.outcome?.payoffs == nil)
        #expect(mine.events.allSatisfy { $0.utilities == nil && $0.actor == nil && $0.record == nil })
        // The log rebuilds the same session.
        let resumed = try LiveSession.resume(id: "m", setup: session.setup, loaded: try Self.loaded(), entries: session.entries)
        #expect(try LiveSession.json(resumed.view(for: .analyst)) == LiveSession.json(analyst))
        // A replay of the first three entries shows the session as it stood.
        let early = try session.replayed(upTo: 3)
        #expect(early.view(for: .analyst).events.count == 3)
        #expect(!early.isOver)
    }

    @Test func thePersonProposesAndMustPutADealOnTheTable() throws {
        var session = try Self.session(["proposer": "UA"])
        #expect(session.partyToMove == 1)
        #expect(session.view(for: .party(1)).legalActions == ["offer"])
        let refused = #expect(throws: SessionActionError.self) { try session.act(["action": "pass"], by: 1) }
        if case .invalid(let problems) = refused { #expect(problems.problems.first?.field == "action") } else { Issue.record("not invalid") }
        _ = try session.act(["action": "offer", "package": try Self.best(session.view(for: .party(1)))], by: 1)
        #expect(session.view(for: .analyst).events.first?.kind == "opening")
    }

    @Test(arguments: [SessionSetup.TimeoutPolicy.skip, .agent])
    func aPersonWhoseTimeRunsOut(policy: SessionSetup.TimeoutPolicy) throws {
        var session = try Self.session(["moveSeconds": 30, "onTimeout": policy.rawValue, "proposer": "UA"])
        let deadline = try #require(session.moveDeadline())
        #expect(session.checkClock(now: deadline.addingTimeInterval(-1)).isEmpty)
        let entries = session.checkClock(now: deadline)
        #expect(entries.first?.actor == "timeout")
        let opening = try #require(session.view(for: .analyst).events.first)
        #expect(opening.kind == "opening")
        #expect(opening.package != nil, "the opening needs a deal: one stands in")
        let resumed = try LiveSession.resume(id: "m", setup: session.setup, loaded: try Self.loaded(), entries: session.entries)
        #expect(try LiveSession.json(resumed.view(for: .analyst)) == LiveSession.json(session.view(for: .analyst)))
    }

    @Test func theSessionsTimeLimitEndsItWithoutAFinalProposal() throws {
        var session = try Self.session(["minutes": 1])
        session.runAutomated(now: Self.start)
        _ = session.checkClock(now: Self.start.addingTimeInterval(60))
        #expect(session.isOver)
        let view = session.view(for: .party(1))
        #expect(view.outcome?.ending == "deadline")
        #expect(view.outcome?.finalDeal == nil)
        #expect(view.events.last?.kind == "deadline")
    }

    @Test func theMediatorOpensAndProposesAndAPersonCanBeReplacedByAnAgent() throws {
        var session = try Self.session(["proposer": "mediator"])
        session.runAutomated(now: Self.start)
        #expect(session.view(for: .analyst).events.first?.party == "mediator")
        session.changeSeat(1, to: .conceder, now: Self.start)
        session.runAutomated(now: Self.start)
        #expect(session.isOver)
        let events = session.view(for: .analyst).events
        #expect(events.last?.party == "mediator")
        #expect(events.contains { $0.kind == "seat" && $0.party == "UA" && $0.actor == "conceder" })
        let resumed = try LiveSession.resume(id: "m", setup: session.setup, loaded: try Self.loaded(), entries: session.entries)
        #expect(try LiveSession.json(resumed.view(for: .analyst)) == LiveSession.json(session.view(for: .analyst)))
    }
}
