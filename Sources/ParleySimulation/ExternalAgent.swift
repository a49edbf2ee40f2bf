import Foundation
import ParleyAnalysis
import ParleyCore

/// A negotiator played by another program, over the JSON-lines protocol `parley.agent/1`
/// (docs/external-agents.md): one JSON object per line on the program's stdin and stdout.
///
/// The program gets its own preferences only (its additive utility table, reservation value and
/// red lines), then `propose` and `respond` messages, each to be answered within the move time
/// limit. A program that cannot be started, exits, stays silent past the limit or answers with
/// anything but a valid move walks away (when it should open, too); ``problem`` says why, and the
/// run never stalls.
public struct ExternalNegotiator: Negotiator {
    public var name: String
    private let connection: AgentConnection
    private let space: OutcomeSpace
    private let issues: [AgentMessage.Issue]
    private var start: AgentMessage.Start
    private let parties: [String]
    /// The other parties' actions since the agent's last turn, sent with its next message.
    private var seen: [AgentMessage.Seen] = []

    /// - Parameters:
    ///   - command: run with `/bin/sh -c`, so it may hold arguments and quotes.
    ///   - party: the index of the party the program plays.
    ///   - moveTimeLimit: seconds allowed for each answer.
    public init(command: String, scenario: Scenario, party: Int, moveTimeLimit: Double = 5) {
        name = "external: \(command)"
        let model = UtilityModel(scenario)
        space = model.space
        issues = scenario.issues.map { AgentMessage.Issue(id: $0.id.rawValue, options: $0.options.map(\.id.rawValue)) }
        connection = AgentConnection(command: command, party: scenario.parties[party].id.rawValue, moveTimeLimit: moveTimeLimit)
        parties = scenario.parties.map(\.id.rawValue)
        var values: [String: [String: Double]] = [:]
        for (i, issue) in scenario.issues.enumerated() {
            values[issue.id.rawValue] = Dictionary(uniqueKeysWithValues: issue.options.indices.map {
                (issue.options[$0].id.rawValue, model.contribution(party, issue: i, option: $0))
            })
        }
        start = AgentMessage.Start(
            party: scenario.parties[party].id.rawValue, parties: parties, moveTimeLimit: moveTimeLimit, issues: issues,
            preferences: AgentMessage.Preferences(offset: model.offsets[party], values: values, reservation: model.reservations[party],
                                                  redLines: scenario.parties[party].preferences.redLines.map(AgentMessage.RedLine.init)))
    }

    /// Why the program walked away, when it failed; nil when it played by the rules.
    public var problem: String? { connection.problem }

    public mutating func start(_ context: NegotiationContext) {
        start.rounds = context.rounds
        start.preferences.discount = context.discount
        connection.launch(first: .start(start))
    }

    public mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double) {
        seen.append(AgentMessage.Seen(party: parties[party], action: action, offer: options(of: package), time: time))
    }

    /// The actions seen since the last turn, for the next message (and forgotten).
    private mutating func takeSeen() -> [AgentMessage.Seen] {
        defer { seen = [] }
        return seen
    }

    /// The program's move: with nothing on the table, its opening offer (a `propose` message),
    /// else its answer to `offer` (a `respond` message). Any failure is walking away.
    public mutating func act(on offer: Int?, time: Double) -> NegotiationAction {
        guard let offer else {
            guard let reply = connection.ask(.propose(time: time, seen: takeSeen()), expecting: "an offer") else { return .walkAway }
            switch reply {
            case .offer(let options): return package(options, for: "the opening offer").map { .offer(package: $0) } ?? .walkAway
            case .walkAway: connection.fail("walked away"); return .walkAway
            case .accept, .unknown:
                connection.fail("answered \(reply.summary) to propose; expected an offer")
                return .walkAway
            }
        }
        guard let reply = connection.ask(.respond(time: time, offer: options(of: offer), seen: takeSeen()),
                                         expecting: "accept, offer or walk-away") else { return .walkAway }
        switch reply {
        case .accept: return .accept
        case .walkAway: connection.fail("walked away"); return .walkAway
        case .offer(let options): return package(options, for: "its counter-offer").map { .offer(package: $0) } ?? .walkAway
        case .unknown(let type):
            connection.fail("answered with type \(type?.description ?? "nothing"); expected accept, offer or walk-away")
            return .walkAway
        }
    }

    /// The opening offer; ``act(on:time:)`` is the move the protocol asks for, since a program
    /// that fails to open walks away (here: package 0, which the protocol never uses).
    public mutating func open(time: Double) -> Int {
        if case .offer(let package) = act(on: nil, time: time) { return package }
        return 0
    }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        act(on: offer, time: time)
    }

    /// Ends the session: tells the program the outcome and stops it.
    public func finish(agreement: Int?) {
        connection.close(.end(agreement: agreement.map(options(of:))))
    }

    private func options(of package: Int) -> [String: String] {
        var digits = [Int](repeating: 0, count: issues.count)
        space.digits(of: package, into: &digits)
        return Dictionary(uniqueKeysWithValues: issues.indices.map { (issues[$0].id, issues[$0].options[digits[$0]]) })
    }

    private func package(_ offer: [String: JSONValue]?, for what: String) -> Int? {
        switch Self.package(offer, issues: issues, for: what) {
        case .success(let index): return index
        case .failure(let problem):
            connection.fail(problem.message)
            return nil
        }
    }

    /// The package an agent's offer names (issue id → option id), or what is wrong with it.
    static func package(_ offer: [String: JSONValue]?, issues: [AgentMessage.Issue], for what: String) -> Result<Int, AgentProblem> {
        guard let offer else { return .failure(AgentProblem(message: "\(what) has no \"offer\" object")) }
        var index = 0
        for issue in issues {
            guard case .string(let chosen) = offer[issue.id], let option = issue.options.firstIndex(of: chosen) else {
                let given = offer[issue.id]?.description ?? "nothing"
                return .failure(AgentProblem(message: "\(what) gives \(given) for issue '\(issue.id)'; expected one of \(issue.options.joined(separator: ", "))"))
            }
            index = index * issue.options.count + option
        }
        if let unknown = offer.keys.sorted().first(where: { key in !issues.contains { $0.id == key } }) {
            return .failure(AgentProblem(message: "\(what) names an unknown issue '\(unknown)'"))
        }
        return .success(index)
    }
}

/// What is wrong with what an external agent sent.
struct AgentProblem: Error, Hashable, Sendable {
    var message: String
}

/// One line an external agent sends, read as a session reads it: the reply, and for an offer the
/// package it names over `issues` (issue id → option ids) or the problem. For fuzzing: any bytes
/// give an answer, never a crash.
package enum AgentReplyProbe {
    package static func read(_ line: Data, issues: [(id: String, options: [String])]) -> String {
        guard let reply = try? JSONDecoder().decode(AgentReply.self, from: line) else { return "not a reply" }
        guard case .offer(let offer) = reply else { return reply.summary }
        let specs = issues.map { AgentMessage.Issue(id: $0.id, options: $0.options) }
        switch ExternalNegotiator.package(offer, issues: specs, for: "the offer") {
        case .success(let index): return "package \(index)"
        case .failure(let problem): return problem.message
        }
    }
}

extension AgentReply {
    /// What the agent answered, for a problem report.
    var summary: String {
        switch self {
        case .accept: "accept"
        case .offer: "an offer"
        case .walkAway: "walk-away"
        case .unknown(let type): "type \(type?.description ?? "nothing")"
        }
    }
}
