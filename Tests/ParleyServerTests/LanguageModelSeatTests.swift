import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyKit
import Testing
import ParleyCore

/// Language-model seats against a local stand-in for a chat-completions endpoint (scripted
/// replies; the remote model is the only thing it replaces): the request's shape, the reply
/// schema, retries of an unreadable reply, the record, and that no prompt holds another party's
/// preferences.
@Suite(.serialized) struct LanguageModelSeatTests {
    static let base = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ParleyFormatsTests/Fixtures/llm-deliberation/base").path

    /// The stand-in: every request is kept; the reply offers the first option of every issue in
    /// the schema, except that every third request gets prose first (not JSON).
    static func endpoint(_ requests: Recorded) -> some ApplicationProtocol {
        let router = Router()
        let counter = Locked(0)
        router.post("v1/chat/completions") { request, _ -> Response in
            let request = request
            let data = try await request.body.collect(upTo: 1 << 22)
            let body = (try? JSONSerialization.jsonObject(with: Data(buffer: data))) as? [String: Any] ?? [:]
            requests.bodies.withLock { $0.append(Data(buffer: data)) }
            let n = counter.withLock { count in count += 1; return count }
            let format = body["response_format"] as? [String: Any]
            let schema = ((format?["json_schema"] as? [String: Any])?["schema"] ?? format?["schema"]) as? [String: Any] ?? [:]
            let dealSchema = ((schema["properties"] as? [String: Any])?["deal"] as? [String: Any])?["anyOf"] as? [[String: Any]]
            let issues = dealSchema?.first?["properties"] as? [String: [String: Any]] ?? [:]
            let deal = issues.mapValues { ($0["enum"] as? [String])?.first ?? "" }
            let move: [String: Any] = ["action": "offer", "deal": deal, "message": "Reply \(n)."]
            let content = n % 3 == 0 ? "I think we should talk." : String(decoding: try JSONSerialization.data(withJSONObject: move), as: UTF8.self)
            let answer: [String: Any] = ["id": "x", "object": "chat.completion", "choices": [["index": 0, "message": ["role": "assistant", "content": content]]],
                                         "usage": ["prompt_tokens": 100, "completion_tokens": 20]]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(data: try JSONSerialization.data(withJSONObject: answer))))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs a blocking call off Swift's cooperative threads (the stand-in answers on them).
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    @Test(arguments: ["json_schema", "json_object"])
    func languageModelsPlayTheBaseGame(format: String) async throws {
        let requests = Recorded()
        let loaded = try LoadedScenario.load(Self.base)
        try await Self.endpoint(requests).test(.live) { client in
            let port = try #require(client.port)
            var settings = LanguageModelSettings(baseURL: "http://127.0.0.1:\(port)/v1")
            settings.replyFormat = format
            settings.seed = 7
            let configured = settings
            let report = try await Self.offThePool {
                try Simulate().moderated(loaded, strategies: ["boulware"], seed: 2,
                                         agents: ["DoT": "llm:smollm2", "union": "llm:smollm2"], llm: configured)
            }
            #expect(report.strategies["DoT"] == "llm:smollm2")
            let llmTurns = report.turns.filter { $0.party == "DoT" || $0.party == "union" }
            #expect(!llmTurns.isEmpty)
            for turn in llmTurns {
                let record = try #require(turn.record, "every language-model turn is on the record")
                #expect(record.prompt.count >= 2)
                #expect(!record.reply.isEmpty, "\(record.error ?? "")")
                #expect(record.promptTokens != nil && record.milliseconds > 0)
                // An unreadable reply is retried once with the error stated, then counted as a pass.
                if record.attempts == 2 {
                    #expect(record.prompt.last?.content.contains("not a valid move") == true)
                }
                if turn.valid { #expect(turn.deal != nil) } else { #expect(turn.deal == nil) }
            }
            // Every request: the model, the settings and the constrained reply in the requested shape.
            let bodies = requests.bodies.withLock { $0 }.map { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] ?? [:] }
            #expect(bodies.count >= llmTurns.count)
            for body in bodies {
                #expect(body["model"] as? String == "smollm2")
                #expect(body["seed"] as? Int == 7)
                let responseFormat = try #require(body["response_format"] as? [String: Any])
                #expect(responseFormat["type"] as? String == format)
                let schema = format == "json_schema" ? (responseFormat["json_schema"] as? [String: Any])?["schema"] : responseFormat["schema"]
                let properties = (schema as? [String: Any])?["properties"] as? [String: Any]
                #expect(Set(properties?.keys.map { $0 } ?? []) == ["action", "deal", "message"])
            }
            // No prompt holds another party's brief, minimum or scores.
            let briefs = loaded.scenario.parties.map { ($0.id.rawValue, $0.description ?? "") }
            for body in bodies {
                let text = (body["messages"] as? [[String: String]] ?? []).map { $0["content"] ?? "" }.joined(separator: "\n")
                let speaker = text.contains("You are Department of Tourism") ? "DoT" : "union"
                for (party, brief) in briefs where party != speaker && brief.count > 40 {
                    #expect(!text.contains(String(brief.prefix(200))), "\(speaker)'s prompt holds \(party)'s brief")
                }
                #expect(text.components(separatedBy: "cannot accept a deal worth less than").count == 2, "one minimum: the speaker's own")
            }
        }
    }

