import Foundation
import Testing
@testable import ParleySimulation

/// What an external agent sends is read as a session reads it; anything else is a named problem.
@Suite struct AgentReplyTests {
    static let issues: [(id: String, options: [String])] = [("price", ["low", "high"]), ("delivery", ["fast", "slow", "none"])]

    static func read(_ text: String) -> String { AgentReplyProbe.read(Data(text.utf8), issues: issues) }

    @Test func repliesAreReadOrNamedAsProblems() {
        #expect(Self.read(#"{"type": "accept"}"#) == "accept")
        #expect(Self.read(#"{"type": "walk-away"}"#) == "walk-away")
        #expect(Self.read(#"{"type": "offer", "offer": {"price": "high", "delivery": "slow"}}"#) == "package 4")
        #expect(Self.read(#"{"type": "offer", "offer": {"price": 3, "delivery": "slow"}}"#)
                == "the offer gives 3 for issue 'price'; expected one of low, high")
        #expect(Self.read(#"{"type": "offer", "offer": {"price": "low", "delivery": "fast", "colour": "red"}}"#)
                == "the offer names an unknown issue 'colour'")
        #expect(Self.read(#"{"type": "offer"}"#) == "the offer has no \"offer\" object")
        #expect(Self.read(#"{"type": {"nested": [true]}}"#) == "type {nested: [true]}")
        #expect(Self.read("not json") == "not a reply")
        // A number JSON cannot hold makes the whole offer unreadable.
        #expect(Self.read(#"{"type": "offer", "offer": {"price": [1, {"a": null}], "delivery": 1e999}}"#) == "the offer has no \"offer\" object")
        #expect(Self.read(#"{"type": "offer", "offer": {"price": [1, {"a": null}], "delivery": "fast"}}"#).hasPrefix("the offer gives [1, {a: null}]"))
    }
}
