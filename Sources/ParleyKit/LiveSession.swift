import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyLLM
import ParleyReport
import ParleySimulation

/// One entry of a session's event log, as the workspace stores it: what happened at the table
/// (``NegotiationEvent``), the move that caused it (what a restarted server replays), who made
/// it and the message that came with it.
public struct SessionEntry: Codable, Sendable, Hashable {
    /// When it happened.
    public var at: Date
    /// The move to replay (an action or a seat changing hands); nil for an ending the move before caused.
    public var move: LiveTable.Move?
    /// What happened; nil for a seat change.
    public var event: NegotiationEvent?
    /// Who made the move: `person`, a strategy's name, or `timeout` (the server, when a person's time ran out).
    public var actor: String?
    /// The message that came with the action.
    public var message: String?
    /// What a language-model seat did for this move: its prompt, raw reply, tokens and time (only
    /// the analyst's views show it; the prompt holds the party's own brief).
    public var record: SeatRecord?
    /// The move at a moderated table (what a restarted server replays there).
    public var moderated: ModeratedTable.Move?
    /// The phase a moderated move was made in.
    public var phase: ModeratedSession.Phase?
}

/// Why an action was refused; nothing changes.
public enum SessionActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not the party's turn, or the session is over (HTTP 409).
    case conflict(String)
    /// The action or its package is malformed (HTTP 422), every problem named.
    case invalid(SessionProblems)

    public var description: String {
        switch self {
        case .conflict(let message): message
        case .invalid(let problems): problems.description
        }
    }
}

/// A live negotiation session of the workspace: its setup, the scenario version it is on, the
/// table (``LiveTable``) and the log. It is a value: the server keeps one per open session,
/// applies actions to it, and stores the entries each step returns; ``resume(id:setup:loaded:entries:)``
/// rebuilds it from the stored log after a restart.
public struct LiveSession: Sendable {
    public let id: String
    public let setup: SessionSetup
    public let scenario: Scenario
    let model: UtilityModel
    let builder: ReportBuilder
    /// Party ids, in party order.
    public let parties: [String]
    public internal(set) var table: LiveTable
    /// The moderated table, when the session plays the moderated protocol (``table`` is then unused).
    public internal(set) var moderated: ModeratedTable?
    /// The log; entry `k` has sequence number `k + 1`.
    public internal(set) var entries: [SessionEntry] = []

    /// The endpoint of the language-model seats (nil: the workspace has none).
    let languageModel: LanguageModelSettings?
    /// The records of each language-model seat, by party.
    private(set) var languageModelRecords: [Int: LLMNegotiator.Shared]

    /// The longest message that comes with an action.
    public static let maxMessage = 500

    /// A new session on `loaded` (the version `setup` names).
    /// - Parameter languageModel: the endpoint of the seats with a model (a seat with a model and
    ///   no endpoint, as after a restart without one, is played by ``Strategy/boulware``).
    /// - Throws: ``DiagnosticError`` when the outcome space is too large to negotiate over.
    public init(id: String, setup: SessionSetup, loaded: LoadedScenario, languageModel: LanguageModelSettings? = nil) throws(DiagnosticError) {
        self.id = id
        self.setup = setup
        self.languageModel = languageModel
        scenario = loaded.scenario
        model = UtilityModel(scenario)
        try Analyze(options: AgreementSpaceOptions(maxPackages: 2_000_000)).checkEnumerable(model, loaded)
        builder = ReportBuilder(scenario: scenario, model: model)
        parties = scenario.parties.map(\.id.rawValue)
        let rules = StackedAlternatingOffers(rounds: setup.rounds, timeLimit: setup.minutes.map { $0 * 60 })
        languageModelRecords = [:]
        table = LiveTable(rules: rules, model: model, agents: [:])
        if setup.isModerated {
            moderated = initialModeratedTable()
            return
        }
        let (agents, records) = initialAgents()
        languageModelRecords = records
        table = LiveTable(rules: rules, model: model, agents: agents)
    }