    /// Stacked alternating offers with a language model in Ukraine's seat.
    @Test func aLanguageModelNegotiatesUnderStackedAlternatingOffers() async throws {
        let requests = Recorded()
        let loaded = try LoadedScenario.load(nil)
        try await Self.endpoint(requests).test(.live) { client in
            let port = try #require(client.port)
            let settings = LanguageModelSettings(baseURL: "http://127.0.0.1:\(port)/v1")
            let report = try await Self.offThePool {
                try Simulate()(loaded, strategies: ["boulware"], rounds: 4, agents: ["UA": "llm:smollm2"], llm: settings)
            }
            #expect(report.strategies["UA"] == "llm:smollm2")
            let turns = try #require(report.languageModelTurns?["UA"])
            #expect(turns.count == report.trace.filter { $0.party == "UA" }.count, "every turn of the seat is on the record")
            #expect(turns.allSatisfy { !$0.prompt.isEmpty && $0.milliseconds > 0 })
            // The seat's offers are the stand-in's (each issue's first option) or, after two unreadable replies, its own best.
            #expect(report.trace.contains { $0.party == "UA" && $0.action == .offer })
            let text = requests.bodies.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) }.joined()
            #expect(text.contains("On the table"))
            #expect(!text.contains(loaded.scenario.parties[0].name + "'s reservation"))
        }
    }

    /// A tournament with a language model among the competitors: each match records the calls of
    /// its model seats, by party; matches without one record none.
    @Test func aTournamentKeepsTheModelsCallsOfEachMatch() async throws {
        let requests = Recorded()
        let loaded = try LoadedScenario.load(nil)
        try await Self.endpoint(requests).test(.live) { client in
            let port = try #require(client.port)
            let settings = LanguageModelSettings(baseURL: "http://127.0.0.1:\(port)/v1")
            let report = try await Self.offThePool {
                try Tournament()([loaded], strategies: ["boulware", "model"], rounds: 3, repetitions: 1, seed: 1,
                                 agents: ["model": "llm:smollm2"], llm: settings)
            }
            #expect(!report.matches.isEmpty)
            for match in report.matches {
                let seats: Set<String> = Set(match.assignment.filter { $0.value == "model" }.keys)
                let called: Set<String> = Set((match.calls ?? [:]).keys)
                #expect(called == seats, "match \(match.job): calls of \(called.sorted()), model in \(seats.sorted())")
                for calls in (match.calls ?? [:]).values { #expect(!calls.isEmpty && calls.allSatisfy { !$0.prompt.isEmpty }) }
            }
            let json = String(decoding: try JSONEncoder().encode(report.matches), as: UTF8.self)
            #expect(json.contains("\"calls\""))
            var recorded = 0
            for calls in report.matches.compactMap(\.calls) { for seat in calls.values { for call in seat { recorded += call.attempts } } }
            let sent = requests.bodies.withLock { $0.count }
            #expect(sent == recorded, "every request the stand-in received is on the record (a retry is an attempt of its call)")
        }
    }

    @Test func aSeatWithoutAnEndpointIsAUsageError() throws {
        let loaded = try LoadedScenario.load(Self.base)
        #expect(throws: UsageError.self) { try Simulate().moderated(loaded, strategies: ["boulware"], agents: ["DoT": "llm:x"], llm: nil) }
        #expect(throws: UsageError.self) {
            try Simulate().moderated(loaded, strategies: ["boulware"], agents: ["DoT": "python3 agent.py"], llm: LanguageModelSettings(baseURL: "http://127.0.0.1:1/v1"))
        }
    }
}

/// The requests the stand-in received.
final class Recorded: Sendable {
    let bodies = Locked<[Data]>([])
}
