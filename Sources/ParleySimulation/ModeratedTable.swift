import ParleyAnalysis
import ParleyCore

/// A moderated negotiation (``ModeratedProtocol``) driven one move at a time, where some seats
/// are automated (``ModeratedSeat``s, and the mediator when the protocol has no proposer party)
/// and the others wait for a person: the moderated counterpart of ``LiveTable``, and the one engine
/// behind ``ModeratedProtocol/run(_:seats:opening:)`` too.
///
/// Every move is recorded (``moves``); a table rebuilt from them (``replay(_:)``) is in the same
/// state, automated seats included: each is asked for its move again (unless it answers by calling
/// a model) and shown the same moves at the same times.
///
/// ```swift
/// var table = ModeratedTable(rules: ModeratedProtocol(seed: 3, proposer: 0), model: model,
///                            seats: [1: ClassicModeratedSeat(Strategy.boulware.negotiator(space: model.space))])
/// try table.act(ModeratedMove(message: "Let us start here.", deal: 12), by: 0)   // the person opens
/// table.moveAutomated()                                                          // seat 1 speaks, if it is its turn
/// ```
public struct ModeratedTable: Sendable {
    public private(set) var session: ModeratedSession
    public let model: UtilityModel
    let tables: NegotiationTables
    /// The automated seats, by party.
    private var seats: [Int: any ModeratedSeat]
    /// The mediator seat, when the protocol has no proposer party.
    private var mediator: MediatorBaseline?
    /// The opening deal an automated proposer (or the mediator) puts on the table, if given.
    public let opening: Int?
    /// Every move so far, in order, as ``replay(_:)`` takes them.
    public private(set) var moves: [Move] = []

    /// One recorded change at the table.
    public enum Move: Hashable, Sendable, Codable {
        /// `speaker` (nil: the mediator) made `move`; `valid` is false when the seat's own answer
        /// could not be used and a stand-in was recorded (a pass, or its best package where a deal is required).
        case turn(speaker: Int?, move: ModeratedMove, valid: Bool)
        /// The session was ended where it stood (a wall-clock deadline).
        case stop
        /// An automated negotiator playing `strategy` took over `party`'s seat (nil: a person took it back).
        case seat(party: Int, strategy: Strategy?, seed: UInt64)
    }

    /// One automated move: the transcript entry, whether the seat's answer was valid, and what a
    /// model-backed seat did.
    public struct Step: Sendable {
        public var turn: ModeratedSession.Turn
        public var valid: Bool
        public var record: SeatRecord?
    }

    /// A table over `model`'s packages; `seats` play the automated parties (by party), the other
    /// parties wait for ``act(_:by:)``. `opening` is the opening deal of an automated proposer or
    /// the mediator (a scenario's proposal); without it the proposer opens with its own first move
    /// and the mediator with the first package.
    public init(rules: ModeratedProtocol, model: UtilityModel, seats: [Int: any ModeratedSeat], opening: Int? = nil) {
        self.model = model
        tables = NegotiationTables(model)
        session = ModeratedSession(rules: rules, parties: model.partyCount, packageCount: tables.utilities.first?.count ?? 0)
        self.opening = opening
        mediator = rules.proposer == nil ? MediatorBaseline(model: model) : nil
        self.seats = [:]
        for (party, seat) in seats where party >= 0 && party < model.partyCount {
            var seat = seat
            seat.start(context(for: party))
            self.seats[party] = seat
        }
    }

    /// What party `party` knows at the start.
    public func context(for party: Int) -> NegotiationContext {
        NegotiationContext(party: party, utilities: tables.utilities[party], forbidden: tables.forbidden[party],
                           reservation: model.reservations[party], rounds: session.schedule.count + 2, parties: model.partyCount)
    }

    /// Whether `party`'s seat is automated.
    public func isAutomated(_ party: Int) -> Bool { seats[party] != nil }

    /// Whether the next speaker is automated (an automated party or the mediator; false once over).
    public var automatedToMove: Bool { !session.isOver && (session.speaker.map(isAutomated) ?? true) }

    /// The result once the session is over (the metrics of ``ModeratedResult``).
    public var result: ModeratedResult { ModeratedResult.score(session, model: model, tables: tables) }

    /// Which parties accept `deal` (as every analysis decides it).
    public func accepts(_ deal: Int) -> [Bool] { ModeratedResult.acceptances(of: deal, model: model, tables: tables) }

    /// The final proposal once made, and whether it passes the agreement rule and whether every party accepts it.
    public var final: (deal: Int, passes: Bool, unanimous: Bool)? {
        session.finalDeal.map { deal in
            let accepts = accepts(deal)
            return (deal, model.rule.passes(accepts), !accepts.contains(false))
        }
    }

