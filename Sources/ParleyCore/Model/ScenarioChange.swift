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
    /// A party's weight on an issue; on the unit scale the party's other weights are scaled so that
    /// they still sum to 1.
    case weight(party: Party.ID, issue: Issue.ID, value: Estimate)
    /// A party's value for one option of an issue.
    case value(party: Party.ID, issue: Issue.ID, option: Option.ID, value: Estimate)
    /// A party's ideal position on an ordered or numeric issue's scale: its values follow from it
    /// (1 at the ideal, falling linearly with the distance across the scale).
    case ideal(party: Party.ID, issue: Issue.ID, value: Estimate)
    /// A party's salience of an issue (0..100), for a party that states saliences: its weights are
    /// its saliences divided by their sum.
    case salience(party: Party.ID, issue: Issue.ID, value: Estimate)

    public var description: String {
        switch self {
        case .ideal(let party, let issue, let value): "\(party).ideal.\(issue)=\(value)"
        case .salience(let party, let issue, let value): "\(party).salience.\(issue)=\(value)"
        case .weight(let party, let issue, let value): "\(party).weight.\(issue)=\(value)"
        case .value(let party, let issue, let option, let value): "\(party).value.\(issue).\(option)=\(value)"
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
            case .weight(let party, let issueID, let value):
                let (p, i) = try result.stance(party, issueID, change)
                try Self.checkUnit(value, "weight", result.parties[p].preferences, change)
                var stances = result.parties[p].preferences.stances
                let unitScaled = result.parties[p].preferences.isUnitScaled
                let others = stances.indices.filter { $0 != i && stances[$0] != nil }
                let otherTotal = others.reduce(0.0) { $0 + stances[$1]!.weight.value }
                if unitScaled, !others.isEmpty {
                    guard otherTotal > 0 || value.value >= 1 - 1e-9 else {
                        throw ScenarioChangeError(message: "\(change): the party's other weights are 0, so its weights cannot sum to 1")
                    }
                    let scale = otherTotal > 0 ? (1 - value.value) / otherTotal : 0
                    for k in others {
                        let scaled = stances[k]!.weight.map { $0 * scale }
                        stances[k]?.weight = scaled
                        stances[k]?.salience = nil
                    }
                }
                stances[i]?.weight = value
                stances[i]?.salience = nil
                result.parties[p].preferences.stances = stances
            case .value(let party, let issueID, let optionID, let value):
                let (p, i) = try result.stance(party, issueID, change)
                guard let o = result.issues[i].optionIndex(of: optionID) else {
                    throw ScenarioChangeError(message: "\(change): issue '\(issueID)' has no option '\(optionID)'; its options are "
                                              + result.issues[i].options.map(\.id.rawValue).joined(separator: ", "))
                }
                try Self.checkUnit(value, "value", result.parties[p].preferences, change)
                result.parties[p].preferences.stances[i]?.values[o] = value
                result.parties[p].preferences.stances[i]?.ideal = nil
            case .ideal(let party, let issueID, let value):
                let (p, i) = try result.stance(party, issueID, change)
                let issue = result.issues[i]
                guard let scale = issue.scale else {
                    throw ScenarioChangeError(message: "\(change): issue '\(issueID)' is categorical and has no scale; set the party's value of each option")
                }
                guard scale.contains(value.low), scale.contains(value.high) else {
                    throw ScenarioChangeError(message: "\(change): an ideal position on issue '\(issueID)' is on its scale, \(scale.lowerBound.decimalText) to \(scale.upperBound.decimalText)")
                }
                result.parties[p].preferences.stances[i]?.ideal = value
                result.parties[p].preferences.stances[i]?.values = ScenarioDecoder.values(fromIdeal: value, options: issue.options, scale: scale)
            case .salience(let party, let issueID, let value):
                let (p, i) = try result.stance(party, issueID, change)
                guard value.low >= 0, value.high <= 100 else {
                    throw ScenarioChangeError(message: "\(change): a salience is from 0 to 100")
                }
                var stances = result.parties[p].preferences.stances
                guard stances.allSatisfy({ $0 == nil || $0?.salience != nil }) else {
                    throw ScenarioChangeError(message: "\(change): party '\(party)' states weights, not saliences; set its weight of the issue")
                }
                stances[i]?.salience = value
                let total = stances.reduce(0.0) { $0 + ($1?.salience?.value ?? 0) }
                guard total > 0 else { throw ScenarioChangeError(message: "\(change): the party's saliences would all be 0") }
                for k in stances.indices {
                    guard let salience = stances[k]?.salience else { continue }
                    stances[k]?.weight = salience.map { $0 / total }
                }
                result.parties[p].preferences.stances = stances
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

    /// The indices of a party and an issue it states a stance on.
    private func stance(_ party: Party.ID, _ issue: Issue.ID, _ change: ScenarioChange) throws(ScenarioChangeError) -> (Int, Int) {
        guard let p = partyIndex(of: party) else {
            throw ScenarioChangeError(message: "\(change): no party '\(party)'; the parties are \(parties.map(\.id.rawValue).joined(separator: ", "))")
        }
        guard let i = issueIndex(of: issue) else {
            throw ScenarioChangeError(message: "\(change): no issue '\(issue)'; the issues are \(issues.map(\.id.rawValue).joined(separator: ", "))")
        }
        guard parties[p].preferences.stances[i] != nil else {
            throw ScenarioChangeError(message: "\(change): party '\(party)' states no stance on issue '\(issue)'")
        }
        return (p, i)
    }

    /// A weight or value is finite, and within 0..1 on the unit scale, as in a scenario file.
    private static func checkUnit(_ value: Estimate, _ what: String, _ preferences: Preferences,
                                  _ change: ScenarioChange) throws(ScenarioChangeError) {
        guard value.low.isFinite, value.high.isFinite else {
            throw ScenarioChangeError(message: "\(change): the \(what) must be a finite number")
        }
        if preferences.isUnitScaled, value.low < 0 || value.high > 1 {
            throw ScenarioChangeError(message: "\(change): a \(what) is within 0..1 on this party's scale; a scenario file would be rejected for \(value)")
        }
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
