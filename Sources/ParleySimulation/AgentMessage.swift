import ParleyCore

/// A message Parley sends an external agent over the `parley.agent/1` protocol
/// (docs/external-agents.md): one JSON object a line, keys sorted.
///
/// ```json
/// {"seen":[],"time":0,"type":"propose"}
/// ```
enum AgentMessage: Encodable, Hashable, Sendable {
    /// The agent's own preferences and the rules, before anything else.
    case start(Start)
    /// Open the negotiation with an offer.
    case propose(time: Double, seen: [Seen])
    /// Answer the offer on the table: accept, counter-offer or walk away.
    case respond(time: Double, offer: [String: String], seen: [Seen])
    /// The outcome: the agreement (option per issue) or nil.
    case end(agreement: [String: String]?)

    /// The `start` message.
    struct Start: Encodable, Hashable, Sendable {
        var type = "start"
        var `protocol` = "parley.agent/1"
        var party: String
        var parties: [String]
        var rounds: Int?
        var moveTimeLimit: Double
        var issues: [Issue]
        var preferences: Preferences
    }

    /// An issue and its options, by id.
    struct Issue: Encodable, Hashable, Sendable {
        var id: String
        var options: [String]
    }

    /// The agent's additive utility table: a package's utility is `offset` plus the value of each
    /// chosen option.
    struct Preferences: Encodable, Hashable, Sendable {
        var offset: Double
        var values: [String: [String: Double]]
        var reservation: Double
        var redLines: [RedLine]
        /// The discount factor the protocol applies (`u × d^t` at normalised time `t`); absent when none.
        var discount: Double?
    }

    /// A red line: `forbid`, `require`, or `if`/`then` conditions.
    struct RedLine: Encodable, Hashable, Sendable {
        var id: String
        var description: String?
        var forbid: [Condition]?
        var require: [Condition]?
        var `if`: [Condition]?
        var then: [Condition]?

        init(_ redLine: ParleyCore.RedLine) {
            id = redLine.id.rawValue
            description = redLine.description
            func conditions(_ list: [ParleyCore.Condition]) -> [Condition] {
                list.map { Condition(issue: $0.issue.rawValue, options: $0.options.map(\.rawValue)) }
            }
            switch redLine.rule {
            case .forbid(let list): forbid = conditions(list)
            case .require(let list): require = conditions(list)
            case .linkage(let conditionsIf, let conditionsThen):
                self.if = conditions(conditionsIf)
                then = conditions(conditionsThen)
            }
        }
    }

    /// Holds when the package's option for `issue` is one of `options`.
    struct Condition: Encodable, Hashable, Sendable {
        var issue: String
        var options: [String]
    }

    /// Another party's action, as the agent is shown it.
    struct Seen: Encodable, Hashable, Sendable {
        var party: String
        var action: ObservedAction
        var offer: [String: String]
        var time: Double
    }

    private enum Keys: String, CodingKey { case type, time, seen, offer, agreement }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .start(let start):
            try start.encode(to: encoder)
        case .propose(let time, let seen):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("propose", forKey: .type)
            try container.encode(time, forKey: .time)
            try container.encode(seen, forKey: .seen)
        case .respond(let time, let offer, let seen):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("respond", forKey: .type)
            try container.encode(time, forKey: .time)
            try container.encode(offer, forKey: .offer)
            try container.encode(seen, forKey: .seen)
        case .end(let agreement):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("end", forKey: .type)
            // Documented as `"agreement": null` without agreement: the key is always there.
            if let agreement { try container.encode(agreement, forKey: .agreement) } else { try container.encodeNil(forKey: .agreement) }
        }
    }
}

/// An external agent's answer to `propose` or `respond`.
enum AgentReply: Decodable, Hashable, Sendable {
    case accept
    /// An offer: the value given for each issue (checked against the options by the negotiator);
    /// nil when `offer` is missing or not an object.
    case offer([String: JSONValue]?)
    case walkAway
    /// Any other `type` (nil: none).
    case unknown(type: JSONValue?)

    private enum Keys: String, CodingKey { case type, offer }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = try? container.decodeIfPresent(JSONValue.self, forKey: .type)
        switch type {
        case .string("accept"): self = .accept
        case .string("walk-away"): self = .walkAway
        case .string("offer"): self = .offer(try? container.decodeIfPresent([String: JSONValue].self, forKey: .offer))
        default: self = .unknown(type: type)
        }
    }
}

/// Any JSON value, for reading what an agent sent and quoting it back in a problem report.
enum JSONValue: Decodable, Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var description: String {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let value): String(value)
        case .null: "null"
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\($0): \(members[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
