import Dispatch
import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyReport
import ParleySimulation
import Synchronization

/// The result of `parley tournament` (or of `parley merge` over shards): every match and the
/// standings per strategy.
public struct TournamentReport: Hashable, Sendable, Codable {
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

    public struct Match: Hashable, Sendable, Codable {
        /// The match's number in the whole tournament (shard `i/n` runs those with `job % n == i − 1`).
        public var job: Int
        public var scenario: String
        /// Party → strategy.
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
    }

    public struct Standing: Hashable, Sendable, Codable {
        public var strategy: String
        /// Seats played: one per party slot the strategy held in a match.
        public var seats: Int
        public var agreementRate: Double
        /// Its own payoff (utility of the agreement, or its reservation value without one).
        public var meanUtility: Double
        public var meanWelfare: Double
        /// Over agreements only.
        public var meanDistanceToFrontier: Double?
        public var meanDistanceToNash: Double?
        public var meanRoundsToAgreement: Double?
    }

    /// Recomputes the standings from the matches.
    mutating func rank() {
        var table: [String: (seats: Int, agreements: Int, utility: Double, welfare: Double, frontier: [Double], nash: [Double], rounds: [Double])] = [:]
        for match in matches {
            // Parties in a fixed order, so that the sums are the same in every process.
            for (party, strategy) in match.assignment.sorted(by: { $0.key < $1.key }) {
                var row = table[strategy] ?? (0, 0, 0, 0, [], [], [])
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
        standings = strategies.compactMap { strategy in
            guard let row = table[strategy], row.seats > 0 else { return nil }
            let seats = Double(row.seats)
            return Standing(strategy: strategy, seats: row.seats, agreementRate: Double(row.agreements) / seats,
                            meanUtility: row.utility / seats, meanWelfare: row.welfare / seats,
                            meanDistanceToFrontier: mean(row.frontier), meanDistanceToNash: mean(row.nash),
                            meanRoundsToAgreement: mean(row.rounds))
        }.sorted { ($0.meanUtility, $1.strategy) > ($1.meanUtility, $0.strategy) }
    }

    /// Combines the results of shards of one tournament.
    /// - Throws: ``UsageError`` when the results come from different tournaments.
    public static func merge(_ parts: [TournamentReport]) throws(UsageError) -> TournamentReport {
        guard var merged = parts.first else { throw UsageError("nothing to merge: name the shard results") }
        for part in parts.dropFirst() {
            guard part.strategies == merged.strategies, part.scenarios == merged.scenarios, part.rounds == merged.rounds,
                  part.repetitions == merged.repetitions, part.seed == merged.seed, part.jobs == merged.jobs else {
                throw UsageError("the results come from different tournaments (strategies, scenarios, rounds, repetitions, seed or size differ); merge shards of one tournament only")
            }
            merged.shards += part.shards
            merged.matches += part.matches
        }
        var seen = Set<Int>()
        merged.matches = merged.matches.filter { seen.insert($0.job).inserted }.sorted { $0.job < $1.job }
        merged.shards = Array(Set(merged.shards)).sorted()
        merged.complete = merged.matches.count == merged.jobs
        merged.rank()
        return merged
    }

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

/// The `tournament` use case: strategies × scenarios × role assignments × repetitions.
public struct Tournament: Sendable {
    public init() {}

    /// Runs the matches of shard `shard.index` of `shard.count` on all cores.
    ///
    /// Each scenario with `P` parties gets every assignment of the strategies to its parties
    /// (`S^P`, self-play included), each repeated `repetitions` times with seeds
    /// `seed + 1000 × repetition + party` (they matter only to random strategies).
    /// - Parameters:
    ///   - agents: strategy name → a command that plays over the `parley.agent/1` protocol; such
    ///     a name may appear in `strategies` like a built-in one (one process per seat and match).
    ///   - moveTimeLimit: seconds an external agent has for each answer.
    /// - Throws: ``UsageError`` for unknown strategies or a bad shard, ``DiagnosticError`` for a space too large.
    public func callAsFunction(_ scenarios: [LoadedScenario], strategies: [String], rounds: Int, repetitions: Int, seed: UInt64,
                               shard: (index: Int, count: Int) = (1, 1), agents: [String: String] = [:], moveTimeLimit: Double = 5,
                               progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> TournamentReport {
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(StrategyCatalog.names.joined(separator: ", "))") }
        guard shard.count >= 1, (1...shard.count).contains(shard.index) else {
            throw UsageError("--shard \(shard.index)/\(shard.count): the shard must be i/n with 1 ≤ i ≤ n")
        }
        guard rounds > 0, repetitions > 0 else { throw UsageError("rounds and repetitions must be positive") }
        guard let first = scenarios.first else { throw UsageError("name at least one scenario") }
        for name in agents.keys where StrategyCatalog.names.contains(name) {
            throw UsageError("the external agent '\(name)' has the name of a built-in strategy; name it otherwise")
        }
        for name in strategies where agents[name] == nil && StrategyCatalog.make(name, space: OutcomeSpace(first.scenario)) == nil {
            throw UsageError("unknown strategy '\(name)'; the strategies: \((StrategyCatalog.names + agents.keys.sorted()).joined(separator: ", "))")
        }
        struct Prepared: Sendable {
            var name: String
            var scenario: Scenario
            var model: UtilityModel
            var tables: NegotiationTables
            var parties: [String]
            var frontier: [[Double]]
            var nash: [Double]?
        }
        var prepared: [Prepared] = []
        var jobs: [(scenario: Int, assignment: [Int], repetition: Int)] = []
        for loaded in scenarios {
            let model = UtilityModel(loaded.scenario)
            let space = try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).mapSpace(model, loaded)
            prepared.append(Prepared(name: loaded.file ?? loaded.scenario.id, scenario: loaded.scenario, model: model, tables: NegotiationTables(sharing: model),
                                     parties: loaded.scenario.parties.map(\.id.rawValue),
                                     frontier: space.frontier.map(\.utilities), nash: space.solutions[.nash]?.utilities))
            let parties = loaded.scenario.parties.count
            var assignment = [Int](repeating: 0, count: parties)
            let combinations = Int(pow(Double(strategies.count), Double(parties)))
            for _ in 0..<combinations {
                for repetition in 0..<repetitions { jobs.append((prepared.count - 1, assignment, repetition)) }
                var slot = parties - 1
                while slot >= 0 {
                    assignment[slot] += 1
                    if assignment[slot] < strategies.count { break }
                    assignment[slot] = 0
                    slot -= 1
                }
            }
        }
        let mine = jobs.indices.filter { $0 % shard.count == shard.index - 1 }
        let results = Mutex<[TournamentReport.Match]>([])
        let done = Atomic<Int>(0)
        let frozenJobs = jobs, frozenPrepared = prepared
        DispatchQueue.concurrentPerform(iterations: mine.count) { k in
            let job = mine[k]
            let (s, assignment, repetition) = frozenJobs[job]
            let scenario = frozenPrepared[s]
            var externals: [ExternalNegotiator] = []
            let negotiators = assignment.enumerated().map { p, strategy -> any Negotiator in
                if let command = agents[strategies[strategy]] {
                    var agent = ExternalNegotiator(command: command, scenario: scenario.scenario, party: p, moveTimeLimit: moveTimeLimit)
                    agent.name = strategies[strategy]
                    externals.append(agent)
                    return agent
                }
                return StrategyCatalog.make(strategies[strategy], space: scenario.model.space,
                                            seed: seed &+ UInt64(1000 * repetition + p))!
            }
            let result = StackedAlternatingOffers(rounds: rounds).run(scenario.model, negotiators: negotiators, tables: scenario.tables)
            for agent in externals { agent.finish(agreement: result.agreement) }
            let problems = externals.compactMap(\.problem)
            func distance(_ a: [Double], _ b: [Double]) -> Double { sqrt(zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }) }
            let agreed = result.agreement != nil
            let match = TournamentReport.Match(
                job: job, scenario: scenario.name,
                assignment: Dictionary(uniqueKeysWithValues: zip(scenario.parties, assignment.map { strategies[$0] })),
                repetition: repetition, agreement: agreed, rounds: result.rounds,
                payoffs: Dictionary(uniqueKeysWithValues: zip(scenario.parties, result.payoffs)),
                welfare: result.payoffs.reduce(0, +),
                distanceToFrontier: agreed ? scenario.frontier.map { distance(result.payoffs, $0) }.min() : nil,
                distanceToNash: agreed ? scenario.nash.map { distance(result.payoffs, $0) } : nil,
                problems: problems.isEmpty ? nil : problems)
            results.withLock { $0.append(match) }
            let finished = done.add(1, ordering: .relaxed).newValue
            progress?(finished, mine.count)
        }
        var report = TournamentReport(strategies: strategies, scenarios: prepared.map(\.name), rounds: rounds, repetitions: repetitions,
                                      seed: seed, jobs: jobs.count, shards: ["\(shard.index)/\(shard.count)"],
                                      complete: mine.count == jobs.count,
                                      matches: results.withLock { $0 }.sorted { $0.job < $1.job }, standings: [])
        report.rank()
        return report
    }
}
