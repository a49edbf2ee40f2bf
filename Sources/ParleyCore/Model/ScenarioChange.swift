/// An explicit change to a scenario, for "what if" questions: a different reservation value, or a
/// red line given up.
///
/// ```swift
/// let changed = try scenario.applying([.reservation(party: "RU", value: Estimate(0.6)), .dropRedLine("ru-no-nato")])
/// ```
public enum ScenarioChange: Hashable, Sendable, Codable, CustomStringConvertible {
    case reservation(party: Party.ID, value: Estimate)
    /// The reservation value moved by an amount (negative: lowered).
    case shiftReservation(party: Party.ID, by: Double)
    case dropRedLine(RedLine.ID)

    public var description: String {
        switch self {
        case .reservation(let party, let value): "\(party).reservation=\(value)"
        case .shiftReservation(let party, let amount): "\(party).reservation\(amount < 0 ? "-" : "+")=\(abs(amount).decimalText)"
        case .dropRedLine(let id): "drop red line \(id)"
        }
    }
}

/// A change that names a party or red line the scenario does not have.
public struct ScenarioChangeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Scenario {
    /// The scenario with `changes` applied in order.
    /// - Throws: ``ScenarioChangeError`` naming what does not exist and what does.
    public func applying(_ changes: [ScenarioChange]) throws(ScenarioChangeError) -> Scenario {
        var result = self
        for change in changes {
            switch change {
            case .reservation(let party, let value):
                guard let index = result.partyIndex(of: party) else {
                    throw ScenarioChangeError(message: "no party '\(party)'; the parties are \(parties.map(\.id.rawValue).joined(separator: ", "))")
                }
                try result.setReservation(of: index, to: value, change: change)
            case .shiftReservation(let party, let amount):
                guard let index = result.partyIndex(of: party) else {
                    throw ScenarioChangeError(message: "no party '\(party)'; the parties are \(parties.map(\.id.rawValue).joined(separator: ", "))")
                }
                try result.setReservation(of: index, to: result.parties[index].preferences.reservation.map { $0 + amount }, change: change)
            case .dropRedLine(let id):
                guard let index = result.parties.firstIndex(where: { $0.preferences.redLines.contains { $0.id == id } }) else {
                    let ids = parties.flatMap { $0.preferences.redLines.map(\.id.rawValue) }
                    throw ScenarioChangeError(message: "no red line '\(id)'; the red lines are \(ids.joined(separator: ", "))")
                }
                result.parties[index].preferences.redLines.removeAll { $0.id == id }
            }
        }
        return result
    }

    /// Sets a reservation value under the rule a scenario file obeys: finite, and within 0..1 for
    /// a party whose utilities are on the unit scale.
    private mutating func setReservation(of party: Int, to value: Estimate, change: ScenarioChange) throws(ScenarioChangeError) {
        let preferences = parties[party].preferences
        guard value.low.isFinite, value.high.isFinite else {
            throw ScenarioChangeError(message: "\(change): the reservation value must be a finite number")
        }
        if preferences.isUnitScaled, value.low < 0 || value.high > 1 {
            throw ScenarioChangeError(message: "\(change): the reservation value of party '\(parties[party].id)' would be \(value), outside 0..1, "
                                      + "where its utilities lie; a scenario file would be rejected for it")
        }
        parties[party].preferences.reservation = value
    }
}
