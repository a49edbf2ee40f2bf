import ParleyAnalysis
import ParleyCore
import ParleyReport
import ParleySimulation

/// The result of `parley simulate`: the outcome and the trace of every action.
public struct SimulationReport: Hashable, Sendable, Codable {
    public var contract = "parley.simulation/1"
    public var protocolName = "SAOP"
    public var strategies: [String: String]
    public var leverage: [String]
    public var rounds: Int
    public var seed: UInt64 = 1
    /// The wall-clock deadline in seconds, when there was one.
    public var timeLimit: Double?
    /// Whether payoffs are discounted (party → factor, for the parties that have one).
    public var discounts: [String: Double] = [:]
    /// The normalised time (0..1) at which the negotiation ended.
    public var endedAtTime: Double = 1
    public var agreement: [String: String]?
    public var endedInRound: Int
    public var walkedAway: String?
    /// Party → payoff (utility of the agreement, or the reservation value without one).
    public var payoffs: [String: Double]
    /// What went wrong with external agents (each walked away when it did).
    public var problems: [String] = []
    public var trace: [Step]

    public struct Step: Hashable, Sendable, Codable {
        public var round: Int
        public var party: String
        public var action: String
        public var package: [String: String]
        public var utilities: [String: Double]
    }

    public func text(_ names: Names) -> String {
        var out = ["Stacked alternating offers, " + (timeLimit != nil && rounds >= Int.max / 64 ? "no round limit" : "\(rounds) rounds") + "; strategies: "
                   + names.partyOrder.map { "\(names.party($0)) \(strategies[$0] ?? "?")" }.joined(separator: ", ")]
        if !leverage.isEmpty { out.append("With leverage: " + leverage.joined(separator: ", ")) }
        if let timeLimit { out.append("Wall-clock deadline: \(timeLimit.formatted(decimals: 3)) s (ended at normalised time \(endedAtTime.formatted(decimals: 3)))") }
        if !discounts.isEmpty {
            out.append("Discounted payoffs (utility × factor^time): " + names.partyOrder.compactMap { id in discounts[id].map { "\(names.party(id)) \($0)" } }.joined(separator: ", "))
        }
        out.append("")
        if let agreement {
            out.append("Agreement in round \(endedInRound): " + names.packageText(agreement))
        } else if let walkedAway {
            out.append("No agreement: \(names.party(walkedAway)) walked away in round \(endedInRound).")
        } else {
            out.append("No agreement by the deadline (\(rounds) rounds): every party gets its reservation value.")
        }
        out.append("Payoffs: " + names.utilitiesText(payoffs))
        for problem in problems { out.append("Problem: " + problem) }
        out.append("")
        let shown = trace.count <= 40 ? trace : Array(trace.prefix(20)) + Array(trace.suffix(20))
        out.append("Trace (\(trace.count) actions\(trace.count > 40 ? ", first and last 20 shown" : "")):")
        for step in shown {
            out.append("  round \(step.round) \(names.party(step.party)) \(step.action): " + names.utilitiesText(step.utilities))
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The `simulate` use case.
public struct Simulate: Sendable {
    public init() {}

    /// - Parameters:
    ///   - strategies: strategy names, one per party in order (a shorter list is repeated).
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
                               timeLimit: Double? = nil, discount: Bool = false) throws -> SimulationReport {
        var scenario = loaded.scenario
        var changes: [ScenarioChange] = []
        for id in leverage {
            guard let move = scenario.leverage.first(where: { $0.id.rawValue == id }) else {
                throw UsageError("no leverage move '\(id)'; the scenario has: \(scenario.leverage.map(\.id.rawValue).joined(separator: ", "))")
            }
            changes.append(move.change)
        }
        do { scenario = try scenario.applying(changes) } catch { throw UsageError(error.message) }
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(StrategyCatalog.names.joined(separator: ", "))") }
        for party in agents.keys where !scenario.parties.contains(where: { $0.id.rawValue == party }) {
            throw UsageError("no party '\(party)' for an external agent; the parties: \(scenario.parties.map(\.id.rawValue).joined(separator: ", "))")
        }
        var externals: [ExternalNegotiator] = []
        let negotiators = try scenario.parties.indices.map { p -> any Negotiator in
            if let command = agents[scenario.parties[p].id.rawValue] {
                let agent = ExternalNegotiator(command: command, scenario: scenario, party: p, moveTimeLimit: moveTimeLimit)
                externals.append(agent)
                return agent
            }
            let name = strategies[p % strategies.count]
            guard let negotiator = StrategyCatalog.make(name, space: OutcomeSpace(scenario), seed: seed &+ UInt64(p)) else {
                throw UsageError("unknown strategy '\(name)'; the strategies: \(StrategyCatalog.names.joined(separator: ", "))")
            }
            return negotiator
        }
        let model = UtilityModel(scenario)
        var variant = loaded
        variant.scenario = scenario
        try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).checkEnumerable(model, variant)
        let discounts = discount ? scenario.parties.map(\.preferences.discount) : []
        let result = StackedAlternatingOffers(rounds: rounds, timeLimit: timeLimit, discounts: discounts).run(model, negotiators: negotiators)
        for agent in externals { agent.finish(agreement: result.agreement) }
        let builder = ReportBuilder(scenario: scenario, model: model)
        let ids = scenario.parties.map(\.id.rawValue)
        return SimulationReport(
            strategies: Dictionary(uniqueKeysWithValues: zip(ids, negotiators.map(\.name))), leverage: leverage, rounds: rounds, seed: seed, timeLimit: timeLimit,
            discounts: Dictionary(uniqueKeysWithValues: zip(ids, discounts).compactMap { id, factor in factor.map { (id, $0) } }),
            endedAtTime: result.time,
            agreement: result.agreement.map { builder.package(model.space.package(at: $0).options) },
            endedInRound: result.rounds, walkedAway: result.walkedAway.map { ids[$0] },
            payoffs: builder.byParty(result.payoffs),
            problems: externals.compactMap(\.problem),
            trace: result.trace.map { step in
                .init(round: step.round, party: ids[step.party], action: step.action.rawValue,
                      package: builder.package(model.space.package(at: step.package).options), utilities: builder.byParty(step.utilities))
            })
    }
}
