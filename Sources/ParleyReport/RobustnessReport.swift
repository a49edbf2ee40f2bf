import ParleyAnalysis
import ParleyCore

/// The result of `parley robustness`: how the verdicts and the zone hold up when every judgment
/// written as a range is drawn from it.
public struct RobustnessReport: Hashable, Sendable, Codable {
    public var contract = "parley.robustness/1"
    public var runs: Int
    public var seed: UInt64
    public var distribution: String
    /// The probability that a zone of possible agreement exists (some package passes the rule).
    public var pZone: Double
    /// Who must agree, in words.
    public var rule: String
    public var proposals: [ProposalEntry]
    /// How often each package is the Nash package, most often first (runs with a zone only).
    public var nash: [NashEntry]
    /// The agreement margin at the midpoints (positive: a zone exists).
    public var baseMargin: Double
    public var tornado: [TornadoEntry]

    public struct ProposalEntry: Hashable, Sendable, Codable {
        public var id: String
        public var pAllAccept: Double
        /// The probability that it passes the agreement rule (`pAllAccept` under unanimity).
        public var pPass: Double
        /// Party id → the probability that it accepts.
        public var pAccept: [String: Double]
    }

    public struct NashEntry: Hashable, Sendable, Codable {
        public var package: [String: String]
        public var share: Double
    }

    public struct TornadoEntry: Hashable, Sendable, Codable {
        public var judgment: String
        public var low: Double
        public var high: Double
        /// The agreement margin with the judgment at its low and at its high end.
        public var marginAtLow: Double
        public var marginAtHigh: Double
        public var swing: Double
    }

    public init(_ robustness: Robustness, scenario: Scenario, model: UtilityModel) {
        let builder = ReportBuilder(scenario: scenario, model: model)
        runs = robustness.runs
        seed = robustness.seed
        distribution = robustness.distribution.rawValue
        pZone = robustness.zoneProbability
        rule = scenario.agreement.description
        proposals = robustness.proposals.map { entry in
            ProposalEntry(id: scenario.proposals[entry.proposal].id.rawValue, pAllAccept: entry.allAccept, pPass: entry.passes,
                          pAccept: builder.byParty(entry.partyAccepts))
        }
        nash = robustness.nashFrequency.prefix(10).map {
            NashEntry(package: builder.package(model.space.package(at: $0.index).options), share: Double($0.runs) / Double(max(1, robustness.runs)))
        }
        baseMargin = robustness.baseMargin
        tornado = robustness.tornado.map {
            TornadoEntry(judgment: $0.judgment.label, low: $0.judgment.estimate.low, high: $0.judgment.estimate.high,
                         marginAtLow: $0.atLow, marginAtHigh: $0.atHigh, swing: $0.swing)
        }
    }

    public func text(names: Names) -> String {
        guard !tornado.isEmpty else {
            // Without ranges every draw is the same scenario: say so instead of printing empty tables.
            return "Robustness: the scenario states no ranges, so every draw would be the same scenario and there is nothing to vary.\n"
                + "Write an uncertain judgment as a range, e.g. 'reservation: [0.6, 0.8]' or 'weight: [0.2, 0.4]', and run this again.\n"
                + "Agreement margin of the scenario as written: \(baseMargin.formatted(decimals: 3)) (positive means a zone exists).\n"
        }
        var out = ["Robustness: \(runs) runs, seed \(seed), \(distribution) draws from every range", ""]
        out.append("Probability of a zone of possible agreement: \(pZone.formatted(decimals: 3))")
        out.append("")
        let unanimity = rule.hasPrefix("unanimity")
        if !unanimity { out.insert("Agreement rule: \(rule)", at: 1) }
        var table = TextTable(columns: [.init("proposal")] + (unanimity ? [] : [.init("passes", alignment: .right)])
                              + [.init("all accept", alignment: .right)]
                              + names.partyOrder.map { .init(names.party($0), alignment: .right) })
        for proposal in proposals {
            table.append([proposal.id] + (unanimity ? [] : [proposal.pPass.formatted(decimals: 3)]) + [proposal.pAllAccept.formatted(decimals: 3)]
                         + names.partyOrder.map { (proposal.pAccept[$0] ?? 0).formatted(decimals: 3) })
        }
        out.append(table.rendered())
        if !nash.isEmpty {
            out.append("")
            out.append("Most frequent Nash packages (share of runs):")
            for entry in nash.prefix(3) { out.append("  \(entry.share.formatted(decimals: 3))  " + names.packageText(entry.package)) }
        }
        out.append("")
        out.append("Tornado: the agreement margin (\(baseMargin.formatted(decimals: 3)) at the midpoints; positive means a zone exists) with one judgment at each end of its range")
        var bars = TextTable(columns: [.init("judgment"), .init("range"), .init("at low", alignment: .right),
                                       .init("at high", alignment: .right), .init("swing", alignment: .right)])
        for bar in tornado {
            bars.append([bar.judgment, "[\(bar.low.decimalText), \(bar.high.decimalText)]", bar.marginAtLow.formatted(decimals: 3),
                         bar.marginAtHigh.formatted(decimals: 3), bar.swing.formatted(decimals: 3)])
        }
        out.append(bars.rendered(indent: 2))
        return out.joined(separator: "\n") + "\n"
    }
}
