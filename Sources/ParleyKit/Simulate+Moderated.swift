import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyLLM
import ParleyReport
import ParleySimulation

/// How language-model seats reach their model: an OpenAI-compatible chat-completions endpoint.
public struct LanguageModelSettings: Sendable, Hashable {
    /// The base URL up to `/v1` (`PARLEY_LLM_BASE_URL`).
    public var baseURL: String
    /// The API key (`PARLEY_LLM_API_KEY`), if the endpoint needs one.
    public var apiKey: String?
    public var temperature: Double = 0
    public var seed: Int?
    public var maxTokens: Int = 400
    /// Seconds per call.
    public var timeout: Double = 120
    public var retries: Int = 1
    /// `json_schema` (OpenAI, llama.cpp, vLLM, Ollama's /v1) or `json_object` (llama-cpp-python).
    public var replyFormat: String = "json_schema"

    public init(baseURL: String, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// The settings from the environment (`PARLEY_LLM_BASE_URL`, `PARLEY_LLM_API_KEY`), if a base URL is set.
    public static func fromEnvironment() -> LanguageModelSettings? {
        let environment = ProcessInfo.processInfo.environment
        guard let base = environment["PARLEY_LLM_BASE_URL"], !base.isEmpty else { return nil }
        return LanguageModelSettings(baseURL: base, apiKey: environment["PARLEY_LLM_API_KEY"])
    }

    func endpoint(model: String) throws(UsageError) -> ChatEndpoint {
        guard let format = ChatEndpoint.ReplyFormat(rawValue: replyFormat) else {
            throw UsageError("unknown reply format '\(replyFormat)'; the formats: json_schema, json_object")
        }
        var endpoint = ChatEndpoint(baseURL: baseURL, apiKey: apiKey, model: model)
        endpoint.temperature = temperature
        endpoint.seed = seed
        endpoint.maxTokens = maxTokens
        endpoint.timeout = timeout
        endpoint.retries = retries
        endpoint.replyFormat = format
        return endpoint
    }
}

extension Simulate {
    /// Who proposes in a moderated negotiation when nobody is named: the party whose role is `p1`
    /// (an LLM-Deliberation game), else the first party.
    public static func defaultProposer(_ scenario: Scenario) -> Int {
        scenario.parties.firstIndex { $0.attributes["role"] == "p1" } ?? 0
    }

    /// The opening deal of a moderated negotiation: the scenario's first complete proposal by the
    /// proposer (by anyone when the mediator opens), as a package index; nil when there is none.
    public static func openingDeal(_ scenario: Scenario, model: UtilityModel, proposer: Int?) -> Int? {
        let id = proposer.map { scenario.parties[$0].id.rawValue }
        return scenario.proposals.first { proposal in
            (proposer == nil || proposal.proposer?.rawValue == id) && proposal.package.isComplete
        }.map { model.space.index(of: $0.package) }
    }

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
    ///   - agents: party → `llm:MODEL` (a language model in that seat, reached with `llm`).
    public func moderated(_ loaded: LoadedScenario, strategies: [String], turns: Int? = nil, seed: UInt64 = 1,
                          proposer: String? = nil, mediator: Bool = false, agents: [String: String] = [:],
                          llm: LanguageModelSettings? = nil) throws -> ModeratedReport {
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
                proposerIndex = Self.defaultProposer(scenario)
            }
        }
        if let turns, turns < 0 || turns > 100_000 { throw UsageError("--turns must be from 0 to 100000") }
        let model = UtilityModel(scenario)
        try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).checkEnumerable(model, loaded)
        let opening = Self.openingDeal(scenario, model: model, proposer: proposerIndex)
        let space = OutcomeSpace(scenario)
        let strategyOf = ids.indices.map { catalogue[$0 % catalogue.count] }
        var seats: [any ModeratedSeat] = strategyOf.enumerated().map { p, strategy in
            ClassicModeratedSeat(strategy.negotiator(space: space, seed: seed &+ UInt64(p)))
        }
        var seatNames = strategyOf.map(\.name)
        let publicBrief = PublicBrief(scenario)
        for (party, agent) in agents.sorted(by: { $0.key < $1.key }) {
            guard let p = ids.firstIndex(of: party) else {
                throw UsageError("no party '\(party)' for an agent; the parties: \(ids.joined(separator: ", "))")
            }
            guard agent.hasPrefix("llm:"), agent.count > 4 else {
                throw UsageError("the moderated protocol seats language models (--agent \(party)=llm:MODEL); '\(agent)' is not one")
            }
            guard let llm else {
                throw UsageError("a language-model seat needs an endpoint: --llm-base-url URL or PARLEY_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
            }
            let endpoint = try llm.endpoint(model: String(agent.dropFirst(4)))
            seats[p] = LLMModeratedSeat(client: ChatClient(endpoint), publicBrief: publicBrief, own: OwnBrief(scenario, model: model, party: p))
            seatNames[p] = agent
        }
        let rules = ModeratedProtocol(turns: turns, seed: seed, proposer: proposerIndex)
        let (result, valid, records) = rules.run(model, seats: seats, opening: opening)
        var report = report(result, scenario: scenario, model: model, strategies: strategyOf, seed: seed, proposer: proposerIndex)
        report.strategies = Dictionary(uniqueKeysWithValues: zip(ids, seatNames))
        for k in report.turns.indices {
            report.turns[k].valid = valid[k]
            report.turns[k].record = records[k]
        }
        return report
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

extension Simulate {
    /// The most seeds `moderatedSeeds` plays.
    public static let maxSeeds = 10_000

    /// `parley simulate --protocol moderated --seeds N`: the game of ``moderated(_:strategies:turns:seed:proposer:mediator:agents:llm:)``
    /// from seeds `seed`, `seed + 1`, ..., `seed + count - 1`, and the metrics over them. Games of
    /// classic strategies run on every core; games with a language model in a seat run one after
    /// another (one endpoint).
    /// - Throws: ``UsageError`` for a count outside 1...``maxSeeds`` and as `moderated` does.
    public func moderatedSeeds(_ loaded: LoadedScenario, strategies: [String], turns: Int? = nil, seed: UInt64 = 1, count: Int,
                               proposer: String? = nil, mediator: Bool = false, agents: [String: String] = [:],
                               llm: LanguageModelSettings? = nil) throws -> ModeratedSeedsReport {
        guard (1...Self.maxSeeds).contains(count) else { throw UsageError("--seeds must be from 1 to \(Self.maxSeeds)") }
        @Sendable func play(_ k: Int) throws -> ModeratedReport {
            try moderated(loaded, strategies: strategies, turns: turns, seed: seed &+ UInt64(k), proposer: proposer,
                          mediator: mediator, agents: agents, llm: llm)
        }
        // The first game checks the set-up (and fails as a single game would).
        var games = [try play(0)]
        if count > 1 {
            if agents.isEmpty {
                let results = GameResults(count: count - 1)
                DispatchQueue.concurrentPerform(iterations: count - 1) { k in results.set(k, Result { try play(k + 1) }) }
                games += try results.all()
            } else {
                for k in 1..<count { games.append(try play(k)) }
            }
        }
        return ModeratedSeedsReport(games: games, parties: loaded.scenario.parties.map(\.id.rawValue))
    }
}

/// The games of a seed sweep, filled in from several threads.
private final class GameResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<ModeratedReport, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<ModeratedReport, any Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    func all() throws -> [ModeratedReport] {
        lock.lock()
        defer { lock.unlock() }
        return try results.map { result in
            guard let result else { throw UsageError("a game of the sweep did not finish") }
            return try result.get()
        }
    }
}
