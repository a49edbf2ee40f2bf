import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyKit
import ParleyServer
import ParleyStore
import Testing

/// Negotiation sessions through the API without sockets: what each seat may see and do, every
/// refusal, a negotiation played to its end, the export.
@Suite struct SessionRouteTests {
    typealias R = RouterTests

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    struct Created {
        var id: String
        var tokens: [String: String]
    }

    static func create(_ client: some TestClientProtocol, _ body: String) async throws -> Created {
        let response = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: R.bearer, body: ByteBuffer(string: body))
        #expect(response.status == .created, "\(R.text(response.body))")
        let object = json(R.text(response.body))
        let seats = object["seats"] as? [String: [String: String]] ?? [:]
        return Created(id: object["id"] as? String ?? "", tokens: seats.mapValues { $0["token"] ?? "" })
    }

    static func seat(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static let twoPeople = """
        {"scenario": "ukraine-2024-11", "version": 1, "rounds": 6,
         "seats": {"RU": {"person": true}, "UA": {"person": true}, "US": {"strategy": "conceder"}, "EU": {"strategy": "linear"}}}
        """

    @Test func aSeatSeesItsOwnPreferencesOnlyAndTheAnalystSeesEverything() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let created = try await Self.create(client, Self.twoPeople)
            let ru = try #require(created.tokens["RU"]), ua = try #require(created.tokens["UA"])
            #expect(created.tokens.count == 2)
            let open = try await client.execute(uri: "/api/v1/sessions/\(created.id)/actions", method: .post, headers: Self.seat(ru),
                                                body: ByteBuffer(string: #"{"action": "offer", "package": {"nato": "renounced", "troops": "none", "guarantees": "none", "territory": "russian-claims", "legal-form": "treaty", "sanctions": "none", "aid": "restricted"}, "message": "Our terms."}"#))
            #expect(open.status == .ok, "\(R.text(open.body))")
            let state = try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get, headers: Self.seat(ua))
            let text = R.text(state.body)
            let view = Self.json(text)
            #expect(view["viewer"] as? String == "UA")
            #expect(view["turn"] as? String == "UA")
            #expect(view["yourTurn"] as? Bool == true)
            #expect((view["you"] as? [String: Any])?["party"] as? String == "UA")
            #expect(view["ownUtility"] is Double)
            // Nothing of another party's preferences or utilities: no table of utilities, no
            // reservations, no strategies, and every event carries the seat's own utility only.
            for key in ["utilities", "reservations"] { #expect(view[key] == nil, "\(key) leaks") }
            #expect(!text.contains("\"utilities\""))
            #expect(!text.contains("\"strategy\""))
            #expect(!text.contains("\"payoffs\""))
            let events = view["events"] as? [[String: Any]] ?? []
            #expect(events.count == 1)
            #expect(events.first?["message"] as? String == "Our terms.")
            #expect(events.first?["ownUtility"] is Double)
            // The seat's points are its own: the utility of the offer is their sum.
            let you = try #require(view["you"] as? [String: Any])
            let points = try #require(you["points"] as? [String: [String: Double]])
            let offer = try #require(view["offer"] as? [String: String])
            let sum = (you["offset"] as? Double ?? 0) + offer.map { points[$0.key]?[$0.value] ?? .nan }.reduce(0, +)
            #expect(abs(sum - (view["ownUtility"] as? Double ?? .nan)) < 1e-9)

            let analyst = Self.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get, headers: R.bearer).body))
            #expect(analyst["viewer"] as? String == "analyst")
            #expect((analyst["utilities"] as? [String: Double])?.count == 4)
            #expect((analyst["reservations"] as? [String: Double])?.count == 4)
            #expect(analyst["you"] == nil)

            // The seat page itself holds no data: its script asks the API with the seat's token.
            let page = try await client.execute(uri: "/play/\(created.id)", method: .get)
            #expect(page.status == .ok)
            #expect(!R.text(page.body).contains("Ukraine"))
            #expect(!R.text(page.body).contains(ua))
        }
    }

    @Test func everyRefusalHasItsStatusAndChangesNothing() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let created = try await Self.create(client, Self.twoPeople)
            let other = try await Self.create(client, Self.twoPeople)
            let ru = created.tokens["RU"]!, ua = created.tokens["UA"]!
            let actions = "/api/v1/sessions/\(created.id)/actions"
            func post(_ headers: HTTPFields, _ body: String) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(uri: actions, method: .post, headers: headers, body: ByteBuffer(string: body))
                return (response.status, R.text(response.body))
            }
            // Not UA's turn: RU opens.
            #expect(try await post(Self.seat(ua), #"{"action": "walkAway"}"#).0 == .conflict)
            // Nothing to accept yet.
            #expect(try await post(Self.seat(ru), #"{"action": "accept"}"#).0 == .conflict)
            // A package naming an unknown issue or option, leaving one out: 422, every problem named.
            let (status, body) = try await post(Self.seat(ru), #"{"action": "offer", "package": {"nato": "maybe", "colour": "blue"}}"#)
            #expect(status == .unprocessableContent)
            let fields = (Self.json(body)["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields.contains("package.nato"))
            #expect(fields.contains("package.colour"))
            #expect(fields.contains("package.troops"))
            #expect(try await post(Self.seat(ru), #"{"action": "dance"}"#).0 == .unprocessableContent)
            #expect(try await post(Self.seat(ru), "not json").0 == .badRequest)
            // Another session's seat, the workspace's token, a made-up token, no token.
            #expect(try await post(Self.seat(other.tokens["RU"]!), #"{"action": "walkAway"}"#).0 == .forbidden)
            #expect(try await post(R.bearer, #"{"action": "walkAway"}"#).0 == .forbidden)
            #expect(try await post(Self.seat("made-up-token"), #"{"action": "walkAway"}"#).0 == .forbidden)
            #expect(try await post([:], #"{"action": "walkAway"}"#).0 == .unauthorized)
            // A seat cannot list sessions, export, or change seats.
            for (uri, method) in [("/api/v1/sessions", HTTPRequest.Method.get), ("/api/v1/sessions/\(created.id)/export", .get)] {
                let response = try await client.execute(uri: uri, method: method, headers: Self.seat(ru))
                #expect(response.status == .forbidden || response.status == .unauthorized, "\(uri)")
            }
            let seatChange = try await client.execute(uri: "/api/v1/sessions/\(created.id)/seats/UA", method: .post, headers: Self.seat(ru),
                                                      body: ByteBuffer(string: #"{"strategy": "boulware"}"#))
            #expect(seatChange.status == .forbidden)
            // After all that, nothing happened.
            let state = Self.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get, headers: R.bearer).body))
            #expect(state["lastSeq"] as? Int == 0)
            #expect(state["turn"] as? String == "RU")
            // A bad setup: every problem named by its field.
            let bad = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: R.bearer, body: ByteBuffer(string: """
                {"scenario": "ukraine-2024-11", "version": 1, "rounds": 0, "minutes": -1, "seats": {"XX": {"person": true}, "RU": {"strategy": "telepathy"}}}
                """))
            #expect(bad.status == .unprocessableContent)
            let badFields = (Self.json(R.text(bad.body))["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(badFields) == ["rounds", "minutes", "seats.XX", "seats.RU.strategy"])
            let missing = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: R.bearer,
                                                   body: ByteBuffer(string: #"{"scenario": "nope", "version": 1}"#))
            #expect(missing.status == .notFound)
            let unknown = try await client.execute(uri: "/api/v1/sessions/nope/state", method: .get, headers: R.bearer)
            #expect(unknown.status == .notFound)
        }
    }

    /// A person plays Ukraine against three agents to the end: the person always counters with
    /// its own best package until the last round, then accepts; the log exports as JSON lines in
    /// the trace format.
    @Test func aPersonPlaysAgainstAgentsToTheEnd() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let created = try await Self.create(client, """
                {"scenario": "ukraine-2024-11", "version": 1, "rounds": 5, "seats": {"UA": {"person": true}}}
                """)
            let ua = created.tokens["UA"]!
            var finished = false, moves = 0
            while !finished, moves < 20 {
                let view = Self.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get, headers: Self.seat(ua)).body))
                finished = view["finished"] as? Bool ?? true
                if finished { break }
                #expect(view["yourTurn"] as? Bool == true, "the agents move at once, so it is always the person's turn")
                let you = view["you"] as? [String: Any] ?? [:]
                let points = you["points"] as? [String: [String: Double]] ?? [:]
                let best = points.mapValues { $0.max { $0.value < $1.value }!.key }
                let deadline = view["deadline"] as? [String: Any] ?? [:]
                let last = (deadline["round"] as? Int) == (deadline["rounds"] as? Int)
                let body = last ? #"{"action": "accept"}"# : String(decoding: try JSONSerialization.data(withJSONObject: ["action": "offer", "package": best]), as: UTF8.self)
                let response = try await client.execute(uri: "/api/v1/sessions/\(created.id)/actions", method: .post, headers: Self.seat(ua), body: ByteBuffer(string: body))
                #expect(response.status == .ok, "\(R.text(response.body))")
                moves += 1
            }
            #expect(finished)
            let analyst = Self.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get, headers: R.bearer).body))
            let outcome = try #require(analyst["outcome"] as? [String: Any])
            #expect((outcome["payoffs"] as? [String: Double])?.count == 4)
            let export = try await client.execute(uri: "/api/v1/sessions/\(created.id)/export", method: .get, headers: R.bearer)
            let lines = R.text(export.body).split(separator: "\n").map { Self.json(String($0)) }
            #expect(lines.count == analyst["lastSeq"] as? Int)
            #expect(lines.map { $0["seq"] as? Int } == Array(1...lines.count))
            for line in lines where line["action"] != nil {
                #expect(line["round"] is Int && line["party"] is String && line["utilities"] is [String: Double])
            }
            #expect(lines.last?["event"] as? String != nil, "the log ends with how the session ended")
            // Events after a sequence number: the HTTP fallback a reconnecting page uses.
            let tail = Self.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/events?after=2", method: .get, headers: Self.seat(ua)).body))
            #expect((tail["events"] as? [[String: Any]])?.first?["seq"] as? Int == 3)
            #expect((tail["events"] as? [[String: Any]])?.count == lines.count - 2)
            // The analyst's page shows the session with its charts; the replay shows any step.
            let page = try await client.execute(uri: "/sessions/\(created.id)", method: .get, headers: R.cookie)
            #expect(R.text(page.body).contains("offers-space"))
            let replay = try await client.execute(uri: "/sessions/\(created.id)?step=1", method: .get, headers: R.cookie)
            #expect(R.text(replay.body).contains("Round 1 of 5"))
        }
    }
}

