import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyKit
import ParleyServer
import Testing

/// A moderated session through the API: a person speaks among agents to the final proposal;
/// refusals are 409 or 422 with the field named; the pages show the phase and the final result.
@Suite struct ModeratedSessionRouteTests {
    typealias R = RouterTests
    typealias S = SessionRouteTests

    static func state(_ client: some TestClientProtocol, _ id: String, _ headers: HTTPFields) async throws -> [String: Any] {
        S.json(R.text(try await client.execute(uri: "/api/v1/sessions/\(id)/state", method: .get, headers: headers).body))
    }

    @Test func aPersonSpeaksAtAModeratedTableToTheFinalProposal() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let refused = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: R.bearer, body: ByteBuffer(string: """
                {"scenario": "ukraine-2024-11", "version": 1, "protocol": "moderated", "turns": -1, "proposer": "XX", "onTimeout": "walkAway"}
                """))
            #expect(refused.status == .unprocessableContent)
            let fields = ((S.json(R.text(refused.body))["diagnostics"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["turns", "proposer", "onTimeout"], "\(R.text(refused.body))")

            let created = try await S.create(client, """
                {"scenario": "ukraine-2024-11", "version": 1, "protocol": "moderated", "turns": 8, "proposer": "UA", "seed": 5,
                 "seats": {"UA": {"person": true}, "RU": {"strategy": "hardliner"}}}
                """)
            let ua = try #require(created.tokens["UA"])
            var view = try await Self.state(client, created.id, S.seat(ua))
            #expect(view["phase"] as? String == "opening")
            #expect(view["legalActions"] as? [String] == ["offer"])
            let pass = try await client.execute(uri: "/api/v1/sessions/\(created.id)/actions", method: .post, headers: S.seat(ua),
                                                body: ByteBuffer(string: #"{"action": "pass", "message": "Let us hear the others first."}"#))
            #expect(pass.status == .unprocessableContent, "the opening needs a deal")
            var moves = 0
            while view["finished"] as? Bool == false, moves < 20 {
                #expect(view["yourTurn"] as? Bool == true, "the agents speak at once")
                let points = (view["you"] as? [String: Any])?["points"] as? [String: [String: Double]] ?? [:]
                let best = points.mapValues { $0.max { $0.value < $1.value }?.key ?? "" }
                let speakOnly = view["phase"] as? String == "discussion" && moves % 2 == 1
                let body: [String: Any] = speakOnly ? ["action": "pass", "message": "We hold to guarantees."]
                    : ["action": "offer", "package": best, "message": "Our deal."]
                let response = try await client.execute(uri: "/api/v1/sessions/\(created.id)/actions", method: .post, headers: S.seat(ua),
                                                        body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                #expect(response.status == .ok, "\(R.text(response.body))")
                moves += 1
                view = try await Self.state(client, created.id, S.seat(ua))
            }
            #expect(view["finished"] as? Bool == true)
            let outcome = try #require(view["outcome"] as? [String: Any])
            #expect(["passed", "failed"].contains(outcome["ending"] as? String))
            #expect(outcome["finalDeal"] is [String: String])
            #expect(outcome["payoffs"] == nil, "a party sees its own payoff only")
            let late = try await client.execute(uri: "/api/v1/sessions/\(created.id)/actions", method: .post, headers: S.seat(ua),
                                                body: ByteBuffer(string: #"{"action": "pass"}"#))
            #expect(late.status == .conflict)
            let analyst = try await Self.state(client, created.id, R.bearer)
            let kinds = (analyst["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.first == "opening" && kinds.last == "final")
            #expect(kinds.filter { $0 == "message" }.count == 8)
            let page = R.text(try await client.execute(uri: "/sessions/\(created.id)", method: .get, headers: R.cookie).body)
            #expect(page.contains("The final proposal"))
            #expect(page.contains("made the final proposal"))
            let replay = R.text(try await client.execute(uri: "/sessions/\(created.id)?step=1", method: .get, headers: R.cookie).body)
            #expect(replay.contains("Moderated, turn 1 of 8"))
        }
    }

    @Test func theSetupFormOffersTheModeratedProtocol() async throws {
        let workspace = try await R.workspace()
        try await R.app(workspace).test(.router) { client in
            let form = R.text(try await client.execute(uri: "/s/ukraine-2024-11/v/1/negotiate", method: .get, headers: R.cookie).body)
            #expect(form.contains("value=\"moderated\""))
            #expect(form.contains("id=\"proposer\""))
            #expect(form.contains("value=\"mediator\""))
        }
    }
}
