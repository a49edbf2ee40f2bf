import ParleyCore

/// Whether a party accepts a package: the one rule that the agreement space, bridges, robustness,
/// evaluation and every negotiation strategy use.
///
/// A party accepts a package when its utility reaches its reservation value and no red line of its
/// own is breached. Utilities are sums of products, so a package worth exactly the reservation
/// value on paper may come out a few ulps short; a shortfall of at most ``tolerance`` counts as
/// meeting it.
///
/// ```swift
/// Acceptance.meetsReservation(utility: 0.6 - 1e-12, reservation: 0.6)   // true
/// model.accepts(party: 0, digits)                                         // reservation and red lines
/// ```
public enum Acceptance {
    /// How far below its reservation value a utility may fall and still meet it.
    public static let tolerance = 1e-9

    /// Whether `utility` meets `reservation`: the shortfall `reservation − utility` is at most
    /// `tolerance` (``tolerance`` unless a peer tool's exact convention is replicated, with 0).
    @inlinable
    public static func meetsReservation(utility: Double, reservation: Double, tolerance: Double = Acceptance.tolerance) -> Bool {
        reservation - utility <= tolerance
    }

    /// Whether a party whose utility is `utility` and whose red lines are breached or not accepts.
    @inlinable
    public static func accepts(utility: Double, reservation: Double, breachesRedLine: Bool) -> Bool {
        !breachesRedLine && meetsReservation(utility: utility, reservation: reservation)
    }
}

extension UtilityModel {
    /// Whether party `party` accepts the complete package `digits` (see ``Acceptance``).
    /// - Complexity: O(issues + the party's red-line clauses).
    public func accepts(party: Int, _ digits: [Int]) -> Bool {
        guard Acceptance.meetsReservation(utility: utility(party, digits), reservation: reservations[party]) else { return false }
        return !clauses.contains { $0.party == party && $0.isSatisfied(by: digits, offsets: optionStarts) }
    }
}
