import ParleyAnalysis
import ParleyCore
import ParleyLLM
import ParleyReport
import ParleySimulation

/// The `tournament` use case: strategies × scenarios × role assignments × repetitions.
public struct Tournament: Sendable {
    public init() {}

    /// Runs the matches of shard `shard.index` of `shard.count` on all cores (see ``RoundRobin``).
    ///
    /// - Parameters:
    ///   - strategies: names of built-in strategies (``Strategy``) or of `agents`.
    ///   - agents: name → a command that plays over the `parley.agent/1` protocol; such a name may
    ///     appear in `strategies` like a built-in one (one process per seat and match).
    ///   - moveTimeLimit: seconds an external agent has for each answer.
    /// - Throws: ``UsageError`` for unknown strategies or a bad shard, ``DiagnosticError`` for a
    ///   space too large or more matches than can be counted.
    ///   - llm: the endpoint of agents given as `llm:MODEL` (a language model in every seat the
    ///     assignment gives that name; matches run in parallel, so calls may overlap).
    public func callAsFunction(_ scenarios: [LoadedScenario], strategies: [String], rounds: Int, repetitions: Int, seed: UInt64,
                               shard: (index: Int, count: Int) = (1, 1), agents: [String: String] = [:], moveTimeLimit: Double = 5,
                               llm: LanguageModelSettings? = nil,
                               progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> TournamentReport {
        let names = Strategy.allCases.map(\.name)
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(names.joined(separator: ", "))") }
        guard let slice = TournamentShard(index: shard.index, count: shard.count) else {
            throw UsageError("--shard \(shard.index)/\(shard.count): the shard must be i/n with 1 ≤ i ≤ n")
        }
        guard rounds > 0, repetitions > 0 else { throw UsageError("rounds and repetitions must be positive") }
        guard !scenarios.isEmpty else { throw UsageError("name at least one scenario") }
        for name in agents.keys where Strategy(rawValue: name) != nil {
            throw UsageError("the external agent '\(name)' has the name of a built-in strategy; name it otherwise")
        }
        var providers: [String: @Sendable (TournamentScenario, Int) -> any Negotiator] = [:]
        for (name, agent) in agents where agent.hasPrefix("llm:") {
            guard let llm else {
                throw UsageError("the agent '\(name)' is a language model: give its endpoint with --llm-base-url URL or PARLEY_LLM_BASE_URL")
            }
            let endpoint = try llm.endpoint(model: String(agent.dropFirst(4)))
            providers[name] = { prepared, party in
                LLMNegotiator(client: ChatClient(endpoint), publicBrief: PublicBrief(prepared.scenario),
                              own: OwnBrief(prepared.scenario, model: prepared.model, party: party))
            }
        }
        let competitors = try strategies.map { name throws(UsageError) -> Competitor in
            if providers[name] != nil { return .provided(name: name) }
            if let command = agents[name] { return .external(name: name, command: command) }
            guard let strategy = Strategy(rawValue: name) else {
                throw UsageError("unknown strategy '\(name)'; the strategies: \((names + agents.keys.sorted()).joined(separator: ", "))")
            }
            return .strategy(strategy)
        }
        // Count the matches before preparing any scenario: an impossible size fails at once.
        do {
            _ = try TournamentSchedule(competitors: competitors.count, partyCounts: scenarios.map(\.scenario.parties.count), repetitions: repetitions)
        } catch {
            throw Self.tooLarge(error, scenarios[error.scenario])
        }
        let prepared = try scenarios.map { loaded throws(DiagnosticError) in
            let model = UtilityModel(loaded.scenario)
            let space = try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).mapSpace(model, loaded)
            return TournamentScenario(name: loaded.file, scenario: loaded.scenario, model: model,
                                      frontier: space.frontier.map(\.utilities), nash: space.solutions[.nash]?.utilities)
        }
        var tournament: RoundRobin
        do {
            tournament = try RoundRobin(competitors: competitors, scenarios: prepared, rounds: rounds, repetitions: repetitions,
                                        seed: seed, moveTimeLimit: moveTimeLimit)
            tournament.providers = providers
        } catch {
            throw Self.tooLarge(error, scenarios[error.scenario])
        }
        return TournamentReport(strategies: strategies, scenarios: prepared.map(\.name), rounds: rounds, repetitions: repetitions,
                                seed: seed, jobs: tournament.schedule.count, shards: [slice.description],
                                matches: tournament.play(shard: slice, progress: progress))
    }

