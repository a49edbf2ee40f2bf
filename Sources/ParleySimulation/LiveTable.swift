import ParleyAnalysis
import ParleyCore

/// A negotiation where some seats are automated negotiators and the others are taken by people
/// (or anything else that decides outside the process): a ``NegotiationSession`` with the
/// automated seats' negotiators beside it.
///
/// It is the live counterpart of ``StackedAlternatingOffers/run(_:negotiators:tables:)``: the same
/// session, the same broadcast of every action to the negotiators, but driven one move at a time
/// by its owner (a server), who asks ``moveAutomated(elapsed:)`` while an automated seat holds the
/// turn and passes a person's action to ``act(_:by:elapsed:)``. A table rebuilt from its recorded
/// moves (``replay(_:)``) is in the same state as the one that recorded them, automated
/// negotiators included: each is asked for its move again and shown the same actions at the same
/// times, so a server that restarts resumes its open negotiations where they were.
///
/// ```swift
/// var table = LiveTable(rules: StackedAlternatingOffers(rounds: 10), model: model,
///                       agents: [1: Strategy.boulware.negotiator(space: model.space)])
/// try table.act(.offer(package: 4), by: 0)     // the person in seat 0 opens
/// table.moveAutomated()                          // seat 1 answers
/// ```
public struct LiveTable: Sendable {
    /// The negotiation: whose turn, the offer on the table, the event log.
    public private(set) var session: NegotiationSession
    /// The automated seats' negotiators, by party.
    private var agents: [Int: any Negotiator]
    /// Every move so far, in order, as ``replay(_:)`` takes them.
    public private(set) var moves: [Move] = []

    /// One recorded change at the table: an action at its normalised time, or a seat changing hands.
    public enum Move: Hashable, Sendable, Codable {
        /// `party` took `action` at normalised time `time`.
        case action(party: Int, action: NegotiationAction, time: Double)
        /// An automated negotiator playing `strategy` took over `party`'s seat (nil: a person took it back).
        case seat(party: Int, strategy: Strategy?, seed: UInt64)
        /// `party`'s move was skipped at normalised time `time`.
        case skip(party: Int, time: Double)
    }

    /// A table over `model`'s packages; `agents` play the automated seats (by party), the other
    /// seats wait for ``act(_:by:elapsed:)``.
    public init(rules: StackedAlternatingOffers, model: UtilityModel, agents: [Int: any Negotiator]) {
        session = NegotiationSession(rules: rules, model: model)
        self.agents = [:]
        for (party, agent) in agents where party >= 0 && party < session.parties { seat(agent, at: party) }
    }

    /// Whether `party`'s seat is automated.
    public func isAutomated(_ party: Int) -> Bool { agents[party] != nil }

    /// Whether the party to move is an automated seat (false once the negotiation has ended).
    public var automatedToMove: Bool { session.partyToMove.map(isAutomated) ?? false }

    /// Puts `agent` in `party`'s seat (an automated negotiator takes over from a person, or
    /// replaces another). It starts with the party's context and learns from the actions that
    /// follow, not from the past ones.
    public mutating func seat(_ agent: any Negotiator, at party: Int) {
        var agent = agent
        agent.start(session.context(for: party))
        agents[party] = agent
    }

    /// Frees `party`'s seat for a person.
    public mutating func unseat(_ party: Int) { agents[party] = nil }

    /// Records a seat change as a move (for ``replay(_:)``): `strategy` takes `party`'s seat, or a
    /// person when nil.
    public mutating func changeSeat(_ party: Int, to strategy: Strategy?, seed: UInt64, space: OutcomeSpace) {
        if let strategy { seat(strategy.negotiator(space: space, seed: seed), at: party) } else { unseat(party) }
        moves.append(.seat(party: party, strategy: strategy, seed: seed))
    }

