import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyKit
import Testing

/// A language model in a workspace session's seat (stacked alternating offers), against the local
/// stand-in for a chat-completions endpoint: its moves carry their record (prompt, reply, tokens)
/// in the analyst's views only; a seat's view shows its public message and nothing else; a resumed
/// session replays the recorded moves without calling the model again.
@Suite(.serialized) struct LanguageModelSessionTests {
    @Test func aLanguageModelTakesASeatAndIsOnTheRecord() async throws {
        let requests = Recorded()
        let loaded = try LoadedScenario.load(nil)
        try await LanguageModelSeatTests.endpoint(requests).test(.live) { client in
            let port = try #require(client.port)
            let settings = LanguageModelSettings(baseURL: "http://127.0.0.1:\(port)/v1")
            let setup = try SessionSetup.read(["scenario": "f", "version": 1, "rounds": 5,
                                               "seats": ["RU": ["llm": "smollm2"], "UA": ["person": true]]],
                                              scenario: loaded.scenario, languageModels: true)
            #expect(setup.seats["RU"]?.model == "smollm2")
            var session = try LiveSession(id: "s", setup: setup, loaded: loaded, languageModel: settings)
            let opened = try await LanguageModelSeatTests.offThePool { [session] in
                var copy = session
                let entries = copy.runAutomated()
                return (copy, entries)
            }
            session = opened.0
            let first = try #require(opened.1.first)
            #expect(first.actor == "llm:smollm2")
            let record = try #require(first.record)
            #expect(!record.prompt.isEmpty && record.promptTokens == 100)
            #expect(first.message == "Reply 1.", "the model's public message goes with its move")
            let calls = requests.bodies.withLock(\.count)
            #expect(calls == 1)

            // The analyst sees the record; Ukraine's seat sees the move and the message, not the record or who made it.
            let analyst = session.events(after: 0, for: .analyst)
            #expect(analyst.first?.record != nil && analyst.first?.actor == "llm:smollm2")
            let ukraine = session.events(after: 0, for: .party(1))
            #expect(ukraine.first?.record == nil && ukraine.first?.actor == nil && ukraine.first?.message == "Reply 1.")
            let seatJSON = String(decoding: try JSONEncoder().encode(ukraine), as: UTF8.self)
            #expect(!seatJSON.contains("prompt"))
            #expect(try session.exportLines().contains("\"prompt\""))

            // A restart replays the log without asking the model again.
            let stored = try session.entries.map { try LiveSession.entry(LiveSession.stored($0)) }
            let resumed = try LiveSession.resume(id: "s", setup: setup, loaded: loaded, entries: stored, languageModel: settings)
            #expect(requests.bodies.withLock(\.count) == calls)
            #expect(resumed.table.session.partyToMove == 1)
            #expect(resumed.entries.first?.record == record)
        }
    }

    @Test func aWorkspaceWithoutAnEndpointRefusesLanguageModelSeats() throws {
        let loaded = try LoadedScenario.load(nil)
        let body: [String: Any] = ["scenario": "f", "version": 1, "seats": ["RU": ["llm": "smollm2"]]]
        let problems = try #require(throws: SessionProblems.self) { try SessionSetup.read(body, scenario: loaded.scenario) }
        #expect(problems.problems.map(\.field) == ["seats.RU.llm"])
        let bad: [String: Any] = ["scenario": "f", "version": 1, "seats": ["RU": ["llm": "$(rm -rf /)"], "UA": ["llm": "m", "person": true]]]
        let refused = try #require(throws: SessionProblems.self) { try SessionSetup.read(bad, scenario: loaded.scenario, languageModels: true) }
        #expect(refused.problems.map(\.field) == ["seats.RU.llm", "seats.UA.llm"])
        // Without an endpoint at resume time, the seat is played by boulware and says so.
        let setup = try SessionSetup.read(body, scenario: loaded.scenario, languageModels: true)
        var session = try LiveSession(id: "s", setup: setup, loaded: loaded, languageModel: nil)
        let entries = session.runAutomated()
        #expect(entries.first?.actor == "llm:smollm2 (no endpoint: boulware)")
    }
}

extension LanguageModelSessionTests {
    /// `parley tournament --agent lm=llm:MODEL --strategies boulware,lm`: the model takes every seat
    /// the assignments give it, in every match.
    @Test func aLanguageModelIsOneMoreStrategyInATournament() async throws {
        let requests = Recorded()
        let loaded = try LoadedScenario.load(nil)
        try await LanguageModelSeatTests.endpoint(requests).test(.live) { client in
            let port = try #require(client.port)
            let settings = LanguageModelSettings(baseURL: "http://127.0.0.1:\(port)/v1")
            let report = try await LanguageModelSeatTests.offThePool {
                try Tournament()([loaded], strategies: ["boulware", "lm"], rounds: 2, repetitions: 1, seed: 1,
                                 agents: ["lm": "llm:smollm2"], llm: settings)
            }
            #expect(report.matches.count == 16)
            #expect(report.standings.map(\.strategy).sorted() == ["boulware", "lm"])
            #expect(requests.bodies.withLock(\.count) >= 15, "every match but boulware's own has the model in a seat")
        }
        #expect(throws: UsageError.self) {
            try Tournament()([loaded], strategies: ["boulware", "lm"], rounds: 2, repetitions: 1, seed: 1, agents: ["lm": "llm:x"], llm: nil)
        }
    }
}