    /// What the next speaker knows.
    public func situation() -> ModeratedSituation {
        ModeratedSituation(phase: session.phase, party: session.speaker, time: session.time,
                           turnsLeft: session.schedule.count - session.turn, transcript: session.transcript)
    }

    /// A party's best package: what stands in where an opening or final proposal has no usable deal.
    public func bestPackage(of party: Int?) -> Int {
        guard let party else { return 0 }
        let utilities = tables.utilities[party]
        return utilities.indices.max { utilities[$0] < utilities[$1] } ?? 0
    }

    /// The next automated speaker makes its move.
    /// - Returns: the move, or nil when a person (or nobody) is to speak, or when the session cannot
    ///   take a move (an outcome space with no package).
    @discardableResult
    public mutating func moveAutomated() -> Step? {
        guard automatedToMove else { return nil }
        let speaker = session.speaker
        var move: ModeratedMove
        var valid = true
        var record: SeatRecord?
        if session.phase == .opening, let opening {
            move = ModeratedMove(message: "Here is my opening deal.", deal: opening)
        } else if let party = speaker, var seat = seats[party] {
            (move, valid, record) = seat.speak(situation())
            seats[party] = seat
        } else if session.phase == .opening {
            move = ModeratedMove(message: "Here is my opening deal.", deal: 0)
        } else {
            move = ModeratedMove(message: "My final proposal: the deal I expect most of you can accept.",
                                 deal: mediator?.proposal(rule: model.rule) ?? 0)
        }
        (move, valid) = legal(move, valid: valid)
        guard (try? commit(move, by: speaker, valid: valid)) != nil else { return nil }
        return Step(turn: session.transcript[session.transcript.count - 1], valid: valid, record: record)
    }

    /// `move` made legal for the current phase: a deal outside the outcome space is dropped, and
    /// an opening or final proposal without a deal gets the speaker's best package; `valid` is
    /// false after either.
    public func legal(_ move: ModeratedMove, valid: Bool) -> (ModeratedMove, Bool) {
        var move = move, valid = valid
        if let deal = move.deal, deal < 0 || deal >= session.packageCount { move.deal = nil; valid = false }
        if move.deal == nil, session.phase == .opening || session.phase == .final {
            move.deal = bestPackage(of: session.speaker)
            valid = false
        }
        return (move, valid)
    }

    /// A person's move in party `party`'s seat.
    /// - Throws: the session's error (out of turn, over, a deal outside the outcome space, an
    ///   opening or final proposal without a deal); nothing changes then.
    public mutating func act(_ move: ModeratedMove, by party: Int) throws(ModeratedSession.Error) {
        try commit(move, by: party, valid: true)
    }

    /// Records a seat change as a move: `strategy` takes `party`'s seat (it starts with the
    /// party's context and learns from the moves that follow), or a person when nil.
    public mutating func changeSeat(_ party: Int, to strategy: Strategy?, seed: UInt64) {
        guard party >= 0, party < model.partyCount else { return }
        if let strategy {
            var seat = ClassicModeratedSeat(strategy.negotiator(space: model.space, seed: seed))
            seat.start(context(for: party))
            seats[party] = seat
        } else {
            seats[party] = nil
        }
        moves.append(.seat(party: party, strategy: strategy, seed: seed))
    }

    /// Ends the session where it stands (a wall-clock deadline).
    public mutating func stop() {
        guard !session.isOver else { return }
        session.stop()
        moves.append(.stop)
    }

    /// Rebuilds the state after `moves` (recorded by a table with the same rules, model, seats and
    /// opening): automated seats that replay by asking are asked for their move again, and the
    /// recorded move is the one taken.
    /// - Throws: the session's error for a recorded move that is not legal (a log that does not
    ///   belong to this table); the moves before it stay applied.
    public mutating func replay(_ moves: [Move]) throws(ModeratedSession.Error) {
        for move in moves {
            switch move {
            case .stop: stop()
            case .seat(let party, let strategy, let seed): changeSeat(party, to: strategy, seed: seed)
            case .turn(let speaker, let recorded, let valid):
                let automatedOpening = session.phase == .opening && opening != nil
                if let party = speaker, !automatedOpening, var seat = seats[party], seat.replaysByAsking {
                    _ = seat.speak(situation())
                    seats[party] = seat
                }
                try commit(recorded, by: speaker, valid: valid)
            }
        }
    }

    /// Applies `move` and shows it to the mediator and the other automated seats.
    /// - Throws: the session's error; nothing changes then.
    private mutating func commit(_ move: ModeratedMove, by speaker: Int?, valid: Bool) throws(ModeratedSession.Error) {
        let time = session.time
        try session.apply(move, by: speaker)
        moves.append(.turn(speaker: speaker, move: move, valid: valid))
        if let deal = move.deal { mediator?.observe(party: speaker, deal: deal) }
        for other in seats.keys.sorted() where other != speaker { seats[other]?.observe(party: speaker, move: move, time: time) }
    }
}
