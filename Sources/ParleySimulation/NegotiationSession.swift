import ParleyAnalysis
import ParleyCore

/// A negotiation under the stacked alternating offers protocol, as a value stepped one action at a
/// time: whose turn it is, the offer on the table, who has accepted it, the round, the time and
/// the event log.
///
/// The session checks every action against the protocol (the turn, the deadline, the package
/// index) and nothing else: a party's red lines and reservation value are the party's own business.
/// It owns no clock and no negotiators, so anyone can take a turn: an automated negotiator (see
/// ``StackedAlternatingOffers/run(_:negotiators:tables:)``), a person at a terminal or in a
/// browser, a slow language model. With a wall-clock deadline the caller passes the time elapsed
/// since the start with each action.
///
/// ```swift
/// var session = NegotiationSession(rules: StackedAlternatingOffers(rounds: 10), model: model)
/// try session.apply(.offer(package: 4), by: 0)
/// let events = try session.apply(.accept, by: 1)   // two parties: agreement on package 4
/// session.result?.agreement                          // 4
/// ```
///
/// Turns go round the parties in order, party 0 opening; turn `k` belongs to party `k mod n` in
/// round `k / n`. The normalised time of turn `k ≥ 1` is the larger of `k / (n × rounds − 1)` and
/// the elapsed fraction of the time limit (turn 0 is at time 0).
public struct NegotiationSession: Sendable {
    /// The protocol's parameters: deadline in rounds and seconds, discount factors.
    public let rules: StackedAlternatingOffers
    /// The number of parties at the table.
    public let parties: Int
    let tables: NegotiationTables
    let reservations: [Double]
    /// The number of turns before the deadline in rounds (`Int.max` when that overflows).
    let totalTurns: Int

    /// The number of actions taken so far (the index of the turn to play).
    public private(set) var turn = 0
    /// The offer on the table, nil before the opening offer.
    public private(set) var offer: Int?
    /// The parties who have accepted the offer on the table, in order.
    public private(set) var acceptedBy: [Int] = []
    /// The party whose offer is on the table.
    public private(set) var offeredBy: Int?
    /// Who must agree: an offer is agreed when its proposer and the parties who accepted it pass
    /// this rule (under unanimity, when every other party has accepted it).
    let agreementRule: CompiledRule
    /// The normalised time of the last action (0 before any).
    public private(set) var time = 0.0
    /// Everything that happened, in order (empty for a session that keeps no log).
    public private(set) var events: [NegotiationEvent] = []
    /// The actions so far, each with every party's utility for the package on the table after it.
    public private(set) var trace: [TraceStep] = []
    /// Whether ``events`` is kept: ``StackedAlternatingOffers/run(_:negotiators:tables:)`` needs
    /// only the trace, and a long negotiation's log would double its memory.
    let keepsLog: Bool
    /// The number of packages on offer.
    public let packageCount: Int
    /// How the negotiation ended, once it has.
    private var ending: Ending?

    private enum Ending: Hashable, Sendable {
        case agreement(package: Int, rounds: Int, time: Double)
        case walkAway(party: Int, rounds: Int, time: Double)
        case deadline(rounds: Int)
    }

    /// Why an action was refused; the session is unchanged.
    public enum Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        /// `party` acted while it was `expected`'s turn.
        case notYourTurn(party: Int, expected: Int)
        /// The negotiation has ended (agreement, walk-away or deadline).
        case negotiationOver
        /// The wall-clock deadline has passed; ``NegotiationSession/updateClock(elapsed:)`` ends the session.
        case deadlinePassed
        /// The package index is not one of the outcome space's.
        case invalidPackage(Int)
        /// An acceptance with no offer on the table (the first party must open with an offer).
        case nothingToAccept
        /// The proposer accepting its own offer (possible only when another party's move was skipped).
        case ownOffer

