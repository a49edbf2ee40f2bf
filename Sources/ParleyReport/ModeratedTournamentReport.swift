import Foundation
import ParleyCore

/// `parley tournament --protocol moderated`: each strategy at a table of its own (every seat plays
/// it, as the LLM-Deliberation benchmark seats one model in every seat) on each scenario, from
/// `repetitions` seeds, and the benchmark's metrics per cell and per strategy
/// (`parley.moderated-tournament/1`).
public struct ModeratedTournamentReport: Hashable, Sendable, Codable {
    public var contract = "parley.moderated-tournament/1"
    public var `protocol` = "moderated"
    public var strategies: [String]
    public var scenarios: [String]
    /// Seeds per cell: seed, seed + 1, ...
    public var repetitions: Int
    public var seed: UInt64
    /// Whether a mediator seat opened and made the final proposal.
    public var mediator: Bool
    public var cells: [Cell]
    /// Strategies by their final pass rate over every game, best first.
    public var standings: [Standing]

    /// One strategy on one scenario.
    public struct Cell: Hashable, Sendable, Codable {
        public var scenario: String
        public var strategy: String
        public var rule: String
        public var metrics: ModeratedSeedsReport.Metrics

        public init(scenario: String, strategy: String, rule: String, metrics: ModeratedSeedsReport.Metrics) {
            self.scenario = scenario
            self.strategy = strategy
            self.rule = rule
            self.metrics = metrics
        }
    }

    /// A strategy over every scenario: rates pooled over all its games; means over its cells.
    public struct Standing: Hashable, Sendable, Codable {
        public var strategy: String
        public var finalPass: ModeratedSeedsReport.Rate
        public var finalUnanimous: ModeratedSeedsReport.Rate
        public var anyPass: ModeratedSeedsReport.Rate
        /// The mean over its cells of the parties' mean share of own deals below their reservation value.
        public var wrongRate: Double?
        public var gini: Double?
        public var distanceToFrontier: Double?
    }

    public init(strategies: [String], scenarios: [String], repetitions: Int, seed: UInt64, mediator: Bool, cells: [Cell]) {
        self.strategies = strategies
        self.scenarios = scenarios
        self.repetitions = repetitions
        self.seed = seed
        self.mediator = mediator
        self.cells = cells
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        standings = strategies.map { strategy in
            let own = cells.filter { $0.strategy == strategy }
            func pooled(_ rate: (ModeratedSeedsReport.Metrics) -> ModeratedSeedsReport.Rate) -> ModeratedSeedsReport.Rate {
                ModeratedSeedsReport.Rate(count: own.reduce(0) { $0 + rate($1.metrics).count }, of: own.reduce(0) { $0 + rate($1.metrics).of })
            }
            return Standing(strategy: strategy, finalPass: pooled(\.finalPass), finalUnanimous: pooled(\.finalUnanimous), anyPass: pooled(\.anyPass),
                            wrongRate: mean(own.compactMap { mean(Array($0.metrics.wrongRate.values)) }),
                            gini: mean(own.compactMap { $0.metrics.gini?.mean }),
                            distanceToFrontier: mean(own.compactMap { $0.metrics.distanceToFrontier?.mean }))
        }.sorted { ($0.finalPass.share, $0.anyPass.share, $1.strategy) > ($1.finalPass.share, $1.anyPass.share, $0.strategy) }
    }

    public func text() -> String {
        func percent(_ rate: ModeratedSeedsReport.Rate) -> String {
            "\((rate.share * 100).formatted(decimals: 0))% [\((rate.low * 100).formatted(decimals: 0))–\((rate.high * 100).formatted(decimals: 0))]"
        }
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }
        var out = ["Moderated tournament: \(strategies.count) strategies × \(scenarios.count) scenario(s) × \(repetitions) seed(s) from \(seed)"
                   + (mediator ? ", a mediator opening and proposing" : ", the proposer party opening and proposing") + ".",
                   "Each strategy plays every seat of its table. Rates over all its games, with the 95% Wilson interval.", "",
                   cell("strategy", 16) + cell("final passes", 18) + cell("unanimous", 18) + cell("some deal passed", 18)
                   + cell("own deals below RV", 20) + cell("Gini", 8) + "distance"]
        for row in standings {
            out.append(cell(row.strategy, 16) + cell(percent(row.finalPass), 18) + cell(percent(row.finalUnanimous), 18)
                       + cell(percent(row.anyPass), 18) + cell(row.wrongRate.map { "\(($0 * 100).formatted(decimals: 0))%" } ?? "-", 20)
                       + cell(row.gini.map { $0.formatted(decimals: 3) } ?? "-", 8)
                       + (row.distanceToFrontier.map { $0.formatted(decimals: 3) } ?? "-"))
        }
        if scenarios.count > 1 {
            out += ["", "By scenario (final passes):"]
            for scenario in scenarios {
                out.append("  \(scenario): " + strategies.compactMap { strategy in
                    cells.first { $0.scenario == scenario && $0.strategy == strategy }.map { "\(strategy) \(percent($0.metrics.finalPass))" }
                }.joined(separator: ", "))
            }
        }
        return out.joined(separator: "\n")
    }
}
