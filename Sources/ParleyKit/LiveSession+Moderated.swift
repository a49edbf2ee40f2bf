import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyLLM
import ParleySimulation

extension SessionEntry {
    /// The seat change this entry records (at either kind of table), if it is one.
    public var seatChange: (party: Int, strategy: Strategy?)? {
        if case .seat(let party, let strategy, _) = move { return (party, strategy) }
        if case .seat(let party, let strategy, _) = moderated { return (party, strategy) }
        return nil
    }
}

/// The moderated protocol at the workspace's table (``ModeratedTable``): a person's move is a
/// public message with a deal put on the table or none; classic strategies and language models
/// speak in the automated seats, the mediator when the proposer is `mediator`.
extension LiveSession {
    /// The moderated table of a new session: its automated seats, and the opening deal of an
    /// automated proposer (the scenario's proposal, as `parley simulate --protocol moderated` opens).
    func initialModeratedTable() -> ModeratedTable {
        let proposer = setup.proposer.flatMap(partyIndex)
        let rules = ModeratedProtocol(turns: setup.turns, seed: setup.seed, proposer: proposer)
        var seats: [Int: any ModeratedSeat] = [:]
        for (p, party) in parties.enumerated() {
            let seed = setup.seed &+ UInt64(p)
            if let name = setup.seats[party]?.model {
                if let languageModel, let endpoint = try? languageModel.endpoint(model: name) {
                    seats[p] = LLMModeratedSeat(client: ChatClient(endpoint), publicBrief: PublicBrief(scenario),
                                                own: OwnBrief(scenario, model: model, party: p))
                } else {
                    seats[p] = ClassicModeratedSeat(Strategy.boulware.negotiator(space: model.space, seed: seed))
                }
            } else if let name = setup.seats[party]?.strategy, let strategy = Strategy(rawValue: name) {
                seats[p] = ClassicModeratedSeat(strategy.negotiator(space: model.space, seed: seed))
            }
        }
        return ModeratedTable(rules: rules, model: model, seats: seats,
                              opening: Simulate.openingDeal(scenario, model: model, proposer: proposer))
    }

    /// Party `party`'s move at a moderated table: `{"action": "offer", "package": {issue: option},
    /// "message": "..."}` puts a deal on the table with the message; `{"action": "pass", "message":
    /// "..."}` speaks without one (not at the opening or the final proposal, which need a deal).
    mutating func speak(_ body: [String: Any], by party: Int, now: Date) throws(SessionActionError) -> [SessionEntry] {
        guard var table = moderated else { throw .conflict("the session is not moderated") }
        var problems: [SessionProblems.Problem] = []
        for key in body.keys.sorted() where !["action", "package", "message"].contains(key) {
            problems.append(.init(field: key, message: "unknown field '\(key)'", help: "a move has action, package and message"))
        }
        let message = body["message"] as? String ?? ""
        if let value = body["message"], !(value is String) || message.count > Self.maxMessage {
            problems.append(.init(field: "message", message: "the message must be text of at most \(Self.maxMessage) characters", help: "shorten it"))
        }
        var deal: Int?
        let phase = table.session.phase
        switch body["action"] as? String {
        case "offer":
            if let fields = body["package"] as? [String: Any] {
                switch readPackage(fields) {
                case .success(let index): deal = index
                case .failure(let problem): problems += problem.problems
                }
            } else {
                problems.append(.init(field: "package", message: "putting a deal on the table needs a package",
                                      help: "an object of issue id → option id, one per issue"))
            }
        case "pass":
            if phase == .opening || phase == .final {
                problems.append(.init(field: "action", message: "the \(phase == .opening ? "opening" : "final proposal") must put a deal on the table",
                                      help: "send action offer with a package"))
            }
        default:
            problems.append(.init(field: "action", message: "unknown action", help: "at a moderated table: offer (a deal and a message) or pass (a message only)"))
        }
        guard problems.isEmpty else { throw .invalid(SessionProblems(problems)) }
        guard !table.session.isOver else { throw .conflict("the session is over") }
        guard table.session.speaker == party else {
            throw .conflict("it is \(speakerName(table.session.speaker))'s turn, not \(parties[party])'s")
        }
        do { try table.act(ModeratedMove(message: message, deal: deal), by: party) } catch {
            throw .conflict("\(error)")
        }
        moderated = table
        return recordModerated(actor: "person", record: nil, at: now)
    }

    /// Who speaks: a party id, or `mediator`.
    func speakerName(_ speaker: Int?) -> String { speaker.map { parties[$0] } ?? "mediator" }

    /// The automated seats (and the mediator) speak until a person is to speak or the session ends.
    mutating func runModerated(now: Date, limit: Int) -> [SessionEntry] {
        var recorded: [SessionEntry] = []
        var moves = 0
        while moves < limit, let step = moderated?.moveAutomated() {
            moves += 1
            recorded += recordModerated(actor: step.turn.party.map(strategyName) ?? "mediator", record: step.record, at: now)
        }
        return recorded
    }

    /// The wall-clock deadline ends the session where it stands; a person whose move time has run
    /// out passes (`skip`; where a deal is required, their own best package goes on the table) or
    /// has ``Strategy/boulware`` speak for them once (`agent`).
    mutating func checkModeratedClock(now: Date) -> [SessionEntry] {
        guard var table = moderated, !table.session.isOver else { return [] }
        if let minutes = setup.minutes, now >= setup.created.addingTimeInterval(minutes * 60) {
            table.stop()
            moderated = table
            return recordModerated(actor: "clock", record: nil, at: now)
        }
        guard let deadline = moveDeadline(), now >= deadline, let party = partyToMove else { return [] }
        var move = ModeratedMove(message: "", deal: nil)
        if setup.onTimeout == .agent {
            var stand = ClassicModeratedSeat(Strategy.boulware.negotiator(space: model.space, seed: setup.seed &+ UInt64(party)))
            stand.start(table.context(for: party))
            move = stand.speak(table.situation()).move
        }
        move = table.legal(move, valid: true).0
        guard (try? table.act(move, by: party)) != nil else { return [] }
        moderated = table
        return recordModerated(actor: "timeout", record: nil, at: now)
    }

    /// Appends the entry of the moderated table's last move.
    private mutating func recordModerated(actor: String, record: SeatRecord?, at now: Date) -> [SessionEntry] {
        guard let table = moderated, let move = table.moves.last else { return [] }
        var entry = SessionEntry(at: now, move: nil, event: nil, actor: actor, message: nil, record: record, moderated: move)
        if case .turn(_, let spoken, _) = move {
            entry.message = spoken.message.isEmpty ? nil : String(spoken.message.prefix(Self.maxMessage))
            entry.phase = table.session.transcript.last?.phase
        }
        entries.append(entry)
        return [entry]
    }
}
