import ParleyAnalysis
import ParleyCore
import ParleyLLM
import ParleyReport
import ParleySimulation

/// The `simulate` use case.
public struct Simulate: Sendable {
    public init() {}

    /// - Parameters:
    ///   - strategies: strategy names (``Strategy``), one per party in order (a shorter list is repeated).
    ///   - leverage: ids of the scenario's leverage moves to apply first.
    ///   - agents: party id → a command that plays that party over the `parley.agent/1` protocol
    ///     (replacing its strategy).
    ///   - moveTimeLimit: seconds an external agent has for each answer.
    ///   - seed: drives random strategies; party `p` draws from `seed + p`.
    ///   - timeLimit: a wall-clock deadline in seconds, besides `rounds` (whichever comes first).
    ///   - discount: apply the parties' discount factors (from imported GENIUS profiles) to the payoffs.
    /// - Throws: ``UsageError`` for unknown strategies, parties or leverage, ``DiagnosticError`` for a space too large.
    public func callAsFunction(_ loaded: LoadedScenario, strategies: [String], rounds: Int, leverage: [String] = [],
                               agents: [String: String] = [:], moveTimeLimit: Double = 5, seed: UInt64 = 1,
                               timeLimit: Double? = nil, discount: Bool = false, llm: LanguageModelSettings? = nil) throws -> SimulationReport {
        report(try negotiate(loaded, strategies: strategies, rounds: rounds, leverage: leverage, agents: agents,
                             moveTimeLimit: moveTimeLimit, seed: seed, timeLimit: timeLimit, discount: discount, llm: llm))
    }

    /// A negotiation run, before it is written up with names.
    public struct Negotiated: Sendable {
        var scenario: Scenario
        var model: UtilityModel
        var names: [String]
        var leverage: [String]
        var rounds: Int
        var seed: UInt64
        var timeLimit: Double?
        var discounts: [Double?]
        var problems: [String]
        public var result: NegotiationResult
        /// Each language-model seat's turns (party id → records).
        var languageModelTurns: [String: [SeatRecord]] = [:]
    }

