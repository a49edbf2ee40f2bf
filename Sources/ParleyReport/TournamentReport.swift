import Foundation
import ParleyCore
import ParleySimulation

/// The result of `parley tournament` (or of `parley merge` over shards), the `parley.tournament/1`
/// JSON document: every match and the standings per strategy.
public struct TournamentReport: Hashable, Sendable, Codable {
    public typealias Match = TournamentMatch
    public typealias Standing = TournamentStanding

    public var contract = "parley.tournament/1"
    public var strategies: [String]
    public var scenarios: [String]
    public var rounds: Int
    public var repetitions: Int
    public var seed: UInt64
    /// Matches in the whole tournament (all shards).
    public var jobs: Int
    /// The shards this result holds, as "i/n".
    public var shards: [String]
    /// Whether every match of the tournament is here.
    public var complete: Bool
    public var matches: [Match]
    public var standings: [Standing]

    /// A report of `matches`, with the standings computed from them.
    public init(strategies: [String], scenarios: [String], rounds: Int, repetitions: Int, seed: UInt64, jobs: Int,
                shards: [String], matches: [Match]) {
        self.strategies = strategies
        self.scenarios = scenarios
        self.rounds = rounds
        self.repetitions = repetitions
        self.seed = seed
        self.jobs = jobs
        self.shards = shards
        self.complete = matches.count == jobs
        self.matches = matches
        self.standings = TournamentStanding.rank(matches, competitors: strategies)
    }

    /// The standings as a table, with a line saying what the tournament was.
    public func text() -> String {
        var out = ["Tournament: \(strategies.joined(separator: ", ")) on \(scenarios.count) scenario(s), \(rounds) rounds, "
                   + "\(repetitions) repetition(s); \(matches.count) of \(jobs) matches" + (complete ? "" : " (shards \(shards.joined(separator: ", ")); merge the rest with parley merge)")]
        out.append("")
        let header = ["strategy", "seats", "agreements", "utility", "welfare", "to frontier", "to Nash", "rounds"]
        var rows = [header]
        func number(_ value: Double?, _ decimals: Int = 3) -> String { value.map { $0.formatted(decimals: decimals) } ?? "-" }
        for standing in standings {
            rows.append([standing.strategy, "\(standing.seats)", (standing.agreementRate * 100).formatted(decimals: 1) + "%",
                         number(standing.meanUtility), number(standing.meanWelfare), number(standing.meanDistanceToFrontier),
                         number(standing.meanDistanceToNash), number(standing.meanRoundsToAgreement, 1)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            out.append(row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
        }
        out.append("")
        out.append("utility: mean own payoff; welfare: mean sum of payoffs; to frontier / to Nash: mean distance of agreements, in utility.")
        return out.joined(separator: "\n") + "\n"
    }
}
