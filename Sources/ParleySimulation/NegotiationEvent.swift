/// Something that happened in a negotiation: an entry of a ``NegotiationSession``'s event log.
///
/// The log is the negotiation's history, in order, enough to rebuild its trace and result; it is
/// `Codable` so that a server can store it and replay it. Parties and packages are indices (party
/// order, ``OutcomeSpace`` package index); `round` counts from 0 and `time` is the normalised time
/// (0 at the start, 1 at the deadline) at which it happened.
///
/// ```swift
/// let events = try session.apply(.accept, by: 1)
/// // [.accepted(party: 1, package: 7, round: 0, time: 0.01), .agreementReached(package: 7, round: 0, time: 0.01)]
/// ```
public enum NegotiationEvent: Hashable, Sendable, Codable {
    /// `party` put `package` on the table (the opening offer or a counter-offer).
    case offered(party: Int, package: Int, round: Int, time: Double)
    /// `party` accepted the offer on the table, `package`.
    case accepted(party: Int, package: Int, round: Int, time: Double)
    /// `party` left; `package` was on the table (nil when it left before the opening offer).
    case walkedAway(party: Int, package: Int?, round: Int, time: Double)
    /// Every party but the proposer accepted `package`: the negotiation ended with agreement.
    case agreementReached(package: Int, round: Int, time: Double)
    /// The deadline (in rounds or wall-clock time) passed without agreement; `round` is the
    /// negotiation's length in rounds.
    case deadlineReached(round: Int, time: Double)
    /// `party`'s move was skipped (its time ran out at a live table): the offer on the table and
    /// its acceptances stay, and the turn passes on.
    case skipped(party: Int, round: Int, time: Double)

    /// The party who acted, for the three actions; nil for the endings.
    public var party: Int? {
        switch self {
        case .offered(let party, _, _, _), .accepted(let party, _, _, _), .walkedAway(let party, _, _, _), .skipped(let party, _, _): party
        case .agreementReached, .deadlineReached: nil
        }
    }

    /// Whether the event ends the negotiation (agreement, walk-away or deadline).
    public var isEnding: Bool {
        switch self {
        case .offered, .accepted, .skipped: false
        case .walkedAway, .agreementReached, .deadlineReached: true
        }
    }
}
