import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleySimulation

/// The `parley.agent/1` wire format (docs/external-agents.md): one JSON object a line, keys sorted.
@Suite struct AgentMessageTests {
    func line(_ message: AgentMessage) throws -> String {
        String(decoding: try #require(AgentConnection.line(message)), as: UTF8.self)
    }

    @Test func messagesAreTheDocumentedJSONLines() throws {
        #expect(try line(.propose(time: 0, seen: [])) == #"{"seen":[],"time":0,"type":"propose"}"# + "\n")
        let seen = AgentMessage.Seen(party: "A", action: .offer, offer: ["x": "x2", "y": "y1"], time: 0.4)
        #expect(try line(.respond(time: 0.42, offer: ["y": "y1", "x": "x2"], seen: [seen]))
                == #"{"offer":{"x":"x2","y":"y1"},"seen":[{"action":"offer","offer":{"x":"x2","y":"y1"},"party":"A","time":0.4}],"time":0.42,"type":"respond"}"# + "\n")
        #expect(try line(.end(agreement: nil)) == #"{"agreement":null,"type":"end"}"# + "\n")
        #expect(try line(.end(agreement: ["x": "x2"])) == #"{"agreement":{"x":"x2"},"type":"end"}"# + "\n")
    }

    @Test func theStartMessageCarriesOnlyTheAgentsOwnPreferences() throws {
        let yaml = """
            parley: 1
            id: e
            title: external
            parties: [{id: A}, {id: B}]
            issues:
              - {id: x, options: [x1, x2]}
            preferences:
              A: {reservation: 0.3, issues: {x: {weight: 1, values: {x1: 1, x2: 0}}}}
              B:
                reservation: 0.25
                issues: {x: {weight: 1, values: {x1: 0, x2: 1}}}
                red-lines: [{id: b-not-x1, forbid: {x: x1}}]
            """
        let scenario = try ScenarioReader.read(yaml, file: "e.yaml").scenario
        let model = UtilityModel(scenario)
        var start = AgentMessage.Start(
            party: "B", parties: ["A", "B"], moveTimeLimit: 5, issues: [.init(id: "x", options: ["x1", "x2"])],
            preferences: .init(offset: model.offsets[1], values: ["x": ["x1": 0, "x2": 1]], reservation: 0.25,
                               redLines: scenario.parties[1].preferences.redLines.map(AgentMessage.RedLine.init)))
        start.rounds = 100
        #expect(try line(.start(start)) == #"{"issues":[{"id":"x","options":["x1","x2"]}],"moveTimeLimit":5,"parties":["A","B"],"party":"B","#
                + #""preferences":{"offset":0,"redLines":[{"forbid":[{"issue":"x","options":["x1"]}],"id":"b-not-x1"}],"reservation":0.25,"#
                + #""values":{"x":{"x1":0,"x2":1}}},"protocol":"parley.agent\/1","rounds":100,"type":"start"}"# + "\n")
    }

    @Test func repliesAreRead() throws {
        func reply(_ text: String) throws -> AgentReply { try JSONDecoder().decode(AgentReply.self, from: Data(text.utf8)) }
        #expect(try reply(#"{"type":"accept"}"#) == .accept)
        #expect(try reply(#"{"type":"walk-away"}"#) == .walkAway)
        #expect(try reply(#"{"type":"offer","offer":{"x":"x1","y":3}}"#) == .offer(["x": .string("x1"), "y": .number(3)]))
        #expect(try reply(#"{"type":"offer","offer":"x1"}"#) == .offer(nil))
        #expect(try reply(#"{"type":"offer"}"#) == .offer(nil))
        #expect(try reply(#"{"type":3}"#) == .unknown(type: .number(3)))
        #expect(try reply(#"{}"#) == .unknown(type: nil))
        #expect(throws: (any Error).self) { try reply("hello") }
        #expect(throws: (any Error).self) { try reply("[1]") }
        #expect(JSONValue.number(3).description == "3" && JSONValue.number(0.5).description == "0.5")
    }
}

extension AgentMessageTests {
    /// A discount factor the protocol applies reaches the party's context (and so the agent's
    /// `start`); one it does not apply (none, or 1) does not.
    @Test func theAppliedDiscountIsInTheContext() throws {
        let yaml = """
            parley: 1
            id: d
            title: discounted
            parties: [{id: A}, {id: B}]
            issues:
              - {id: x, options: [x1, x2]}
            preferences:
              A: {reservation: 0.3, issues: {x: {weight: 1, values: {x1: 1, x2: 0}}}}
              B: {reservation: 0.2, issues: {x: {weight: 1, values: {x1: 0, x2: 1}}}}
            """
        let model = UtilityModel(try ScenarioReader.read(yaml, file: "d.yaml").scenario)
        let session = NegotiationSession(rules: StackedAlternatingOffers(rounds: 10, discounts: [0.5, 1]), model: model)
        #expect(session.context(for: 0).discount == 0.5)
        #expect(session.context(for: 1).discount == nil, "a factor of 1 discounts nothing")
        #expect(NegotiationSession(rules: StackedAlternatingOffers(rounds: 10), model: model).context(for: 0).discount == nil)
        var preferences = AgentMessage.Preferences(offset: 0, values: [:], reservation: 0.3, redLines: [], discount: 0.5)
        #expect(String(decoding: try JSONEncoder().encode(preferences), as: UTF8.self).contains("\"discount\":0.5"))
        preferences.discount = nil
        #expect(!String(decoding: try JSONEncoder().encode(preferences), as: UTF8.self).contains("discount"))
    }
}
