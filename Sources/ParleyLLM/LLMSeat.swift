import Foundation
import ParleyAnalysis
import ParleyCore
import ParleySimulation

/// What every seat may know: the public story, the issues and options, the parties' names, the
/// agreement rule.
public struct PublicBrief: Sendable, Hashable {
    public var title: String
    public var story: String
    public var issues: [(id: String, name: String, options: [(id: String, name: String)])]
    public var parties: [String]
    public var rule: String
    public var radices: [Int] { issues.map(\.options.count) }

    public static func == (a: Self, b: Self) -> Bool {
        a.title == b.title && a.story == b.story && a.parties == b.parties && a.rule == b.rule
            && a.issues.map(\.id) == b.issues.map(\.id) && a.issues.map { $0.options.map(\.id) } == b.issues.map { $0.options.map(\.id) }
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(title); hasher.combine(parties) }

    /// The public part of `scenario`.
    public init(_ scenario: Scenario) {
        title = scenario.title
        story = scenario.description ?? ""
        issues = scenario.issues.map { issue in (issue.id.rawValue, issue.name, issue.options.map { ($0.id.rawValue, $0.name) }) }
        parties = scenario.parties.map(\.name)
        rule = scenario.agreement.description
    }
}

/// What only one party knows: its confidential brief, its own points for every option, its
/// reservation value and red lines. Never another party's.
public struct OwnBrief: Sendable, Hashable {
    public var party: Int
    public var name: String
    public var brief: String
    /// points[issue][option]: the option's contribution to the party's utility.
    public var points: [[Double]]
    public var offset: Double
    public var reservation: Double
    public var redLines: [String]

    /// Party `party`'s own brief in `scenario` (its utilities from `model`).
    public init(_ scenario: Scenario, model: UtilityModel, party: Int) {
        self.party = party
        let own = scenario.parties[party]
        name = own.name
        brief = own.description ?? ""
        points = scenario.issues.indices.map { i in scenario.issues[i].options.indices.map { model.contribution(party, issue: i, option: $0) } }
        offset = model.offsets[party]
        reservation = model.reservations[party]
        redLines = own.preferences.redLines.map { $0.description ?? $0.id.rawValue }
    }
}

/// A language model in a seat of the moderated protocol: at its turn it gets a prompt built from
/// the public story and its own party's brief (never another party's preferences), and answers
/// with a move constrained by a JSON schema whose enums are the scenario's issue and option ids.
/// An unreadable reply is retried once with the error stated, then counted as a pass.
///
/// The reply's `action`: `offer` puts its `deal` on the table; `accept` supports the latest deal on
/// the table (it is put on the table again in the seat's name); `walkAway` and `pass` put none.
public struct LLMModeratedSeat: ModeratedSeat {
    public let client: ChatClient
    public let publicBrief: PublicBrief
    public let own: OwnBrief
    /// How many of the latest transcript entries the prompt shows.
    public var window = 12

    public var name: String { "llm:\(client.endpoint.model)" }

    public init(client: ChatClient, publicBrief: PublicBrief, own: OwnBrief) {
        self.client = client
        self.publicBrief = publicBrief
        self.own = own
    }

    public mutating func start(_ context: NegotiationContext) {}
    public mutating func observe(party: Int?, move: ModeratedMove, time: Double) {}
    /// A rebuilt table takes the recorded moves: asking again would call the model again.
    public var replaysByAsking: Bool { false }

    public mutating func speak(_ situation: ModeratedSituation) -> (move: ModeratedMove, valid: Bool, record: SeatRecord?) {
        let (move, record) = client.ask(prompt(situation), schema: schema) { read($0, situation: situation) }
        return (move ?? ModeratedMove(message: "", deal: nil), move != nil, record)
    }

    /// The reply's JSON schema: the action, a deal with one option id per issue (or null), a message.
    public var schema: [String: Any] {
        var dealProperties: [String: Any] = [:]
        for issue in publicBrief.issues { dealProperties[issue.id] = ["type": "string", "enum": issue.options.map(\.id)] }
        let deal: [String: Any] = ["type": "object", "properties": dealProperties, "required": publicBrief.issues.map(\.id),
                                   "additionalProperties": false]
        return ["type": "object", "additionalProperties": false, "required": ["action", "deal", "message"],
                "properties": ["action": ["type": "string", "enum": ["offer", "accept", "walkAway", "pass"]],
                               "deal": ["anyOf": [deal, ["type": "null"]]],
                               "message": ["type": "string", "maxLength": 300]] as [String: Any]]
    }

    public struct Problem: Error {
        public var message: String
        public init(message: String) { self.message = message }
    }

    /// Reads a reply at a moment of `phase` with `deal` on the table: the move, or nil when the reply is not one.
    public func readReply(_ text: String, phase: ModeratedSession.Phase, deal: Int?) -> ModeratedMove? {
        var transcript: [ModeratedSession.Turn] = []
        if let deal { transcript.append(.init(phase: .opening, party: nil, move: ModeratedMove(message: "", deal: deal))) }
        let situation = ModeratedSituation(phase: phase, party: own.party, time: 0.5, turnsLeft: 3, transcript: transcript)
        return try? read(text, situation: situation).get()
    }

