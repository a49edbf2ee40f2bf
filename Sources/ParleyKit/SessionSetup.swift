import Foundation
import ParleyCore
import ParleySimulation

/// How a negotiation session is set up: the scenario version, the protocol and its deadline, and
/// who sits in each party's seat. Stored with the session; the seat tokens are the secrets of the
/// people's links.
public struct SessionSetup: Codable, Sendable, Hashable {
    public var scenario: String
    public var version: Int
    /// The protocol: `saop` (stacked alternating offers) or `moderated` (``ModeratedProtocol``).
    public var `protocol`: String = "saop"
    /// The deadline in rounds (stacked alternating offers).
    public var rounds: Int
    /// The discussion turns of a moderated session (nil: 4 × the number of parties).
    public var turns: Int?
    /// Who opens and makes the final proposal in a moderated session: a party id, or `mediator`.
    public var proposer: String?
    /// A wall-clock deadline for the whole session, in minutes (besides the rounds).
    public var minutes: Double?
    /// The time a person has for each move, in seconds.
    public var moveSeconds: Double?
    /// What happens when a person's move time runs out.
    public var onTimeout: TimeoutPolicy = .walkAway
    /// Drives the random strategy (party `p` draws from `seed + p`).
    public var seed: UInt64 = 1
    /// Seconds between two automated moves, so that people can follow them (0: at once).
    public var pace: Double = 0
    /// Each party's seat, by party id.
    public var seats: [String: Seat]
    /// When the session was created (its clock starts then).
    public var created: Date

    /// What happens when a person does not move in time.
    public enum TimeoutPolicy: String, Codable, Sendable, Hashable, CaseIterable {
        /// The party walks away: the session ends without agreement.
        case walkAway
        /// An automated negotiator (``Strategy/boulware``) makes that one move for the party.
        case agent
        /// The move is skipped: the offer on the table and its acceptances stay, the turn passes on.
        case skip
    }

    /// One party's seat: an automated strategy or a person (with the secret of their link).
    public struct Seat: Codable, Sendable, Hashable {
        /// The strategy of an automated seat (``Strategy`` raw value); nil for a person.
        public var strategy: String?
        /// The secret of a person's link (nil for an automated seat).
        public var token: String?
        /// A name for the person in the seat (shown at the table).
        public var name: String?
        /// The command of an external agent program (`parley.agent/1`) in the seat.
        public var command: String?
        /// The model of a language-model seat (reached at the workspace's endpoint, `parley serve --llm-base-url`).
        public var model: String?

        public init(strategy: String? = nil, token: String? = nil, name: String? = nil, command: String? = nil, model: String? = nil) {
            self.strategy = strategy
            self.token = token
            self.name = name
            self.command = command
            self.model = model
        }

        public var isPerson: Bool { strategy == nil && command == nil && model == nil }
    }

    /// The limits of a setup (a browser or a script sends it).
    public static let maxRounds = 1_000
    public static let maxMinutes = 7.0 * 24 * 60
    public static let moveSecondsRange = 5.0...86_400.0
    public static let maxTurns = 1_000

    /// Whether the session plays the moderated protocol.
    public var isModerated: Bool { `protocol` == "moderated" }