    /// The automated negotiators of the seats as set up, and the records of those with a model.
    func initialAgents() -> ([Int: any Negotiator], [Int: LLMNegotiator.Shared]) {
        var agents: [Int: any Negotiator] = [:]
        var records: [Int: LLMNegotiator.Shared] = [:]
        for (p, party) in parties.enumerated() {
            if let name = setup.seats[party]?.model {
                if let languageModel, let endpoint = try? languageModel.endpoint(model: name) {
                    let negotiator = LLMNegotiator(client: ChatClient(endpoint), publicBrief: PublicBrief(scenario),
                                                   own: OwnBrief(scenario, model: model, party: p))
                    records[p] = negotiator.shared
                    agents[p] = negotiator
                } else {
                    agents[p] = Strategy.boulware.negotiator(space: model.space, seed: setup.seed &+ UInt64(p))
                }
            } else if let name = setup.seats[party]?.strategy, let strategy = Strategy(rawValue: name) {
                agents[p] = strategy.negotiator(space: model.space, seed: setup.seed &+ UInt64(p))
            } else if let command = setup.seats[party]?.command {
                // An external program, started now; it answers on the session's own queue, so a
                // slow one holds up its own session only.
                agents[p] = ExternalNegotiator(command: command, scenario: scenario, party: p, moveTimeLimit: setup.moveSeconds ?? 30)
            }
        }
        return (agents, records)
    }

    /// The session `id` rebuilt from its stored log.
    /// - Throws: ``DiagnosticError`` as ``init(id:setup:loaded:)``; ``NegotiationSession/Error`` for
    ///   a log that does not fit the scenario.
    public static func resume(id: String, setup: SessionSetup, loaded: LoadedScenario, entries: [SessionEntry],
                              languageModel: LanguageModelSettings? = nil) throws -> LiveSession {
        var session = try LiveSession(id: id, setup: setup, loaded: loaded, languageModel: languageModel)
        if session.moderated != nil {
            try session.moderated?.replay(entries.compactMap(\.moderated))
        } else {
            try session.table.replay(entries.compactMap(\.move), space: session.model.space)
        }
        session.entries = entries
        return session
    }

    public var isOver: Bool { moderated?.session.isOver ?? table.session.isOver }

    /// The party to move (to speak, at a moderated table); nil once over, or when the mediator speaks.
    public var partyToMove: Int? {
        if let moderated { return moderated.session.isOver ? nil : moderated.session.speaker }
        return table.session.partyToMove
    }

    /// Whether an automated seat (or the mediator) is to move.
    public var automatedToMove: Bool { moderated?.automatedToMove ?? table.automatedToMove }

    /// The index of party `id`.
    public func partyIndex(_ id: String) -> Int? { parties.firstIndex(of: id) }

    /// The party whose seat link has `token`, compared in constant time.
    public func party(token: String) -> Int? {
        var found: Int?
        for (p, party) in parties.enumerated() {
            if let secret = setup.seats[party]?.token, Secret.equal(secret, token) { found = p }
        }
        return found
    }

    /// Whether party `p`'s seat is held by a person now (a seat an agent took over is not).
    public func isPerson(_ p: Int) -> Bool { !(moderated?.isAutomated(p) ?? table.isAutomated(p)) }

    func elapsed(_ now: Date) -> Duration { .milliseconds(Int64(max(0, now.timeIntervalSince(setup.created)) * 1000)) }

    // MARK: Moves

    /// Party `party`'s action from the API: `{"action": "offer", "package": {issue: option}}`,
    /// `{"action": "accept"}` or `{"action": "walkAway"}`, each with an optional `"message"`.
    /// - Returns: the new entries.
    public mutating func act(_ body: [String: Any], by party: Int, now: Date = Date()) throws(SessionActionError) -> [SessionEntry] {
        if moderated != nil { return try speak(body, by: party, now: now) }
        let action = try readAction(body)
        var message = body["message"] as? String
        if message?.isEmpty == true { message = nil }
        guard !isOver else { throw .conflict("the session is over") }
        guard table.session.partyToMove == party else {
            throw .conflict("it is \(table.session.partyToMove.map { parties[$0] } ?? "nobody")'s turn, not \(parties[party])'s")
        }
        let events: [NegotiationEvent]
        do { events = try table.act(action, by: party, elapsed: elapsed(now)) } catch {
            throw .conflict(error.description)
        }
        return record(events, move: table.moves.last, actor: "person", message: message, at: now)
    }