    private static func tooLarge(_ error: TournamentTooLarge, _ loaded: LoadedScenario) -> DiagnosticError {
        loaded.error([Diagnostic(
            .error,
            "the tournament has more matches than can be counted: \(error.competitors) strategies over the \(error.parties) parties of "
                + "'\(loaded.file)' give \(error.competitors)^\(error.parties) assignments, × \(error.repetitions) repetition(s)",
            at: loaded.locations["parties"] ?? .start(of: loaded.file),
            help: "use fewer strategies or repetitions, or scenarios with fewer parties; a tournament of this size could never finish")])
    }
}

extension TournamentReport {
    /// Combines the results of shards of one tournament (the `merge` use case): each match once,
    /// by number, and the standings recomputed.
    /// - Throws: ``UsageError`` when the results come from different tournaments.
    public static func merge(_ parts: [TournamentReport]) throws(UsageError) -> TournamentReport {
        guard let first = parts.first else { throw UsageError("nothing to merge: name the shard results") }
        var shards = first.shards, matches = first.matches
        for part in parts.dropFirst() {
            guard part.strategies == first.strategies, part.scenarios == first.scenarios, part.rounds == first.rounds,
                  part.repetitions == first.repetitions, part.seed == first.seed, part.jobs == first.jobs else {
                throw UsageError("the results come from different tournaments (strategies, scenarios, rounds, repetitions, seed or size differ); merge shards of one tournament only")
            }
            shards += part.shards
            matches += part.matches
        }
        var seen = Set<Int>()
        return TournamentReport(strategies: first.strategies, scenarios: first.scenarios, rounds: first.rounds, repetitions: first.repetitions,
                                seed: first.seed, jobs: first.jobs, shards: Array(Set(shards)).sorted(),
                                matches: matches.filter { seen.insert($0.job).inserted }.sorted { $0.job < $1.job })
    }
}

extension Tournament {
    /// `parley tournament --protocol moderated`: each strategy at a table where it plays every seat,
    /// on each scenario, from seeds `seed` ... `seed + repetitions - 1` (see ``Simulate/moderatedSeeds(_:strategies:turns:seed:count:proposer:mediator:agents:llm:)``).
    /// - Throws: ``UsageError`` for unknown strategies or a bad count, ``DiagnosticError`` for a space too large.
    public func moderated(_ scenarios: [LoadedScenario], strategies: [String], repetitions: Int, seed: UInt64,
                          turns: Int? = nil, mediator: Bool = false,
                          progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> ModeratedTournamentReport {
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(Strategy.allCases.map(\.name).joined(separator: ", "))") }
        guard !scenarios.isEmpty else { throw UsageError("name at least one scenario") }
        var cells: [ModeratedTournamentReport.Cell] = []
        let total = scenarios.count * strategies.count
        for loaded in scenarios {
            for strategy in strategies {
                let sweep = try Simulate().moderatedSeeds(loaded, strategies: [strategy], turns: turns, seed: seed, count: repetitions, mediator: mediator)
                cells.append(.init(scenario: loaded.file, strategy: strategy, rule: sweep.rule, metrics: sweep.metrics))
                progress?(cells.count, total)
            }
        }
        return ModeratedTournamentReport(strategies: strategies, scenarios: scenarios.map(\.file), repetitions: repetitions, seed: seed,
                                         mediator: mediator, cells: cells)
    }
}
