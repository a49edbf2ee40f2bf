/// Where an uncertain number sits in a scenario.
public enum JudgmentLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    case reservation(party: Int)
    case weight(party: Int, issue: Int)
    case value(party: Int, issue: Int, option: Int)
    case capability(party: Int)

    public var description: String {
        switch self {
        case .reservation(let p): "party \(p) reservation"
        case .weight(let p, let i): "party \(p) weight of issue \(i)"
        case .value(let p, let i, let o): "party \(p) value of option \(o) of issue \(i)"
        case .capability(let p): "party \(p) capability"
        }
    }
}

/// An uncertain number (a range) in a scenario, with where it is and a readable label.
public struct Judgment: Hashable, Sendable {
    public var location: JudgmentLocation
    public var estimate: Estimate
    /// "Russia: reservation value", "Ukraine: weight of Ukraine's NATO path", "Ukraine: value of
    /// Ukraine's NATO path = Membership postponed 20 years".
    public var label: String
}

extension Scenario {
    /// Every number written as a range, in scenario order.
    public var uncertainJudgments: [Judgment] {
        var result: [Judgment] = []
        for (p, party) in parties.enumerated() {
            // Labelled with names, as the rest of every report is ("Russia's value of Foreign troops = Neutral UN force").
            let name = party.name
            if party.preferences.reservation.isUncertain {
                result.append(Judgment(location: .reservation(party: p), estimate: party.preferences.reservation, label: "\(name): reservation value"))
            }
            for (i, stance) in party.preferences.stances.enumerated() {
                guard let stance else { continue }
                let issue = issues[i]
                if stance.weight.isUncertain {
                    result.append(Judgment(location: .weight(party: p, issue: i), estimate: stance.weight, label: "\(name): weight of \(issue.name)"))
                }
                for (o, value) in stance.values.enumerated() where value.isUncertain {
                    result.append(Judgment(location: .value(party: p, issue: i, option: o), estimate: value,
                                           label: "\(name): value of \(issue.name) = \(issue.options[o].name)"))
                }
            }
            if let capability = party.capability, capability.isUncertain {
                result.append(Judgment(location: .capability(party: p), estimate: capability, label: "\(name): capability"))
            }
        }
        return result
    }

    /// The ranges that shape preferences (reservations, weights, values): capabilities matter
    /// only to forecasts, so robustness analyses of the agreement space leave them out.
    public var uncertainPreferenceJudgments: [Judgment] {
        uncertainJudgments.filter { if case .capability = $0.location { false } else { true } }
    }

    /// The scenario with the number at `location` replaced by the point `value`.
    public func setting(_ location: JudgmentLocation, to value: Double) -> Scenario {
        var result = self
        result.set(location, to: value)
        return result
    }

    /// Replaces the number at `location` by the point `value`, in place.
    public mutating func set(_ location: JudgmentLocation, to value: Double) {
        switch location {
        case .reservation(let p): parties[p].preferences.reservation = Estimate(value)
        case .weight(let p, let i): parties[p].preferences.stances[i]?.weight = Estimate(value)
        case .value(let p, let i, let o): parties[p].preferences.stances[i]?.values[o] = Estimate(value)
        case .capability(let p): parties[p].capability = Estimate(value)
        }
    }

    /// The parties whose weights sum to 1 at their midpoints: those whose sampled weights are scaled
    /// back to a sum of 1 (sampling weights from their ranges independently breaks the sum).
    public var partiesWithWeightsSummingToOne: [Int] {
        parties.indices.filter { p in
            abs(parties[p].preferences.stances.reduce(0.0) { $0 + ($1?.weight.value ?? 0) } - 1) < 1e-6
        }
    }

    /// Each party's weights scaled to sum to 1 again, for parties whose weights summed to 1 at their
    /// midpoints in `original`.
    public func renormalisingWeights(like original: Scenario) -> Scenario {
        var result = self
        result.renormaliseWeights(of: original.partiesWithWeightsSummingToOne)
        return result
    }

    /// Scales the weights of `partyIndices` to sum to 1, in place.
    public mutating func renormaliseWeights(of partyIndices: [Int]) {
        for p in partyIndices {
            let total = parties[p].preferences.stances.reduce(0.0) { $0 + ($1?.weight.value ?? 0) }
            guard total > 0 else { continue }
            for i in parties[p].preferences.stances.indices {
                if let weight = parties[p].preferences.stances[i]?.weight.value {
                    parties[p].preferences.stances[i]?.weight = Estimate(weight / total)
                }
            }
        }
    }

    /// Puts back the weights of `partyIndices` as `original` has them, in place (before a new draw
    /// into a scenario whose weights were renormalised).
    public mutating func restoreWeights(of partyIndices: [Int], from original: Scenario) {
        for p in partyIndices {
            for i in parties[p].preferences.stances.indices {
                if let weight = original.parties[p].preferences.stances[i]?.weight {
                    parties[p].preferences.stances[i]?.weight = weight
                }
            }
        }
    }
}