    /// Takes `party`'s action (a person's), `elapsed` after the start.
    /// - Returns: the events it caused.
    /// - Throws: the session's ``NegotiationSession/Error`` when the action is not legal; nothing changes then.
    @discardableResult
    public mutating func act(_ action: NegotiationAction, by party: Int, elapsed: Duration = .zero) throws(NegotiationSession.Error) -> [NegotiationEvent] {
        try record(action, by: party, at: session.time(elapsed: elapsed))
    }

    /// Skips `party`'s move (its time ran out), `elapsed` after the start.
    @discardableResult
    public mutating func skip(_ party: Int, elapsed: Duration = .zero) throws(NegotiationSession.Error) -> [NegotiationEvent] {
        let time = session.time(elapsed: elapsed)
        let events = try session.skip(by: party, at: time)
        moves.append(.skip(party: party, time: time))
        return events
    }

    /// The automated seat to move makes its move, `elapsed` after the start.
    /// - Returns: the events it caused; empty when a person (or nobody) is to move.
    @discardableResult
    public mutating func moveAutomated(elapsed: Duration = .zero) -> [NegotiationEvent] {
        guard let party = session.partyToMove, var agent = agents[party] else { return [] }
        let time = session.time(elapsed: elapsed)
        let action = agent.act(on: session.offer, time: time)
        agents[party] = agent
        // A negotiator that makes an illegal move (an external program's bad package is already
        // read as walking away) leaves the table rather than stopping the server.
        if let events = try? record(action, by: party, at: time) { return events }
        return (try? record(.walkAway, by: party, at: time)) ?? []
    }

    /// Ends the negotiation if the wall-clock deadline has passed at `elapsed`.
    @discardableResult
    public mutating func updateClock(elapsed: Duration) -> [NegotiationEvent] {
        var events = session.updateClock(elapsed: elapsed)
        // The session's own clock starts with the opening offer; at a live table the time limit
        // also ends a negotiation nobody has opened.
        if events.isEmpty, !session.isOver, session.turn == 0, let limit = session.rules.timeLimit,
           Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 >= limit {
            events = [session.forceDeadline()]
        }
        if !events.isEmpty { moves.append(.action(party: -1, action: .walkAway, time: 1)) }
        return events
    }

    /// Rebuilds the state after `moves` (recorded by a table with the same rules, model and
    /// initial seats): automated seats are asked for their move again, so their negotiators end
    /// in the state they were in; the recorded action is the one taken.
    /// - Throws: the session's error for a recorded move that is not legal (a log that does not
    ///   belong to this table); the moves before it stay applied.
    public mutating func replay(_ moves: [Move], space: OutcomeSpace) throws(NegotiationSession.Error) {
        for move in moves {
            switch move {
            case .seat(let party, let strategy, let seed):
                changeSeat(party, to: strategy, seed: seed, space: space)
            case .skip(let party, let time):
                try session.skip(by: party, at: time)
                self.moves.append(move)
            case .action(-1, _, _):
                // The wall-clock deadline, recorded by ``updateClock(elapsed:)``.
                session.forceDeadline()
                self.moves.append(move)
            case .action(let party, let action, let time):
                if var agent = agents[party], agent.replaysByAsking {
                    _ = agent.act(on: session.offer, time: time)
                    agents[party] = agent
                }
                try record(action, by: party, at: time)
            }
        }
    }

    /// Records `party`'s action at normalised time `time` and shows it to the automated seats.
    @discardableResult
    private mutating func record(_ action: NegotiationAction, by party: Int, at time: Double) throws(NegotiationSession.Error) -> [NegotiationEvent] {
        let (event, ending) = try session.record(action, by: party, at: time)
        moves.append(.action(party: party, action: action, time: time))
        let observed: (ObservedAction, Int)? = switch event {
        case .offered(_, let package, _, _): (.offer, package)
        case .accepted(_, let package, _, _): (.accept, package)
        default: nil
        }
        if let (kind, package) = observed {
            for other in agents.keys.sorted() where other != party {
                agents[other]!.observe(party: party, action: kind, package: package, time: time)
            }
        }
        return ending.map { [event, $0] } ?? [event]
    }
}