    /// Reads a session request (the API's `POST /sessions` body, or the form's fields made into
    /// one) against `scenario`: every problem at once, each naming its field.
    ///
    /// ```json
    /// {"scenario": "ukraine", "version": 1, "protocol": "saop", "rounds": 30,
    ///  "seats": {"RU": {"strategy": "boulware"}, "UA": {"person": true}}}
    /// ```
    /// A moderated session (`"protocol": "moderated"`) takes `turns` (the discussion's budget,
    /// 4 × the parties by default) and `proposer` (a party id or `mediator`; by default the party
    /// with the role `p1`, else the first); its time-out policies are `skip` (the default: the
    /// person passes, or where a deal is required puts their best package) and `agent`.
    /// Parties without a seat get the ``Strategy/boulware`` strategy; each person's seat gets a
    /// fresh 256-bit token.
    /// - Parameters:
    ///   - allowCommands: whether a seat may run an external agent program (`{"agent":
    ///     "COMMAND"}`): the server's own choice (`parley serve --allow-agent-commands`), since the
    ///     command runs on the server's machine.
    ///   - languageModels: whether a seat may be a language model (`{"llm": "MODEL"}`): the
    ///     workspace has an endpoint (`parley serve --llm-base-url`).
    public static func read(_ body: [String: Any], scenario: Scenario, now: Date = Date(), allowCommands: Bool = false,
                            languageModels: Bool = false) throws(SessionProblems) -> SessionSetup {
        var problems: [SessionProblems.Problem] = []
        func problem(_ field: String, _ message: String, _ help: String) { problems.append(.init(field: field, message: message, help: help)) }
        let known: Set = ["scenario", "version", "protocol", "rounds", "turns", "proposer", "minutes", "moveSeconds", "onTimeout", "seed", "pace", "seats"]
        for key in body.keys.sorted() where !known.contains(key) {
            problem(key, "unknown field '\(key)'", "the fields: \(known.sorted().joined(separator: ", "))")
        }
        let proto = body["protocol"].map { $0 as? String ?? "\($0)" } ?? "saop"
        if !["saop", "moderated"].contains(proto) || (body["protocol"].map { !($0 is String) } ?? false) {
            problem("protocol", "unknown protocol '\(proto)'", "the protocols: saop (stacked alternating offers), moderated (turns, then a final proposal)")
        }
        let moderated = proto == "moderated"
        let ids = scenario.parties.map(\.id.rawValue)
        var turns: Int?
        var proposer: String?
        if moderated {
            if let value = body["turns"], !(value is NSNull) {
                if let number = Self.integer(value), (0...maxTurns).contains(number) { turns = number } else {
                    problem("turns", "the turns must be a whole number from 0 to \(maxTurns)", "leave it out for 4 × the number of parties")
                }
            }
            if let value = body["proposer"], !(value is NSNull) {
                if let id = value as? String, id == "mediator" || ids.contains(id) { proposer = id } else {
                    problem("proposer", "the proposer must be a party id or mediator", "the parties: \(ids.joined(separator: ", ")); or mediator")
                }
            } else {
                proposer = ids.isEmpty ? nil : ids[Simulate.defaultProposer(scenario)]
            }
        } else {
            for key in ["turns", "proposer"] where body[key] != nil {
                problem(key, "'\(key)' belongs to a moderated session", "set \"protocol\": \"moderated\", or leave it out")
            }
        }
        var rounds = 30
        if let value = body["rounds"] {
            if let number = Self.integer(value), (1...maxRounds).contains(number) { rounds = number } else {
                problem("rounds", "the rounds must be a whole number from 1 to \(maxRounds)", "for example \"rounds\": 30")
            }
        }
        var minutes: Double?
        if let value = body["minutes"], !(value is NSNull) {
            if let number = Self.number(value), number > 0, number <= maxMinutes { minutes = number } else {
                problem("minutes", "the time limit must be a number of minutes above 0 and at most \(Int(maxMinutes))", "leave it out for no time limit")
            }
        }
        var moveSeconds: Double?
        if let value = body["moveSeconds"], !(value is NSNull) {
            if let number = Self.number(value), moveSecondsRange.contains(number) { moveSeconds = number } else {
                problem("moveSeconds", "the time per move must be from 5 to 86400 seconds", "leave it out for no limit per move")
            }
        }
        var onTimeout = moderated ? TimeoutPolicy.skip : .walkAway
        if let value = body["onTimeout"] {
            if let raw = value as? String, let policy = TimeoutPolicy(rawValue: raw) {
                onTimeout = policy
                if moderated, policy == .walkAway {
                    problem("onTimeout", "a moderated session has no walking away", "skip (the person passes) or agent (boulware speaks for them)")
                }
            } else {
                problem("onTimeout", "unknown timeout policy", moderated ? "one of: skip, agent" : "one of: walkAway, agent, skip")
            }
        }
        var seed: UInt64 = 1
        if let value = body["seed"] {
            if let number = Self.integer(value), number >= 0 { seed = UInt64(number) } else {
                problem("seed", "the seed must be a whole number, 0 or more", "for example \"seed\": 7")
            }
        }
        var pace = 0.0
        if let value = body["pace"] {
            if let number = Self.number(value), (0...10).contains(number) { pace = number } else {
                problem("pace", "the pace must be from 0 to 10 seconds between automated moves", "0 moves them at once")
            }
        }
        var seats: [String: Seat] = [:]
        let strategies = Strategy.allCases.map(\.rawValue).joined(separator: ", ")
        if let value = body["seats"], !(value is [String: Any]) {
            problem("seats", "the seats must be an object of party id → seat", "for example {\"UA\": {\"person\": true}, \"RU\": {\"strategy\": \"boulware\"}}")
        }
        let given = body["seats"] as? [String: Any] ?? [:]
        for party in given.keys.sorted() where !ids.contains(party) {
            problem("seats.\(party)", "no party '\(party)'", "the parties: \(ids.joined(separator: ", "))")
        }
        for party in ids {
            guard let seat = given[party] else { seats[party] = Seat(strategy: Strategy.boulware.rawValue); continue }
            guard let fields = seat as? [String: Any] else {
                problem("seats.\(party)", "a seat must be an object", "{\"strategy\": \"boulware\"} or {\"person\": true}")
                continue
            }
            if let value = fields["person"], !Self.isBoolean(value) {
                problem("seats.\(party).person", "person must be true or false", "{\"person\": true}")
            }
            let person = fields["person"].map(Self.isBoolean) == true && fields["person"] as? Bool == true
            let name = fields["name"] as? String
            if let value = fields["name"], !(value is String) || (name?.count ?? 0) > 80 {
                problem("seats.\(party).name", "the name must be text of at most 80 characters", "shorten it")
            }
            if let model = fields["llm"] {
                guard languageModels else {
                    problem("seats.\(party).llm", "this workspace has no language-model endpoint",
                            "start it with parley serve --llm-base-url URL (or PARLEY_LLM_BASE_URL), or seat a strategy")
                    continue
                }
                guard let text = model as? String, text.range(of: #"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,199}$"#, options: .regularExpression) != nil,
                      !person, fields["strategy"] == nil, fields["agent"] == nil else {
                    problem("seats.\(party).llm", "a language-model seat needs the model's name (letters, digits and . _ : / -), and nothing else of a seat",
                            "{\"llm\": \"smollm2\"}")
                    continue
                }
                seats[party] = Seat(model: text)
            } else if let command = fields["agent"] {
                guard !moderated else {
                    problem("seats.\(party).agent", "agent programs speak stacked alternating offers, not the moderated protocol",
                            "seat a strategy, a language model or a person")
                    continue
                }
                guard allowCommands else {
                    problem("seats.\(party).agent", "this workspace does not run agent programs",
                            "start it with parley serve --allow-agent-commands, or seat a strategy")
                    continue
                }
                guard let text = command as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty, text.count <= 1000, !person,
                      fields["strategy"] == nil else {
                    problem("seats.\(party).agent", "an agent seat needs the program's command, and nothing else of a seat",
                            "{\"agent\": \"python3 my_agent.py\"}")
                    continue
                }
                seats[party] = Seat(command: text)
            } else if let strategy = fields["strategy"] {
                if person { problem("seats.\(party)", "a seat is either a person or a strategy, not both", "remove one of them") }
                guard let name = strategy as? String, Strategy(rawValue: name) != nil else {
                    problem("seats.\(party).strategy", "unknown strategy", "the strategies: \(strategies)")
                    continue
                }
                seats[party] = Seat(strategy: name)
            } else if person {
                seats[party] = Seat(token: Secret.random(), name: name)
            } else {
                problem("seats.\(party)", "the seat names neither a strategy nor a person", "{\"strategy\": \"boulware\"} or {\"person\": true}")
            }
            for key in fields.keys.sorted() where !["person", "strategy", "name", "agent", "llm"].contains(key) {
                problem("seats.\(party).\(key)", "unknown field '\(key)'", "a seat has person, strategy, agent, llm and name")
            }
        }
        guard problems.isEmpty else { throw SessionProblems(problems) }
        return SessionSetup(scenario: body["scenario"] as? String ?? "", version: body["version"].flatMap(Self.integer) ?? 0,
                            protocol: proto, rounds: rounds, turns: turns, proposer: proposer, minutes: minutes, moveSeconds: moveSeconds, onTimeout: onTimeout,
                            seed: seed, pace: pace, seats: seats, created: now)
    }

    /// A whole number from JSON (an integral double counts).
    public static func integer(_ value: Any) -> Int? {
        if isBoolean(value) { return nil }
        if let number = value as? Int { return number }
        if let number = value as? Double, number.isFinite, number == number.rounded(), abs(number) < 1e15 { return Int(number) }
        return nil
    }

    static func number(_ value: Any) -> Double? {
        if isBoolean(value) { return nil }
        if let number = value as? Double, number.isFinite { return number }
        if let number = value as? Int { return Double(number) }
        return nil
    }

    /// Whether a value JSONSerialization read is `true` or `false` (on Linux every JSON number is
    /// an NSNumber that also casts to Bool; the booleans are their own class).
    static func isBoolean(_ value: Any) -> Bool {
        let type = String(describing: Swift.type(of: value))
        return type == "Bool" || type.contains("Boolean")
    }

}

/// Problems with a session request or an action: each names its field and says how to fix it.
public struct SessionProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, Codable {
        public var field: String
        public var message: String
        public var help: String

        public init(field: String, message: String, help: String) {
            self.field = field
            self.message = message
            self.help = help
        }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map { "\($0.field): \($0.message) (\($0.help))" }.joined(separator: "\n") }
}
