import ParleyAnalysis
import ParleyCore

/// What a negotiator knows when it acts: its own utilities and red lines (never the others'),
/// the time, and the history of offers.
public struct NegotiationContext: Sendable {
    /// The negotiator's own party index.
    public let party: Int
    /// Its utility for every package, by package index.
    public let utilities: [Double]
    /// Whether each package breaches one of its red lines.
    public let forbidden: [Bool]
    /// Its reservation value (the utility of no agreement).
    public let reservation: Double
    /// The deadline in rounds.
    public let rounds: Int
    /// The number of parties at the table.
    public var parties: Int = 2
    /// The discount factor the protocol applies to this party: a package agreed at normalised time
    /// `t` (and the reservation value) is worth `d^t` of its utility; nil when it applies none.
    public var discount: Double? = nil
    /// The acceptable packages ranked once for many negotiations over the same tables (a
    /// tournament's matches); nil: each negotiator ranks them itself.
    var ranking: AcceptableRanking? = nil

    /// The ranking of the acceptable packages: the shared one when there is one.
    var acceptableRanking: AcceptableRanking { ranking ?? AcceptableRanking(self) }

    /// Whether the negotiator's party accepts package `index` by the one rule every analysis uses
    /// (``Acceptance``): its reservation value met, none of its red lines breached.
    @inlinable
    public func isAcceptable(_ index: Int) -> Bool {
        !forbidden[index] && Acceptance.meetsReservation(utility: utilities[index], reservation: reservation)
    }
}

/// What a party does when it holds the turn: the three moves of the stacked alternating offers
/// protocol.
///
/// ```swift
/// try session.apply(.offer(package: 12), by: 0)   // the opening offer
/// try session.apply(.accept, by: 1)               // accept the offer on the table
/// ```
public enum NegotiationAction: Hashable, Sendable, Codable {
    /// Put this package on the table (the opening offer, or a counter-offer replacing the one there).
    case offer(package: Int)
    /// Accept the offer on the table.
    case accept
    /// Leave the negotiation: it ends without agreement.
    case walkAway

    /// The kind of action, as a trace records it.
    public var kind: TraceStep.Action {
        switch self {
        case .offer: .offer
        case .accept: .accept
        case .walkAway: .walkAway
        }
    }
}

/// A negotiating strategy: how to answer an offer and what to propose, knowing only one's own
/// preferences. Strategies are a protocol so that others can write their own in Swift.
public protocol Negotiator: Sendable {
    /// A short name for traces ("boulware").
    var name: String { get }
    /// Called once before the negotiation.
    mutating func start(_ context: NegotiationContext)
    /// The first offer, when this negotiator opens.
    mutating func open(time: Double) -> Int
    /// The answer to `offer` at normalised time `time` (0 at the start, 1 at the deadline).
    mutating func respond(to offer: Int, time: Double) -> NegotiationAction
    /// The negotiator's move when it holds the turn: ``open(time:)`` when nothing is on the table
    /// yet, else ``respond(to:time:)``. The protocol's driver calls this; a negotiator overrides it
    /// only to do something else when opening (an external program that fails to open walks away).
    mutating func act(on offer: Int?, time: Double) -> NegotiationAction
    /// Another party's action, as every party at the table sees it (SAOP broadcasts each action):
    /// `party` offered or accepted `package`. Opponent models learn from it; the default ignores it.
    mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double)
    /// Whether a replay of a recorded negotiation asks this negotiator for its moves again (to
    /// rebuild its state; the recorded moves are kept). A negotiator whose moves cost a call to a
    /// model says no: its state is what it observed, and a replay should not pay again.
    var replaysByAsking: Bool { get }
    /// What a negotiator that calls a model did so far: one record per call (empty for the others).
    var calls: [SeatRecord] { get }
}

/// What a negotiator sees another party do.
public enum ObservedAction: String, Hashable, Sendable, Codable { case offer, accept }

extension Negotiator {
    public mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double) {}

    public var replaysByAsking: Bool { true }

    public var calls: [SeatRecord] { [] }

    public mutating func act(on offer: Int?, time: Double) -> NegotiationAction {
        guard let offer else { return .offer(package: open(time: time)) }
        return respond(to: offer, time: time)
    }
}

/// When to accept an offer: the acceptance conditions of the BOA architecture (Baarslag et al.
/// 2014), composable.
public indirect enum AcceptanceCondition: Hashable, Sendable {
    /// AC_next: accept when the offer is worth at least what one would propose next.
    case next
    /// AC_const(α): accept when the offer is worth at least α.
    case constant(Double)
    /// AC_time(T): accept anything (rational) after normalised time T.
    case time(Double)
    case all([AcceptanceCondition])
    case any([AcceptanceCondition])

    /// Whether to accept an offer worth `offered` when one's next proposal is worth `next`.
    public func accepts(offered: Double, next: Double, time: Double) -> Bool {
        switch self {
        case .next: return offered >= next - 1e-12
        case .constant(let threshold): return offered >= threshold - 1e-12
        case .time(let limit): return time >= limit
        case .all(let conditions): return conditions.allSatisfy { $0.accepts(offered: offered, next: next, time: time) }
        case .any(let conditions): return conditions.contains { $0.accepts(offered: offered, next: next, time: time) }
        }
    }
}