    /// Reads a reply into a move.
    func read(_ text: String, situation: ModeratedSituation) -> Result<ModeratedMove, Problem> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return .failure(Problem(message: "it is not a JSON object"))
        }
        let message = String((object["message"] as? String ?? "").prefix(300))
        switch object["action"] as? String {
        case "offer":
            guard let fields = object["deal"] as? [String: Any] else { return .failure(Problem(message: "an offer needs a deal")) }
            var index = 0
            for issue in publicBrief.issues {
                guard let option = fields[issue.id] as? String, let k = issue.options.firstIndex(where: { $0.id == option }) else {
                    return .failure(Problem(message: "the deal needs one of \(issue.options.map(\.id).joined(separator: ", ")) for \(issue.id)"))
                }
                index = index * issue.options.count + k
            }
            return .success(ModeratedMove(message: message, deal: index))
        case "accept":
            guard let deal = situation.deal else { return .failure(Problem(message: "there is no deal on the table to accept")) }
            return .success(ModeratedMove(message: message, deal: deal))
        case "walkAway", "pass":
            if situation.phase == .opening || situation.phase == .final {
                return .failure(Problem(message: "this move must put a deal on the table (action offer)"))
            }
            return .success(ModeratedMove(message: message, deal: nil))
        default:
            return .failure(Problem(message: "the action must be offer, accept, walkAway or pass"))
        }
    }

    /// The prompt: the public story, the seat's own brief and points, the rule, the moment, and
    /// the latest public transcript.
    public func prompt(_ situation: ModeratedSituation) -> [SeatRecord.Message] {
        let issues = publicBrief.issues.enumerated().map { i, issue in
            "- \(issue.id) \"\(issue.name)\": " + issue.options.enumerated().map { k, option in
                "\(option.id) \"\(option.name)\" (\(Self.points(own.points[i][k])) points for you)"
            }.joined(separator: "; ")
        }.joined(separator: "\n")
        let transcript = situation.transcript.suffix(window).map { turn -> String in
            let speaker = turn.party.map { publicBrief.parties[$0] } ?? "The mediator"
            return "\(speaker): \(turn.move.message)" + (turn.move.deal.map { " [deal: \(dealText($0))]" } ?? "")
        }.joined(separator: "\n")
        let task: String = switch situation.phase {
        case .opening: "Open the negotiation with a deal (action offer)."
        case .final: "Make your final proposal (action offer): it passes if the parties the rule needs accept it."
        default: "Speak now: offer a deal, accept the latest deal on the table, pass, or walk away. \(situation.turnsLeft - 1) turns remain after yours."
        }
        let system = """
            You are \(own.name) in a negotiation: "\(publicBrief.title)". Negotiate for your side. \
            Reply with one JSON object only: {"action": "offer" | "accept" | "walkAway" | "pass", "deal": {issue id: option id} or null, "message": a short public statement}.
            """
        var user = ""
        if !publicBrief.story.isEmpty { user += "The situation (known to everyone):\n\(publicBrief.story)\n\n" }
        if !own.brief.isEmpty { user += "Your confidential brief:\n\(own.brief)\n\n" }
        user += "The issues and options, with what each option is worth to you (your total is the sum\(own.offset == 0 ? "" : " plus \(Self.points(own.offset))")):\n\(issues)\n\n"
        user += "You cannot accept a deal worth less than \(Self.points(own.reservation)) points to you."
        if !own.redLines.isEmpty { user += " Your red lines: " + own.redLines.joined(separator: "; ") + "." }
        user += "\nWho must agree: \(publicBrief.rule).\nThe parties: \(publicBrief.parties.joined(separator: ", ")).\n\n"
        user += transcript.isEmpty ? "Nothing has been said yet.\n\n" : "The latest of what was said:\n\(transcript)\n\n"
        user += task
        return [.init(role: "system", content: system), .init(role: "user", content: user)]
    }

    func dealText(_ index: Int) -> String {
        var rest = index
        var codes = [String](repeating: "", count: publicBrief.issues.count)
        for (i, issue) in publicBrief.issues.enumerated().reversed() {
            codes[i] = "\(issue.id)=\(issue.options[rest % issue.options.count].id)"
            rest /= issue.options.count
        }
        return codes.joined(separator: ", ")
    }

    /// Utility shown as points out of 100.
    static func points(_ utility: Double) -> String { String(format: "%.0f", (utility * 100).rounded()) }
}

extension ChatClient {
    /// Asks the model for a move: `messages` with the reply constrained by `schema`, read by
    /// `read`. An unreadable reply is retried once, with the error stated in the conversation; a
    /// failed call is not retried (the client has its own retries).
    /// - Returns: the move (nil when no reply could be read) and the record of the call: the whole
    ///   conversation, the last raw reply, the error, attempts, tokens and time.
    public func ask<Move>(_ messages: [SeatRecord.Message], schema: [String: Any],
                          read: (String) -> Result<Move, LLMModeratedSeat.Problem>) -> (Move?, SeatRecord) {
        var messages = messages
        var attempts = 0, promptTokens = 0, completionTokens = 0, milliseconds = 0.0
        var raw = "", error: String?
        var move: Move?
        while attempts < 2, move == nil {
            attempts += 1
            do {
                let reply = try complete(messages: messages.map { ["role": $0.role, "content": $0.content] }, schema: schema)
                raw = reply.content
                promptTokens += reply.promptTokens ?? 0
                completionTokens += reply.completionTokens ?? 0
                milliseconds += reply.milliseconds
                switch read(reply.content) {
                case .success(let read):
                    move = read
                    error = nil
                case .failure(let problem):
                    error = problem.message
                    messages.append(.init(role: "assistant", content: reply.content))
                    messages.append(.init(role: "user", content: "That reply is not a valid move: \(problem.message). Answer again with the JSON object only."))
                }
            } catch let failure {
                error = failure.message
                break
            }
        }
        let record = SeatRecord(prompt: messages, reply: raw, error: error, attempts: attempts, promptTokens: promptTokens == 0 ? nil : promptTokens,
                                completionTokens: completionTokens == 0 ? nil : completionTokens, milliseconds: milliseconds)
        return (move, record)
    }
}
