import Foundation
import ParleyKit
import ParleySimulation
import Testing

/// A workspace session's clock: each timeout policy, the session's own deadline, and that a
/// resumed session has the same log and state.
@Suite struct LiveSessionClockTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// The founding case with Ukraine (party 1) and Russia (party 0) as people, the others agents.
    static func session(_ extra: [String: Any] = [:]) throws -> LiveSession {
        let loaded = try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml")
        var body: [String: Any] = ["scenario": "ukraine", "version": 1, "rounds": 6, "moveSeconds": 30,
                                   "seats": ["RU": ["person": true], "UA": ["person": true]] as [String: Any]]
        for (key, value) in extra { body[key] = value }
        return try LiveSession(id: "s", setup: try SessionSetup.read(body, scenario: loaded.scenario, now: start), loaded: loaded)
    }

    /// RU opens at once with its best package.
    static func opened(_ session: inout LiveSession) throws {
        let view = session.view(for: .party(0))
        let best = view.you!.points.mapValues { $0.max { $0.value < $1.value }!.key }
        _ = try session.act(["action": "offer", "package": best], by: 0, now: start.addingTimeInterval(1))
    }

    @Test(arguments: SessionSetup.TimeoutPolicy.allCases)
    func aPersonWhoseTimeRunsOut(policy: SessionSetup.TimeoutPolicy) throws {
        var session = try Self.session(["onTimeout": policy.rawValue])
        try Self.opened(&session)
        let deadline = try #require(session.moveDeadline())
        #expect(deadline == Self.start.addingTimeInterval(31))
        #expect(session.checkClock(now: deadline.addingTimeInterval(-1)).isEmpty, "nothing happens before the time is up")
        let entries = session.checkClock(now: deadline)
        let kinds = session.events(after: 1, for: .analyst).map(\.kind)
        switch policy {
        case .walkAway:
            #expect(kinds == ["walkAway"])
            #expect(session.isOver)
            #expect(entries.first?.actor == "timeout")
        case .skip:
            #expect(kinds == ["skip"])
            #expect(session.view(for: .analyst).turn == "US")
            #expect(session.view(for: .analyst).offer != nil, "the offer stays on the table")
        case .agent:
            // An agent takes the seat, makes the one move, and gives the seat back.
            #expect(kinds.first == "seat")
            #expect(kinds.last == "seat")
            #expect(kinds.dropFirst().first.map { ["offer", "accept", "walkAway"].contains($0) } == true)
            #expect(session.isPerson(1))
        }
        // The log rebuilds the same session.
        let loaded = try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml")
        let resumed = try LiveSession.resume(id: "s", setup: session.setup, loaded: loaded, entries: session.entries)
        #expect(try LiveSession.json(resumed.view(for: .analyst)) == LiveSession.json(session.view(for: .analyst)))
    }

    @Test func theSessionsTimeLimitEndsIt() throws {
        var session = try Self.session(["minutes": 1])
        #expect(session.nextDeadline() == Self.start.addingTimeInterval(30), "the first person's move time comes first")
        try Self.opened(&session)
        _ = session.checkClock(now: Self.start.addingTimeInterval(60))
        #expect(session.isOver)
        #expect(session.view(for: .party(1)).outcome?.ending == "deadline")
        #expect(session.nextDeadline() == nil)
    }

    @Test func aMessageAndAnActionTravelTogetherAndTooLongAMessageIsRefused() throws {
        var session = try Self.session()
        try Self.opened(&session)
        #expect(throws: SessionActionError.self) {
            try session.act(["action": "accept", "message": String(repeating: "x", count: LiveSession.maxMessage + 1)], by: 1)
        }
        _ = try session.act(["action": "accept", "message": "We can live with this."], by: 1)
        #expect(session.events(after: 0, for: .party(0)).last?.message == "We can live with this.")
    }
}
