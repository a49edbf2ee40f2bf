import ParleyCore

/// One match's outcome, by name (parties by id, competitors by name).
public struct TournamentMatch: Hashable, Sendable, Codable {
    /// The match's number in the whole tournament (shard `i/n` runs those with `job % n == i − 1`).
    public var job: Int
    public var scenario: String
    /// Party → competitor.
    public var assignment: [String: String]
    public var repetition: Int
    public var agreement: Bool
    public var rounds: Int
    public var payoffs: [String: Double]
    public var welfare: Double
    /// Euclidean distance, in utility, from the agreement to the nearest point of the zone's
    /// Pareto frontier (nil without agreement).
    public var distanceToFrontier: Double?
    /// Euclidean distance from the agreement to the Nash package (nil without agreement or zone).
    public var distanceToNash: Double?
    /// Why external agents walked away (crash, timeout, malformed message), when they did.
    public var problems: [String]?
    /// Party → the calls its language-model seat made (prompt, raw reply, tokens, time), in order;
    /// nil when no seat of the match calls a model.
    public var calls: [String: [SeatRecord]]?
}

/// A competitor's record over a tournament's matches.
public struct TournamentStanding: Hashable, Sendable, Codable {
    public var strategy: String
    /// Seats played: one per party slot the competitor held in a match.
    public var seats: Int
    public var agreementRate: Double
    /// Its own payoff (utility of the agreement, or its reservation value without one).
    public var meanUtility: Double
    public var meanWelfare: Double
    /// Over agreements only.
    public var meanDistanceToFrontier: Double?
    public var meanDistanceToNash: Double?
    public var meanRoundsToAgreement: Double?

    /// The standings of `competitors` (by name) over `matches`, best mean own utility first (ties
    /// by name); competitors without a seat are left out. Sums run over the matches in order and
    /// parties by id, so that every process gets the same numbers.
    public static func rank(_ matches: [TournamentMatch], competitors: [String]) -> [TournamentStanding] {
        struct Row { var seats = 0, agreements = 0, utility = 0.0, welfare = 0.0, frontier: [Double] = [], nash: [Double] = [], rounds: [Double] = [] }
        var table: [String: Row] = [:]
        for match in matches {
            for (party, strategy) in match.assignment.sorted(by: { $0.key < $1.key }) {
                var row = table[strategy] ?? Row()
                row.seats += 1
                row.utility += match.payoffs[party] ?? 0
                row.welfare += match.welfare
                if match.agreement {
                    row.agreements += 1
                    row.rounds.append(Double(match.rounds))
                    if let d = match.distanceToFrontier { row.frontier.append(d) }
                    if let d = match.distanceToNash { row.nash.append(d) }
                }
                table[strategy] = row
            }
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return competitors.compactMap { strategy in
            guard let row = table[strategy], row.seats > 0 else { return nil }
            let seats = Double(row.seats)
            return TournamentStanding(strategy: strategy, seats: row.seats, agreementRate: Double(row.agreements) / seats,
                                      meanUtility: row.utility / seats, meanWelfare: row.welfare / seats,
                                      meanDistanceToFrontier: mean(row.frontier), meanDistanceToNash: mean(row.nash),
                                      meanRoundsToAgreement: mean(row.rounds))
        }.sorted { ($0.meanUtility, $1.strategy) > ($1.meanUtility, $0.strategy) }
    }
}
