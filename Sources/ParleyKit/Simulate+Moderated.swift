import ParleyAnalysis
import ParleyCore
import ParleyReport
import ParleySimulation

extension Simulate {
    /// `parley simulate --protocol moderated`: the moderated multi-party protocol
    /// (``ModeratedProtocol``) with classic strategies in the seats.
    /// - Parameters:
    ///   - strategies: one per party in order (a shorter list is repeated).
    ///   - turns: the discussion's budget (nil: 4 × the number of parties).
    ///   - proposer: the party who opens and makes the final proposal; nil: the party whose role is
    ///     `p1` (an LLM-Deliberation game), else the first party.
    ///   - mediator: a mediator seat (``MediatorBaseline``) opens and proposes instead of a party.
    /// The opening deal is the scenario's first proposal by the proposer (any proposal for the
    /// mediator), else the proposer's own first package.
    /// - Throws: ``UsageError`` for unknown strategies or parties, ``DiagnosticError`` for a space too large.
    public func moderated(_ loaded: LoadedScenario, strategies: [String], turns: Int? = nil, seed: UInt64 = 1,
                          proposer: String? = nil, mediator: Bool = false) throws -> ModeratedReport {
        let scenario = loaded.scenario
        let ids = scenario.parties.map(\.id.rawValue)
        let names = Strategy.allCases.map(\.name).joined(separator: ", ")
        guard !strategies.isEmpty else { throw UsageError("name at least one strategy: \(names)") }
        let catalogue = try strategies.map { name throws(UsageError) in
            guard let strategy = Strategy(rawValue: name) else { throw UsageError("unknown strategy '\(name)'; the strategies: \(names)") }
            return strategy
        }
        var proposerIndex: Int?
        if !mediator {
            if let proposer {
                guard let index = ids.firstIndex(of: proposer) else {
                    throw UsageError("no party '\(proposer)' to propose; the parties: \(ids.joined(separator: ", "))")
                }
                proposerIndex = index
            } else {
                proposerIndex = scenario.parties.firstIndex { $0.attributes["role"] == "p1" } ?? 0
            }
        }
        if let turns, turns < 0 || turns > 100_000 { throw UsageError("--turns must be from 0 to 100000") }
        let model = UtilityModel(scenario)
        try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).checkEnumerable(model, loaded)
        let opening = scenario.proposals.first { proposal in
            (mediator || proposal.proposer?.rawValue == proposerIndex.map { ids[$0] }) && proposal.package.isComplete
        }.map { model.space.index(of: $0.package) }
        let space = OutcomeSpace(scenario)
        let strategyOf = ids.indices.map { catalogue[$0 % catalogue.count] }
        let rules = ModeratedProtocol(turns: turns, seed: seed, proposer: proposerIndex)
        let result = rules.run(model, negotiators: strategyOf.enumerated().map { p, strategy in strategy.negotiator(space: space, seed: seed &+ UInt64(p)) },
                               opening: opening)
        return report(result, scenario: scenario, model: model, strategies: strategyOf, seed: seed, proposer: proposerIndex)
    }

    func report(_ result: ModeratedResult, scenario: Scenario, model: UtilityModel, strategies: [Strategy], seed: UInt64, proposer: Int?) -> ModeratedReport {
        let builder = ReportBuilder(scenario: scenario, model: model)
        let ids = scenario.parties.map(\.id.rawValue)
        func package(_ index: Int) -> [String: String] { builder.package(model.space.package(at: index).options) }
        let acceptedBy = result.final.map { deal in
            ids.indices.filter { p in
                let digits = model.space.package(at: deal).options.map { $0 ?? 0 }
                let breached = model.redLines.indices.contains { model.redLines[$0].party == p && model.breaches($0, digits) }
                return !breached && Acceptance.meetsReservation(utility: model.utility(p, digits), reservation: model.reservations[p])
            }.map { ids[$0] }
        } ?? []
        return ModeratedReport(
            seed: seed, proposer: proposer.map { ids[$0] } ?? "mediator",
            strategies: Dictionary(uniqueKeysWithValues: zip(ids, strategies.map(\.name))),
            rule: scenario.agreement.description, schedule: result.schedule.map { ids[$0] },
            turns: result.transcript.map { turn in
                .init(phase: turn.phase.rawValue, party: turn.party.map { ids[$0] } ?? "mediator", message: turn.move.message,
                      deal: turn.move.deal.map(package), valid: true)
            },
            final: .init(deal: result.final.map(package), passes: result.finalPasses, unanimous: result.finalUnanimous,
                         scores: result.finalScores.map(builder.byParty), acceptedBy: acceptedBy),
            metrics: .init(anyPass: result.anyPass, finalPass: result.finalPasses, finalUnanimous: result.finalUnanimous,
                           wrongRate: Dictionary(uniqueKeysWithValues: zip(ids, result.wrongRate).compactMap { id, rate in rate.map { (id, $0) } }),
                           gini: result.gini, distanceToFrontier: result.distanceToFrontier))
    }
}
