import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HummingbirdWSClient
import Logging
import Testing
import ParleyCore

/// Negotiation sessions on the real `parley serve` process: a session survives SIGKILL and
/// resumes with the same log; a move reaches a seat's WebSocket without polling.
@Suite(.serialized) struct LiveSessionTests {
    typealias L = LiveServerTests

    static func call(_ url: String, token: String = LiveServerTests.token, method: String = "GET", json: String? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    static func create(_ base: String, _ body: String) async throws -> (id: String, tokens: [String: String]) {
        let (status, created) = try await call("\(base)/api/v1/sessions", method: "POST", json: body)
        #expect(status == 201)
        let seats = created["seats"] as? [String: [String: String]] ?? [:]
        return (created["id"] as? String ?? "", seats.mapValues { $0["token"] ?? "" })
    }

    /// The seat's best package: its best option on every issue.
    static func best(_ view: [String: Any]) -> String {
        let points = (view["you"] as? [String: Any])?["points"] as? [String: [String: Double]] ?? [:]
        let package = points.mapValues { $0.max { $0.value < $1.value }!.key }
        return String(decoding: try! JSONSerialization.data(withJSONObject: ["action": "offer", "package": package]), as: UTF8.self)
    }

    @Test func aSessionResumesAfterSIGKILLWithTheSameLog() async throws {
        let db = L.temporaryDatabase()
        let server = try L.start(db: db)
        let (id, tokens) = try await Self.create(server.base, """
            {"scenario": "ukraine-2024-11", "version": 1, "rounds": 8, "seats": {"UA": {"person": true}, "RU": {"strategy": "boulware"},
             "US": {"strategy": "tit-for-tat"}, "EU": {"strategy": "random"}}, "seed": 4}
            """)
        let ua = try #require(tokens["UA"])
        for _ in 0..<2 {
            let (_, view) = try await Self.call("\(server.base)/api/v1/sessions/\(id)/state", token: ua)
            let (status, _) = try await Self.call("\(server.base)/api/v1/sessions/\(id)/actions", token: ua, method: "POST", json: Self.best(view))
            #expect(status == 200)
        }
        let (_, before) = try await Self.call("\(server.base)/api/v1/sessions/\(id)/state")
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()

        let restarted = try L.start(db: db)
        defer { restarted.process.terminate(); restarted.process.waitUntilExit() }
        let (_, after) = try await Self.call("\(restarted.base)/api/v1/sessions/\(id)/state")
        let events = { (view: [String: Any]) in try JSONSerialization.data(withJSONObject: view["events"] ?? [], options: .sortedKeys) }
        #expect(try events(after) == events(before), "the log after the restart is the log before it")
        #expect(after["turn"] as? String == "UA")
        #expect(after["finished"] as? Bool == false)
        // The resumed session goes on to the end, the agents answering as they would have.
        var finished = false, moves = 0
        while !finished, moves < 12 {
            let (_, view) = try await Self.call("\(restarted.base)/api/v1/sessions/\(id)/state", token: ua)
            finished = view["finished"] as? Bool ?? true
            if finished { break }
            let (status, _) = try await Self.call("\(restarted.base)/api/v1/sessions/\(id)/actions", token: ua, method: "POST", json: Self.best(view))
            #expect(status == 200)
            moves += 1
        }
        #expect(finished)
    }

    @Test func aMoveReachesTheOtherSeatsWebSocket() async throws {
        let server = try L.start(db: L.temporaryDatabase())
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let (id, tokens) = try await Self.create(server.base, """
            {"scenario": "ukraine-2024-11", "version": 1, "rounds": 8, "seats": {"RU": {"person": true}, "UA": {"person": true}}}
            """)
        let ru = try #require(tokens["RU"]), ua = try #require(tokens["UA"])
        let received = Locked<[String]>([])
        let (_, ruView) = try await Self.call("\(server.base)/api/v1/sessions/\(id)/state", token: ru)
        let offer = Self.best(ruView)
        let base = server.base
        var logger = Logger(label: "test")
        logger.logLevel = .error
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/api/v1/sessions/\(id)/live?token=\(ua)", logger: logger) { inbound, _, _ in
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            // First the view as it stands, with UA connected.
            guard case .text(let first) = try await messages.next() else { Issue.record("no first message"); return }
            let opening = (try? JSONSerialization.jsonObject(with: Data(first.utf8))) as? [String: Any] ?? [:]
            #expect(opening["viewer"] as? String == "UA")
            #expect((opening["parties"] as? [[String: Any]])?.first { $0["id"] as? String == "UA" }?["connected"] as? Bool == true)
            // RU moves over HTTP; the event arrives here without asking.
            let (status, _) = try await Self.call("\(base)/api/v1/sessions/\(id)/actions", token: ru, method: "POST", json: offer)
            #expect(status == 200)
            while let message = try await messages.next() {
                guard case .text(let text) = message, let view = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { continue }
                received.withLock { $0.append(text) }
                if let events = view["events"] as? [[String: Any]], events.contains(where: { $0["kind"] as? String == "offer" }) { break }
            }
        }
        let lastText = try #require(received.withLock { $0.last })
        let last = (try? JSONSerialization.jsonObject(with: Data(lastText.utf8))) as? [String: Any] ?? [:]
        let events = last["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["kind"] as? String } == ["offer"])
        #expect(events.first?["party"] as? String == "RU")
        #expect(events.first?["ownUtility"] is Double)
        #expect(events.first?["utilities"] == nil, "a seat's socket carries its own utility only")
        #expect(last["yourTurn"] as? Bool == true)
        // A token that is not a seat of the session gets no socket.
        await #expect(throws: (any Error).self) {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/api/v1/sessions/\(id)/live?token=nope", logger: logger) { _, _, _ in }
        }
    }
}