        public var description: String {
            switch self {
            case .notYourTurn(let party, let expected): "party \(party) acted on party \(expected)'s turn"
            case .negotiationOver: "the negotiation is over"
            case .deadlinePassed: "the deadline has passed"
            case .invalidPackage(let package): "package \(package) is not in the outcome space"
            case .nothingToAccept: "there is no offer on the table to accept"
            case .ownOffer: "the offer on the table is the party's own: it can counter it or walk away"
            }
        }
    }

    /// A session over `model`'s packages, with `tables` computed once for many negotiations over
    /// the same model (a tournament's matches).
    package init(rules: StackedAlternatingOffers, model: UtilityModel, tables: NegotiationTables) {
        self.init(rules: rules, model: model, tables: tables, keepsLog: true)
    }

    init(rules: StackedAlternatingOffers, model: UtilityModel, tables: NegotiationTables, keepsLog: Bool) {
        precondition(model.partyCount >= 2, "a negotiation needs at least two parties")
        self.rules = rules
        self.tables = tables
        parties = model.partyCount
        reservations = model.reservations
        totalTurns = rules.rounds > Int.max / parties ? Int.max : rules.rounds * parties
        packageCount = tables.utilities.first?.count ?? 0
        self.keepsLog = keepsLog
        agreementRule = model.rule
    }

    /// A session over `model`'s packages.
    /// - Complexity: O(packages × parties) to tabulate the utilities.
    public init(rules: StackedAlternatingOffers, model: UtilityModel) {
        self.init(rules: rules, model: model, tables: NegotiationTables(model))
    }

    /// What party `party` knows: its own utilities, red lines and reservation value, the deadline.
    public func context(for party: Int) -> NegotiationContext {
        let factor = party < rules.discounts.count ? rules.discounts[party] : nil
        return NegotiationContext(party: party, utilities: tables.utilities[party], forbidden: tables.forbidden[party],
                                  reservation: reservations[party], rounds: rules.rounds, parties: parties,
                                  discount: factor.flatMap { $0 > 0 && $0 < 1 ? $0 : nil }, ranking: tables.ranking(party))
    }

    /// Whether the negotiation has ended.
    public var isOver: Bool { ending != nil }

    /// The party whose turn it is; nil once the negotiation has ended.
    public var partyToMove: Int? { isOver ? nil : turn % parties }

    /// The round of the turn to play (of the last turn, once the negotiation has ended).
    public var round: Int { turn / parties }

    /// The kinds of action the party to move may take: an offer or walking away to open, then
    /// also accepting; none once the negotiation has ended.
    public var legalActions: [TraceStep.Action] {
        if isOver { return [] }
        return offer == nil || offeredBy == partyToMove ? [.offer, .walkAway] : [.accept, .offer, .walkAway]
    }

    /// The normalised time of the turn to play, `elapsed` after the start.
    public func time(elapsed: Duration) -> Double {
        guard turn > 0 else { return 0 }
        return min(1, max(Double(turn) / Double(max(1, totalTurns - 1)), elapsedFraction(elapsed)))
    }

    /// The fraction of the time limit that `elapsed` is (0 without one).
    private func elapsedFraction(_ elapsed: Duration) -> Double {
        guard let timeLimit = rules.timeLimit else { return 0 }
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) + Double(attoseconds) / 1e18) / timeLimit
    }

    /// Whether the wall-clock deadline has passed at `elapsed` (never before the opening offer).
    public func deadlinePassed(elapsed: Duration) -> Bool {
        !isOver && turn > 0 && rules.timeLimit != nil && time(elapsed: elapsed) >= 1
    }

    /// Ends the negotiation if the wall-clock deadline has passed at `elapsed`.
    /// - Returns: the events it caused: ``NegotiationEvent/deadlineReached(round:time:)`` or none.
    @discardableResult
    public mutating func updateClock(elapsed: Duration) -> [NegotiationEvent] {
        guard deadlinePassed(elapsed: elapsed) else { return [] }
        return [forceDeadline()]
    }

    /// Ends the negotiation at the wall-clock deadline now (a replay of a recorded ending).
    @discardableResult
    mutating func forceDeadline() -> NegotiationEvent {
        ending = .deadline(rounds: round)
        time = 1
        let event = NegotiationEvent.deadlineReached(round: round, time: 1)
        if keepsLog { events.append(event) }
        return event
    }

    /// Takes `party`'s action, `elapsed` after the start (it matters only with a wall-clock deadline).
    ///
    /// - Returns: the events the action caused, in order: the action itself, then agreement or the
    ///   deadline in rounds if it ended the negotiation.
    /// - Throws: ``Error`` when the negotiation is over, it is not `party`'s turn, the wall-clock
    ///   deadline has passed, the package is not in the outcome space, or there is nothing to accept.
    ///   The session is then unchanged.
    /// - Complexity: O(1).
    @discardableResult
    public mutating func apply(_ action: NegotiationAction, by party: Int, elapsed: Duration = .zero) throws(Error) -> [NegotiationEvent] {
        let (event, ending) = try record(action, by: party, at: time(elapsed: elapsed))
        return ending.map { [event, $0] } ?? [event]
    }

    /// ``apply(_:by:elapsed:)`` at the normalised time `time` (``time(elapsed:)``, computed once by
    /// a driver that also gave it to the negotiator), without an array: the action's event and
    /// the ending it caused, if any.
    mutating func record(_ action: NegotiationAction, by party: Int, at time: Double) throws(Error)
        -> (event: NegotiationEvent, ending: NegotiationEvent?) {
        guard !isOver else { throw .negotiationOver }
        let expected = turn % parties
        guard party == expected else { throw .notYourTurn(party: party, expected: expected) }
        guard rules.timeLimit == nil || turn == 0 || time < 1 else { throw .deadlinePassed }
        let round = turn / parties
        let event: NegotiationEvent
        var endingEvent: NegotiationEvent?
        switch action {
        case .offer(let package):
            guard package >= 0, package < packageCount else { throw .invalidPackage(package) }
            offer = package
            offeredBy = party
            acceptedBy.removeAll(keepingCapacity: true)
            event = .offered(party: party, package: package, round: round, time: time)
            trace.append(step(round, party, .offer, package))
        case .accept:
            guard let offer else { throw .nothingToAccept }
            guard offeredBy != party else { throw .ownOffer }
            acceptedBy.append(party)
            event = .accepted(party: party, package: offer, round: round, time: time)
            trace.append(step(round, party, .accept, offer))
            if agreed {
                ending = .agreement(package: offer, rounds: round + 1, time: time)
                endingEvent = .agreementReached(package: offer, round: round, time: time)
            }
        case .walkAway:
            ending = .walkAway(party: party, rounds: round + 1, time: time)
            event = .walkedAway(party: party, package: offer, round: round, time: time)
            trace.append(step(round, party, .walkAway, offer))
        }
        self.time = time
        if !isOver {
            turn += 1
            if turn >= totalTurns {
                ending = .deadline(rounds: rules.rounds)
                self.time = 1
                endingEvent = .deadlineReached(round: rules.rounds, time: 1)
            }
        }
        if keepsLog {
            events.append(event)
            if let endingEvent { events.append(endingEvent) }
        }
        return (event, endingEvent)
    }

    /// Skips `party`'s move at normalised time `time` (its time ran out at a live table): the offer
    /// and its acceptances stay; the turn passes on (and the deadline in rounds may end the session).
    /// - Throws: as ``apply(_:by:elapsed:)`` for a move out of turn or after the end; nothing changes then.
    @discardableResult
    package mutating func skip(by party: Int, at time: Double) throws(Error) -> [NegotiationEvent] {
        guard !isOver else { throw .negotiationOver }
        let expected = turn % parties
        guard party == expected else { throw .notYourTurn(party: party, expected: expected) }
        var recorded: [NegotiationEvent] = [.skipped(party: party, round: turn / parties, time: time)]
        self.time = time
        turn += 1
        if turn >= totalTurns {
            ending = .deadline(rounds: rules.rounds)
            self.time = 1
            recorded.append(.deadlineReached(round: rules.rounds, time: 1))
        }
        if keepsLog { events += recorded }
        return recorded
    }

    /// Whether the offer on the table is agreed: its proposer and the parties who accepted it pass the rule.
    private var agreed: Bool {
        if agreementRule.isUnanimity { return acceptedBy.count == parties - 1 }
        var accepts = [Bool](repeating: false, count: parties)
        if let offeredBy { accepts[offeredBy] = true }
        for party in acceptedBy { accepts[party] = true }
        return agreementRule.passes(accepts)
    }

    /// Each party's reservation value, discounted to normalised time `time`.
    private func reservations(at time: Double) -> [Double] {
        (0..<parties).map { rules.discounted(reservations[$0], party: $0, time: time) }
    }

    private func step(_ round: Int, _ party: Int, _ action: TraceStep.Action, _ package: Int?) -> TraceStep {
        guard let package else { return TraceStep(round: round, party: party, action: action, package: nil, utilities: []) }
        let columns = tables.utilities
        return TraceStep(round: round, party: party, action: action, package: package, utilities: (0..<parties).map { columns[$0][package] })
    }

    /// The outcome, once the negotiation has ended: each party's payoff is its (discounted)
    /// utility for the agreement, or its reservation value discounted to the end without one.
    public var result: NegotiationResult? {
        guard let ending else { return nil }
        switch ending {
        case .agreement(let package, let rounds, let time):
            return NegotiationResult(agreement: package, rounds: rounds,
                                     payoffs: (0..<parties).map { rules.discounted(tables.utilities[$0][package], party: $0, time: time) },
                                     trace: trace, walkedAway: nil, time: time)
        case .walkAway(let party, let rounds, let time):
            return NegotiationResult(agreement: nil, rounds: rounds, payoffs: reservations(at: time), trace: trace,
                                     walkedAway: party, time: time)
        case .deadline(let rounds):
            return NegotiationResult(agreement: nil, rounds: rounds, payoffs: reservations(at: 1), trace: trace, walkedAway: nil, time: 1)
        }
    }
}