    /// Reads an action, naming every problem.
    func readAction(_ body: [String: Any]) throws(SessionActionError) -> NegotiationAction {
        var problems: [SessionProblems.Problem] = []
        for key in body.keys.sorted() where !["action", "package", "message"].contains(key) {
            problems.append(.init(field: key, message: "unknown field '\(key)'", help: "an action has action, package and message"))
        }
        if let message = body["message"], !(message is String) || (message as? String ?? "").count > Self.maxMessage {
            problems.append(.init(field: "message", message: "the message must be text of at most \(Self.maxMessage) characters", help: "shorten it"))
        }
        var action: NegotiationAction?
        switch body["action"] as? String {
        case "offer":
            if let fields = body["package"] as? [String: Any] {
                switch readPackage(fields) {
                case .success(let index): action = .offer(package: index)
                case .failure(let problem): problems += problem.problems
                }
            } else {
                problems.append(.init(field: "package", message: "an offer needs a package", help: "an object of issue id → option id, one per issue"))
            }
        case "accept": action = .accept
        case "walkAway": action = .walkAway
        default:
            problems.append(.init(field: "action", message: "unknown action", help: "one of: offer, accept, walkAway"))
        }
        guard problems.isEmpty, let action else { throw .invalid(SessionProblems(problems)) }
        return action
    }

    /// The package index of `{issue id: option id}`, or every problem with it.
    public func readPackage(_ fields: [String: Any]) -> Result<Int, SessionProblems> {
        var problems: [SessionProblems.Problem] = []
        var digits: [Int?] = Array(repeating: nil, count: scenario.issues.count)
        let issueIDs = scenario.issues.map(\.id.rawValue)
        for key in fields.keys.sorted() where !issueIDs.contains(key) {
            problems.append(.init(field: "package.\(key)", message: "no issue '\(key)'", help: "the issues: \(issueIDs.joined(separator: ", "))"))
        }
        for (i, issue) in scenario.issues.enumerated() {
            let options = issue.options.map(\.id.rawValue)
            guard let value = fields[issue.id.rawValue] else {
                problems.append(.init(field: "package.\(issue.id.rawValue)", message: "the package leaves out issue '\(issue.id.rawValue)'",
                                      help: "choose one of: \(options.joined(separator: ", "))"))
                continue
            }
            guard let option = value as? String, let index = options.firstIndex(of: option) else {
                problems.append(.init(field: "package.\(issue.id.rawValue)", message: "no option '\(value)' for issue '\(issue.id.rawValue)'",
                                      help: "the options: \(options.joined(separator: ", "))"))
                continue
            }
            digits[i] = index
        }
        guard problems.isEmpty else { return .failure(SessionProblems(problems)) }
        return .success(model.space.index(of: Package(complete: digits.map { $0! })))
    }

    /// The automated seats move until a person is to move or the session ends.
    /// - Returns: the new entries.
    @discardableResult
    public mutating func runAutomated(now: Date = Date(), limit: Int = .max) -> [SessionEntry] {
        if moderated != nil { return runModerated(now: now, limit: limit) }
        var recorded: [SessionEntry] = []
        var moves = 0
        while table.automatedToMove, moves < limit {
            moves += 1
            let party = table.session.partyToMove!
            let before = languageModelRecords[party]?.records.withLock(\.count)
            let events = table.moveAutomated(elapsed: elapsed(now))
            let call = before.flatMap { count in languageModelRecords[party]?.records.withLock { $0.count > count ? $0.last : nil } }
            recorded += record(events, move: table.moves.last, actor: strategyName(party), message: call.flatMap(Self.publicMessage), at: now,
                               record: call)
        }
        return recorded
    }

