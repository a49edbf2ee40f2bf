import ParleyCore
import ParleySimulation

/// The result of `parley simulate --protocol moderated`: the transcript, the final proposal and
/// the benchmark's metrics (`parley.moderated/1`).
public struct ModeratedReport: Hashable, Sendable, Codable {
    public var contract = "parley.moderated/1"
    public var `protocol` = "moderated"
    public var seed: UInt64
    /// The proposer's party id, or `mediator`.
    public var proposer: String
    /// Party → strategy.
    public var strategies: [String: String]
    /// The agreement rule, as stated.
    public var rule: String
    /// The discussion's speaking order (party ids).
    public var schedule: [String]
    public var turns: [Turn]
    public var final: Final
    public var metrics: Metrics

    public struct Turn: Hashable, Sendable, Codable {
        /// `opening`, `discussion` or `final`.
        public var phase: String
        /// The speaker's party id, or `mediator`.
        public var party: String
        public var message: String
        /// The deal put on the table (issue → option), or nil.
        public var deal: [String: String]?
        /// Whether the move was a well-formed one (a classic strategy's always is; a language
        /// model's reply may not be).
        public var valid: Bool
        /// What a model-backed seat did: its prompt, raw reply, tokens and time.
        public var record: SeatRecord?

        public init(phase: String, party: String, message: String, deal: [String: String]?, valid: Bool, record: SeatRecord? = nil) {
            self.phase = phase
            self.party = party
            self.message = message
            self.deal = deal
            self.valid = valid
            self.record = record
        }
    }

    public struct Final: Hashable, Sendable, Codable {
        public var deal: [String: String]?
        public var passes: Bool
        public var unanimous: Bool
        /// Party → utility of the final deal.
        public var scores: [String: Double]?
        /// The parties that accept the final deal, in party order.
        public var acceptedBy: [String]

        public init(deal: [String: String]?, passes: Bool, unanimous: Bool, scores: [String: Double]?, acceptedBy: [String]) {
            self.deal = deal
            self.passes = passes
            self.unanimous = unanimous
            self.scores = scores
            self.acceptedBy = acceptedBy
        }
    }

    public struct Metrics: Hashable, Sendable, Codable {
        public var anyPass: Bool
        public var finalPass: Bool
        public var finalUnanimous: Bool
        /// Party → share of its own deals below its own reservation value (absent: it put none).
        public var wrongRate: [String: Double]
        public var gini: Double?
        public var distanceToFrontier: Double?

        public init(anyPass: Bool, finalPass: Bool, finalUnanimous: Bool, wrongRate: [String: Double], gini: Double?, distanceToFrontier: Double?) {
            self.anyPass = anyPass
            self.finalPass = finalPass
            self.finalUnanimous = finalUnanimous
            self.wrongRate = wrongRate
            self.gini = gini
            self.distanceToFrontier = distanceToFrontier
        }
    }

    public init(seed: UInt64, proposer: String, strategies: [String: String], rule: String, schedule: [String], turns: [Turn],
                final: Final, metrics: Metrics) {
        self.seed = seed
        self.proposer = proposer
        self.strategies = strategies
        self.rule = rule
        self.schedule = schedule
        self.turns = turns
        self.final = final
        self.metrics = metrics
    }

    public func text(_ names: Names) -> String {
        func who(_ id: String) -> String { id == "mediator" ? "the mediator" : names.party(id) }
        var out = ["Moderated negotiation (seed \(seed)): \(who(proposer)) opens and makes the final proposal; \(schedule.count) turns.",
                   "Who must agree: \(rule).",
                   "Strategies: " + names.partyOrder.map { "\(names.party($0)) \(strategies[$0] ?? "?")" }.joined(separator: ", "), ""]
        for (k, turn) in turns.enumerated() {
            let label = turn.phase == "discussion" ? "turn \(k)" : turn.phase
            out.append("  \(label) \(who(turn.party)): \(turn.message)" + (turn.deal.map { " " + names.packageText($0) } ?? "")
                       + (turn.valid ? "" : " (invalid reply" + (turn.record?.error.map { ": \($0)" } ?? "") + ", counted as a pass)"))
        }
        out.append("")
        if let deal = final.deal {
            out.append("Final proposal: " + names.packageText(deal))
            out.append(final.passes ? "It passes (\(final.unanimous ? "every party accepts it" : "accepted by " + final.acceptedBy.map(names.party).listed))."
                                    : "It does not pass (accepted by " + (final.acceptedBy.isEmpty ? "nobody" : final.acceptedBy.map(names.party).listed) + ").")
            if let scores = final.scores { out.append("Scores: " + names.utilitiesText(scores)) }
        } else {
            out.append("No final proposal.")
        }
        out.append("")
        out.append("Metrics: some deal passed: \(metrics.anyPass ? "yes" : "no"); final passes: \(metrics.finalPass ? "yes" : "no"); "
                   + "final unanimous: \(metrics.finalUnanimous ? "yes" : "no")"
                   + (metrics.gini.map { "; Gini of the final scores \($0.formatted(decimals: 3))" } ?? "")
                   + (metrics.distanceToFrontier.map { "; distance to the frontier of passing deals \($0.formatted(decimals: 3))" } ?? ""))
        let wrong = names.partyOrder.compactMap { id in metrics.wrongRate[id].map { "\(names.party(id)) \(($0 * 100).formatted(decimals: 0))%" } }
        if !wrong.isEmpty { out.append("Own deals below the party's own reservation value: " + wrong.joined(separator: ", ")) }
        return out.joined(separator: "\n") + "\n"
    }
}
