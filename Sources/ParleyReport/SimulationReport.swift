import ParleyCore
import ParleySimulation

/// The result of `parley simulate`: the outcome and the trace of every action.
public struct SimulationReport: Hashable, Sendable, Codable {
    public var contract = "parley.simulation/1"
    public var protocolName = "SAOP"
    public var strategies: [String: String]
    public var leverage: [String]
    public var rounds: Int
    public var seed: UInt64 = 1
    /// The wall-clock deadline in seconds, when there was one.
    public var timeLimit: Double?
    /// Whether payoffs are discounted (party → factor, for the parties that have one).
    public var discounts: [String: Double] = [:]
    /// The normalised time (0..1) at which the negotiation ended.
    public var endedAtTime: Double = 1
    public var agreement: [String: String]?
    public var endedInRound: Int
    public var walkedAway: String?
    /// Party → payoff (utility of the agreement, or the reservation value without one).
    public var payoffs: [String: Double]
    /// What went wrong with external agents (each walked away when it did).
    public var problems: [String] = []
    public var trace: [Step]
    /// Without agreement: the parties that had not accepted the last offer on the table (who
    /// blocked it), in party order; empty with an agreement.
    public var blockedBy: [String] = []
    /// Each language-model seat's turns, in order (party id → the prompt, the raw reply, tokens and
    /// time of each); absent without such seats.
    public var languageModelTurns: [String: [SeatRecord]]?

    public struct Step: Hashable, Sendable, Codable {
        public var round: Int
        public var party: String
        public var action: TraceStep.Action
        /// The package on the table after the action (nil for walking away before the opening offer).
        public var package: [String: String]?
        public var utilities: [String: Double]

        public init(round: Int, party: String, action: TraceStep.Action, package: [String: String]?, utilities: [String: Double]) {
            self.round = round
            self.party = party
            self.action = action
            self.package = package
            self.utilities = utilities
        }
    }

    public init(strategies: [String: String], leverage: [String], rounds: Int, seed: UInt64, timeLimit: Double?,
                discounts: [String: Double], endedAtTime: Double, agreement: [String: String]?, endedInRound: Int,
                walkedAway: String?, payoffs: [String: Double], problems: [String], trace: [Step]) {
        self.strategies = strategies
        self.leverage = leverage
        self.rounds = rounds
        self.seed = seed
        self.timeLimit = timeLimit
        self.discounts = discounts
        self.endedAtTime = endedAtTime
        self.agreement = agreement
        self.endedInRound = endedInRound
        self.walkedAway = walkedAway
        self.payoffs = payoffs
        self.problems = problems
        self.trace = trace
    }

    /// The parties (of `parties`, in that order) that had neither made nor accepted the last offer
    /// when the negotiation ended.
    public static func blockers(_ trace: [Step], parties: [String]) -> [String] {
        guard let last = trace.lastIndex(where: { $0.action == .offer }) else { return [] }
        var agreed: Set<String> = [trace[last].party]
        for step in trace[(last + 1)...] where step.action == .accept { agreed.insert(step.party) }
        return parties.filter { !agreed.contains($0) }
    }

    public func text(_ names: Names) -> String {
        var out = ["Stacked alternating offers, " + (timeLimit != nil && rounds >= Int.max / 64 ? "no round limit" : "\(rounds) rounds") + "; strategies: "
                   + names.partyOrder.map { "\(names.party($0)) \(strategies[$0] ?? "?")" }.joined(separator: ", ")]
        if !leverage.isEmpty { out.append("With leverage: " + leverage.joined(separator: ", ")) }
        if let timeLimit { out.append("Wall-clock deadline: \(timeLimit.formatted(decimals: 3)) s (ended at normalised time \(endedAtTime.formatted(decimals: 3)))") }
        if !discounts.isEmpty {
            out.append("Discounted payoffs (utility × factor^time): " + names.partyOrder.compactMap { id in discounts[id].map { "\(names.party(id)) \($0)" } }.joined(separator: ", "))
        }
        out.append("")
        if let agreement {
            out.append("Agreement in round \(endedInRound): " + names.packageText(agreement))
        } else if let walkedAway {
            out.append("No agreement: \(names.party(walkedAway)) walked away in round \(endedInRound).")
        } else {
            out.append("No agreement by the deadline (\(rounds) rounds): every party gets its reservation value.")
        }
        let blockers = names.partyOrder.filter { blockedBy.contains($0) }
        if agreement == nil, !blockers.isEmpty, let last = trace.last(where: { $0.action == .offer }) {
            out.append("The last offer, by \(names.party(last.party)) in round \(last.round), was not accepted by "
                + blockers.map { names.party($0) }.listed + ".")
        }
        out.append("Payoffs: " + names.utilitiesText(payoffs))
        for problem in problems { out.append("Problem: " + problem) }
        out.append("")
        let shown = trace.count <= 40 ? trace : Array(trace.prefix(20)) + Array(trace.suffix(20))
        out.append("Trace (\(trace.count) actions\(trace.count > 40 ? ", first and last 20 shown" : "")):")
        for step in shown {
            out.append("  round \(step.round) \(names.party(step.party)) \(step.action.rawValue): " + names.utilitiesText(step.utilities))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