    /// Prepares and runs the negotiation (the part a benchmark against other tools times); see
    /// ``callAsFunction(_:strategies:rounds:leverage:agents:moveTimeLimit:seed:timeLimit:discount:)``.
    public func negotiate(_ loaded: LoadedScenario, strategies: [String], rounds: Int, leverage: [String] = [],
                          agents: [String: String] = [:], moveTimeLimit: Double = 5, seed: UInt64 = 1,
                          timeLimit: Double? = nil, discount: Bool = false, llm: LanguageModelSettings? = nil) throws -> Negotiated {
        var scenario = loaded.scenario
        var changes: [ScenarioChange] = []
        for id in leverage {
            guard let move = scenario.leverage.first(where: { $0.id.rawValue == id }) else {
                throw UsageError("no leverage move '\(id)'; the scenario has: \(scenario.leverage.map(\.id.rawValue).joined(separator: ", "))")
            }
            changes.append(move.change)
        }
        do { scenario = try scenario.applying(changes) } catch { throw UsageError(error.message) }
        let names = Strategy.allCases.map(\.name).joined(separator: ", ")
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(names)") }
        let catalogue = try strategies.map { name throws(UsageError) in
            guard let strategy = Strategy(rawValue: name) else { throw UsageError("unknown strategy '\(name)'; the strategies: \(names)") }
            return strategy
        }
        for party in agents.keys where !scenario.parties.contains(where: { $0.id.rawValue == party }) {
            throw UsageError("no party '\(party)' for an external agent; the parties: \(scenario.parties.map(\.id.rawValue).joined(separator: ", "))")
        }
        var externals: [ExternalNegotiator] = []
        var languageModels: [(party: String, negotiator: LLMNegotiator)] = []
        let model = UtilityModel(scenario)
        if agents.values.contains(where: { $0.hasPrefix("llm:") }), llm == nil {
            throw UsageError("a language-model seat needs an endpoint: --llm-base-url URL or PARLEY_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        }
        let publicBrief = PublicBrief(scenario)
        let negotiators = try scenario.parties.indices.map { p throws(UsageError) -> any Negotiator in
            if let agent = agents[scenario.parties[p].id.rawValue], agent.hasPrefix("llm:"), let llm {
                let negotiator = LLMNegotiator(client: ChatClient(try llm.endpoint(model: String(agent.dropFirst(4)))), publicBrief: publicBrief,
                                               own: OwnBrief(scenario, model: model, party: p))
                languageModels.append((scenario.parties[p].id.rawValue, negotiator))
                return negotiator
            }
            if let command = agents[scenario.parties[p].id.rawValue] {
                let agent = ExternalNegotiator(command: command, scenario: scenario, party: p, moveTimeLimit: moveTimeLimit)
                externals.append(agent)
                return agent
            }
            return catalogue[p % catalogue.count].negotiator(space: OutcomeSpace(scenario), seed: seed &+ UInt64(p))
        }
        var variant = loaded
        variant.scenario = scenario
        try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).checkEnumerable(model, variant)
        let discounts = discount ? scenario.parties.map(\.preferences.discount) : []
        let result = StackedAlternatingOffers(rounds: rounds, timeLimit: timeLimit, discounts: discounts).run(model, negotiators: negotiators)
        for agent in externals { agent.finish(agreement: result.agreement) }
        var negotiated = Negotiated(scenario: scenario, model: model, names: negotiators.map(\.name), leverage: leverage, rounds: rounds, seed: seed,
                                    timeLimit: timeLimit, discounts: discounts, problems: externals.compactMap(\.problem), result: result)
        for (party, negotiator) in languageModels {
            let records = negotiator.shared.records.withLock { $0 }
            negotiated.languageModelTurns[party] = records
            let invalid = records.filter { $0.error != nil }.count
            if invalid > 0 { negotiated.problems.append("\(party) (\(negotiator.name)): \(invalid) of \(records.count) replies unreadable or failed; each was read as an offer of its own best package") }
        }
        return negotiated
    }

    /// The report of a negotiation: packages and parties by id, the trace.
    public func report(_ negotiated: Negotiated) -> SimulationReport {
        let (scenario, model, result) = (negotiated.scenario, negotiated.model, negotiated.result)
        let discounts = negotiated.discounts
        let builder = ReportBuilder(scenario: scenario, model: model)
        let ids = scenario.parties.map(\.id.rawValue)
        var report = SimulationReport(
            strategies: Dictionary(uniqueKeysWithValues: zip(ids, negotiated.names)), leverage: negotiated.leverage, rounds: negotiated.rounds,
            seed: negotiated.seed, timeLimit: negotiated.timeLimit,
            discounts: Dictionary(uniqueKeysWithValues: zip(ids, discounts).compactMap { id, factor in factor.map { (id, $0) } }),
            endedAtTime: result.time,
            agreement: result.agreement.map { builder.package(model.space.package(at: $0).options) },
            endedInRound: result.rounds, walkedAway: result.walkedAway.map { ids[$0] },
            payoffs: builder.byParty(result.payoffs),
            problems: negotiated.problems,
            // Rounds are numbered from 1 for people and the JSON alike, as `endedInRound` is.
            trace: result.trace.map { step in
                .init(round: step.round + 1, party: ids[step.party], action: step.action,
                      package: step.package.map { builder.package(model.space.package(at: $0).options) }, utilities: builder.byParty(step.utilities))
            })
        if result.agreement == nil { report.blockedBy = SimulationReport.blockers(report.trace, parties: ids) }
        if !negotiated.languageModelTurns.isEmpty { report.languageModelTurns = negotiated.languageModelTurns }
        return report
    }
}