/// External agent programs in a session's seats: refused unless the server allows them, then
/// playing their seat over `parley.agent/1`.
@Suite struct SessionAgentProgramTests {
    typealias R = RouterTests
    static let agent = "python3 " + URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/agents/boulware_agent.py").path

    static let body = """
        {"scenario": "ukraine-2024-11", "version": 1, "rounds": 4, "seats": {"RU": {"agent": "\(agent)"}, "UA": {"person": true}}}
        """

    @Test func anAgentProgramIsRefusedUnlessTheServerAllowsIt() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: R.bearer, body: ByteBuffer(string: Self.body))
            #expect(response.status == .unprocessableContent)
            #expect(R.text(response.body).contains("seats.RU.agent"))
        }
    }

    @Test func anAllowedAgentProgramPlaysItsSeat() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-agent-\(UUID().uuidString).sqlite").path
        var configuration = WorkspaceConfiguration(host: "127.0.0.1", port: 0, token: R.token)
        configuration.allowAgentCommands = true
        let workspace = Workspace(store: try WorkspaceStore(path: path), configuration: configuration)
        try await workspace.seedIfEmpty()
        try await R.app(workspace).test(.router) { client in
            let created = try await SessionRouteTests.create(client, Self.body)
            // The program opened for Russia (party 0): an offer is on the table for Ukraine.
            let ua = try #require(created.tokens["UA"])
            let view = SessionRouteTests.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get,
                                                                              headers: SessionRouteTests.seat(ua)).body))
            #expect(view["turn"] as? String == "UA")
            let events = view["events"] as? [[String: Any]] ?? []
            #expect(events.first?["kind"] as? String == "offer")
            #expect(events.first?["party"] as? String == "RU")
            let analyst = SessionRouteTests.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(created.id)/state", method: .get,
                                                                                 headers: R.bearer).body))
            let seat = (analyst["parties"] as? [[String: Any]])?.first { $0["id"] as? String == "RU" }
            #expect((seat?["strategy"] as? String)?.hasPrefix("agent: python3") == true)
        }
    }
}
