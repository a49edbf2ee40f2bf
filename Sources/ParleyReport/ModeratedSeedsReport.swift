import Foundation
import ParleyCore

/// `parley simulate --protocol moderated --seeds N`: the same table played from N seeds (seed,
/// seed + 1, ...), each game in full, and the benchmark's metrics over the games
/// (`parley.moderated-seeds/1`).
///
/// The seed draws the speaking order and the random strategies' choices, so the games differ in
/// who speaks when; rates come with their 95% Wilson score interval (Wilson 1927), which stays
/// inside [0, 1] and is honest for few games and rates near 0 or 1.
public struct ModeratedSeedsReport: Hashable, Sendable, Codable {
    public var contract = "parley.moderated-seeds/1"
    public var `protocol` = "moderated"
    public var proposer: String
    public var strategies: [String: String]
    public var rule: String
    public var seeds: [UInt64]
    public var metrics: Metrics
    /// Every game in full, by seed (each a `parley.moderated/1` report).
    public var games: [ModeratedReport]

    /// How often something happened: `count` of `of` games, the share, and its 95% Wilson interval.
    public struct Rate: Hashable, Sendable, Codable {
        public var count: Int
        public var of: Int
        public var share: Double
        public var low: Double
        public var high: Double

        public init(count: Int, of total: Int) {
            self.count = count
            self.of = total
            guard total > 0 else { (share, low, high) = (0, 0, 1); return }
            let n = Double(total), p = Double(count) / n, z = 1.959964
            let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
            share = p
            low = max(0, centre - half)
            high = min(1, centre + half)
        }
    }

    /// A number's spread over the games that have it.
    public struct Summary: Hashable, Sendable, Codable {
        public var games: Int
        public var mean: Double
        /// The sample standard deviation (0 for one game).
        public var sd: Double
        public var min: Double
        public var max: Double

        public init?(_ values: [Double]) {
            guard let low = values.min(), let high = values.max() else { return nil }
            games = values.count
            mean = values.reduce(0, +) / Double(values.count)
            let m = mean
            sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
            min = low
            max = high
        }
    }

    public struct Metrics: Hashable, Sendable, Codable {
        public var anyPass: Rate
        public var finalPass: Rate
        public var finalUnanimous: Rate
        /// Party → the mean, over the games in which it put deals on the table, of the share of its
        /// own deals below its own reservation value.
        public var wrongRate: [String: Double]
        /// Party → its utility of the final deal, over the games with a final deal.
        public var scores: [String: Summary]
        public var gini: Summary?
        public var distanceToFrontier: Summary?
    }

    public init(games: [ModeratedReport], parties: [String]) {
        let first = games.first
        proposer = first?.proposer ?? "mediator"
        strategies = first?.strategies ?? [:]
        rule = first?.rule ?? ""
        seeds = games.map(\.seed)
        self.games = games
        let n = games.count
        func rate(_ happened: (ModeratedReport) -> Bool) -> Rate { Rate(count: games.filter(happened).count, of: n) }
        var wrong: [String: Double] = [:], scores: [String: Summary] = [:]
        for party in parties {
            let rates = games.compactMap { $0.metrics.wrongRate[party] }
            if !rates.isEmpty { wrong[party] = rates.reduce(0, +) / Double(rates.count) }
            scores[party] = Summary(games.compactMap { $0.final.scores?[party] })
        }
        metrics = Metrics(anyPass: rate(\.metrics.anyPass), finalPass: rate(\.metrics.finalPass),
                          finalUnanimous: rate(\.metrics.finalUnanimous), wrongRate: wrong, scores: scores,
                          gini: Summary(games.compactMap(\.metrics.gini)),
                          distanceToFrontier: Summary(games.compactMap(\.metrics.distanceToFrontier)))
    }

    public func text(_ names: Names) -> String {
        func who(_ id: String) -> String { id == "mediator" ? "the mediator" : names.party(id) }
        func percent(_ rate: Rate) -> String {
            "\(rate.count) of \(rate.of) (\((rate.share * 100).formatted(decimals: 0))%, 95% interval "
                + "\((rate.low * 100).formatted(decimals: 0))–\((rate.high * 100).formatted(decimals: 0))%)"
        }
        func spread(_ summary: Summary) -> String {
            "mean \(summary.mean.formatted(decimals: 3)) (sd \(summary.sd.formatted(decimals: 3)), \(summary.min.formatted(decimals: 3))–\(summary.max.formatted(decimals: 3)))"
        }
        var out = ["Moderated negotiation over \(games.count) seeds (\(seeds.first.map(String.init) ?? "-")–\(seeds.last.map(String.init) ?? "-")): "
                   + "\(who(proposer)) opens and makes the final proposal.",
                   "Who must agree: \(rule).",
                   "Strategies: " + names.partyOrder.map { "\(names.party($0)) \(strategies[$0] ?? "?")" }.joined(separator: ", "), "",
                   "seed  final passes  unanimous  some deal passed  Gini    distance  final proposal"]
        for game in games {
            out.append(String(game.seed).padding(toLength: 6, withPad: " ", startingAt: 0)
                       + (game.metrics.finalPass ? "yes" : "no").padding(toLength: 14, withPad: " ", startingAt: 0)
                       + (game.metrics.finalUnanimous ? "yes" : "no").padding(toLength: 11, withPad: " ", startingAt: 0)
                       + (game.metrics.anyPass ? "yes" : "no").padding(toLength: 18, withPad: " ", startingAt: 0)
                       + (game.metrics.gini.map { $0.formatted(decimals: 3) } ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)
                       + (game.metrics.distanceToFrontier.map { $0.formatted(decimals: 3) } ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
                       + (game.final.deal.map(names.packageText) ?? "none"))
        }
        out += ["", "Final proposal passes: \(percent(metrics.finalPass))",
                "Final proposal unanimous: \(percent(metrics.finalUnanimous))",
                "Some deal on the table passed: \(percent(metrics.anyPass))"]
        if let gini = metrics.gini { out.append("Gini of the final scores: \(spread(gini))") }
        if let distance = metrics.distanceToFrontier { out.append("Distance of the final deal to the frontier of passing deals: \(spread(distance))") }
        let scores = names.partyOrder.compactMap { id in metrics.scores[id].map { "\(names.party(id)) \($0.mean.formatted(decimals: 3))" } }
        if !scores.isEmpty { out.append("Mean utility of the final deal: " + scores.joined(separator: ", ")) }
        let wrong = names.partyOrder.compactMap { id in metrics.wrongRate[id].map { "\(names.party(id)) \(($0 * 100).formatted(decimals: 0))%" } }
        if !wrong.isEmpty { out.append("Own deals below the party's own reservation value (mean over games): " + wrong.joined(separator: ", ")) }
        return out.joined(separator: "\n")
    }
}