    /// The public message of a language model's readable reply (at most ``maxMessage`` characters).
    static func publicMessage(_ call: SeatRecord) -> String? {
        guard call.error == nil, let object = (try? JSONSerialization.jsonObject(with: Data(call.reply.utf8))) as? [String: Any],
              let message = object["message"] as? String, !message.isEmpty else { return nil }
        return String(message.prefix(maxMessage))
    }

    func strategyName(_ party: Int) -> String {
        if let current = entries.last(where: { $0.seatChange?.party == party }), let change = current.seatChange {
            return change.strategy?.rawValue ?? "person"
        }
        if let command = setup.seats[parties[party]]?.command { return "agent: \(command)" }
        if let name = setup.seats[parties[party]]?.model { return languageModelRecords[party] == nil ? "llm:\(name) (no endpoint: boulware)" : "llm:\(name)" }
        return setup.seats[parties[party]]?.strategy ?? "person"
    }

    /// When the clock next needs checking: the session's wall-clock deadline or the person's move
    /// time; nil when neither applies.
    public func nextDeadline() -> Date? {
        guard !isOver else { return nil }
        var times: [Date] = []
        if let minutes = setup.minutes { times.append(setup.created.addingTimeInterval(minutes * 60)) }
        if let move = moveDeadline() { times.append(move) }
        return times.min()
    }

    /// When the person to move must have moved; nil without a limit per move or for an automated seat.
    public func moveDeadline() -> Date? {
        guard let seconds = setup.moveSeconds, let party = partyToMove, isPerson(party) else { return nil }
        return (entries.last?.at ?? setup.created).addingTimeInterval(seconds)
    }

    /// Ends the session at its wall-clock deadline, and applies the timeout policy to a person
    /// whose move time has run out.
    /// - Returns: the new entries.
    @discardableResult
    public mutating func checkClock(now: Date = Date()) -> [SessionEntry] {
        if moderated != nil { return checkModeratedClock(now: now) }
        var recorded: [SessionEntry] = []
        let events = table.updateClock(elapsed: elapsed(now))
        if !events.isEmpty { recorded += record(events, move: table.moves.last, actor: "clock", message: nil, at: now) }
        if let deadline = moveDeadline(), now >= deadline, let party = table.session.partyToMove {
            switch setup.onTimeout {
            case .walkAway:
                if let events = try? table.act(.walkAway, by: party, elapsed: elapsed(now)) {
                    recorded += record(events, move: table.moves.last, actor: "timeout", message: nil, at: now)
                }
            case .skip:
                if let events = try? table.skip(party, elapsed: elapsed(now)) {
                    recorded += record(events, move: table.moves.last, actor: "timeout", message: nil, at: now)
                }
            case .agent:
                recorded += changeSeat(party, to: .boulware, now: now)
                recorded += runAutomated(now: now, limit: 1)
                recorded += changeSeat(party, to: nil, now: now)
            }
        }
        return recorded
    }

    /// An automated negotiator playing `strategy` takes over party `party`'s seat (nil: a person takes it back).
    /// - Returns: the new entry.
    @discardableResult
    public mutating func changeSeat(_ party: Int, to strategy: Strategy?, now: Date = Date()) -> [SessionEntry] {
        var entry = SessionEntry(at: now, move: nil, event: nil, actor: strategy?.rawValue ?? "person", message: nil)
        if moderated != nil {
            moderated?.changeSeat(party, to: strategy, seed: setup.seed &+ UInt64(party))
            entry.moderated = moderated?.moves.last
        } else {
            table.changeSeat(party, to: strategy, seed: setup.seed &+ UInt64(party), space: model.space)
            entry.move = table.moves.last
        }
        entries.append(entry)
        return [entry]
    }

    /// Appends the entries of one move's events: the move goes with the first.
    mutating func record(_ events: [NegotiationEvent], move: LiveTable.Move?, actor: String, message: String?, at now: Date,
                                 record call: SeatRecord? = nil) -> [SessionEntry] {
        let new = events.enumerated().map { k, event in
            SessionEntry(at: now, move: k == 0 ? move : nil, event: event, actor: k == 0 ? actor : nil, message: k == 0 ? message : nil,
                         record: k == 0 ? call : nil)
        }
        entries += new
        return new
    }
}
