import Dispatch
import Foundation
import ParleyAnalysis
import ParleyCore

/// Who takes a seat in a tournament: a built-in strategy or an external program speaking the
/// `parley.agent/1` protocol (one process per seat and match).
public enum Competitor: Hashable, Sendable, Codable {
    case strategy(Strategy)
    case external(name: String, command: String)
    /// A negotiator the caller makes for each seat (``RoundRobin/providers``), such as a language model.
    case provided(name: String)

    /// The name the results use: the strategy's, the external program's, or the provided one's.
    public var name: String {
        switch self {
        case .strategy(let strategy): strategy.name
        case .external(let name, _), .provided(let name): name
        }
    }
}

/// A scenario prepared for a tournament's matches: its utility tables and acceptable-package
/// rankings computed once and shared by every match, and the reference points agreements are
/// measured against.
public struct TournamentScenario: Sendable {
    /// The name the results use (the file, or the scenario's id).
    public var name: String
    public var scenario: Scenario
    public var model: UtilityModel
    /// The utilities of the Pareto frontier's points (of the zone of possible agreement).
    public var frontier: [[Double]]
    /// The utilities of the Nash package, when there is one.
    public var nash: [Double]?
    let tables: NegotiationTables

    /// - Complexity: O(packages × parties) to tabulate and rank, on all cores.
    public init(name: String, scenario: Scenario, model: UtilityModel, frontier: [[Double]], nash: [Double]?) {
        self.name = name
        self.scenario = scenario
        self.model = model
        self.frontier = frontier
        self.nash = nash
        tables = NegotiationTables(sharing: model)
    }
}

/// Stacked-alternating-offers matches between competitors over scenarios, role assignments and
/// repetitions (a full round robin with self-play).
///
/// Each scenario with `P` parties gets every assignment of the `S` competitors to its parties
/// (`S^P`), each repeated `repetitions` times with seeds `seed + 1000 × repetition + party` (they
/// matter only to random strategies); matches are numbered as ``TournamentSchedule`` says.
///
/// ```swift
/// let tournament = try RoundRobin(competitors: [.strategy(.boulware), .strategy(.conceder)],
///                                 scenarios: [prepared], rounds: 100, repetitions: 1, seed: 1)
/// let matches = tournament.play()
/// let standings = TournamentStanding.rank(matches, competitors: ["boulware", "conceder"])
/// ```
public struct RoundRobin: Sendable {
    public var competitors: [Competitor]
    public var scenarios: [TournamentScenario]
    public var rounds: Int
    public var repetitions: Int
    public var seed: UInt64
    /// Seconds an external agent has for each answer.
    public var moveTimeLimit: Double
    public let schedule: TournamentSchedule
    /// The makers of ``Competitor/provided(name:)`` competitors, by name: a new negotiator for party
    /// `party` of a scenario, for each seat of each match.
    public var providers: [String: @Sendable (_ scenario: TournamentScenario, _ party: Int) -> any Negotiator] = [:]

    /// - Throws: ``TournamentTooLarge`` when the matches cannot be counted.
    public init(competitors: [Competitor], scenarios: [TournamentScenario], rounds: Int, repetitions: Int, seed: UInt64,
                moveTimeLimit: Double = 5) throws(TournamentTooLarge) {
        precondition(rounds > 0, "rounds must be positive")
        self.competitors = competitors
        self.scenarios = scenarios
        self.rounds = rounds
        self.repetitions = repetitions
        self.seed = seed
        self.moveTimeLimit = moveTimeLimit
        schedule = try TournamentSchedule(competitors: competitors.count, partyCounts: scenarios.map(\.model.partyCount),
                                          repetitions: repetitions)
    }

    /// Plays the matches of `shard` on all cores, in no particular order; the results are sorted by
    /// match number. `progress` is called after each match with the number done and the shard's total.
    /// - Complexity: O(matches in the shard) negotiations; the matches are never listed.
    public func play(shard: TournamentShard = .whole,
                     progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [TournamentMatch] {
        let total = shard.jobCount(of: schedule.count)
        let results = Locked<[TournamentMatch]>([])
        let done = Locked<Int>(0)   // (an Atomic crashes the compiler under -sanitize=thread)
        DispatchQueue.concurrentPerform(iterations: total) { k in
            let match = play(job: shard.index - 1 + k * shard.count)
            results.withLock { $0.append(match) }
            progress?(done.withLock { $0 += 1; return $0 }, total)
        }
        return results.withLock { $0 }.sorted { $0.job < $1.job }
    }

    /// Plays match number `job`.
    public func play(job: Int) -> TournamentMatch {
        let (s, assignment, repetition) = { let m = schedule[job]; return (m.scenario, m.assignment, m.repetition) }()
        let prepared = scenarios[s]
        var externals: [ExternalNegotiator] = []
        let negotiators = assignment.enumerated().map { p, competitor -> any Negotiator in
            switch competitors[competitor] {
            case .external(let name, let command):
                var agent = ExternalNegotiator(command: command, scenario: prepared.scenario, party: p, moveTimeLimit: moveTimeLimit)
                agent.name = name
                externals.append(agent)
                return agent
            case .strategy(let strategy):
                return strategy.negotiator(space: prepared.model.space, seed: seed &+ UInt64(1000 * repetition + p))
            case .provided(let name):
                guard let make = providers[name] else { preconditionFailure("no provider for the competitor '\(name)'") }
                return make(prepared, p)
            }
        }
        let result = StackedAlternatingOffers(rounds: rounds).run(prepared.model, negotiators: negotiators, tables: prepared.tables)
        for agent in externals { agent.finish(agreement: result.agreement) }
        let problems = externals.compactMap(\.problem)
        func distance(_ a: [Double], _ b: [Double]) -> Double { sqrt(zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }) }
        let agreed = result.agreement != nil
        let parties = prepared.scenario.parties.map(\.id.rawValue)
        var calls: [String: [SeatRecord]] = [:]
        for (p, negotiator) in negotiators.enumerated() where !negotiator.calls.isEmpty { calls[parties[p]] = negotiator.calls }
        return TournamentMatch(
            job: job, scenario: prepared.name,
            assignment: Dictionary(uniqueKeysWithValues: zip(parties, assignment.map { competitors[$0].name })),
            repetition: repetition, agreement: agreed, rounds: result.rounds,
            payoffs: Dictionary(uniqueKeysWithValues: zip(parties, result.payoffs)),
            welfare: result.payoffs.reduce(0, +),
            distanceToFrontier: agreed ? prepared.frontier.map { distance(result.payoffs, $0) }.min() : nil,
            distanceToNash: agreed ? prepared.nash.map { distance(result.payoffs, $0) } : nil,
            problems: problems.isEmpty ? nil : problems, calls: calls.isEmpty ? nil : calls)
    }
}
