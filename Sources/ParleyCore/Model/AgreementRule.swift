/// Who must agree for a package to pass.
///
/// A party accepts a package when its utility is at or above its reservation value and no red line
/// of its own is breached; the package **passes** when the accepting parties satisfy the rule.
///
/// ```yaml
/// agreement:
///   rule: quota
///   quota: 3            # at least 3 parties accept
///   vetoes: [RU, UA]    # ...and these are among them
/// ```
public enum AgreementRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Every party must accept (the default).
    case unanimity
    /// At least `quota` parties accept, the `vetoes` among them.
    case quota(Int, vetoes: [Party.ID])
    /// The accepting parties hold at least `threshold` of the total weight (and number at least
    /// `minimumParties`), the `vetoes` among them.
    case weighted(threshold: Double, weights: RuleWeights, minimumParties: Int?, vetoes: [Party.ID])

    /// The parties whose acceptance the rule requires by name.
    public var vetoes: [Party.ID] {
        switch self {
        case .unanimity: []
        case .quota(_, let vetoes), .weighted(_, _, _, let vetoes): vetoes
        }
    }

    public var isUnanimity: Bool { self == .unanimity }

    /// The rule's name in the format.
    public var name: String {
        switch self {
        case .unanimity: "unanimity"
        case .quota: "quota"
        case .weighted: "weighted"
        }
    }

    /// The rule in words: "unanimity", "at least 3 of the parties, RU and UA among them", ...
    public var description: String {
        let among = vetoes.isEmpty ? "" : ", \(vetoes.map(\.rawValue).listed) among them"
        switch self {
        case .unanimity: return "unanimity (every party must accept)"
        case .quota(let quota, _): return "at least \(quota) parties must accept\(among)"
        case .weighted(let threshold, let weights, let minimum, _):
            let share = (threshold * 100).decimalText
            let count = minimum.map { " and number at least \($0)" } ?? ""
            return "the accepting parties must hold at least \(share)% of the weight (\(weights))\(count)\(among)"
        }
    }
}

/// The weights of a weighted rule: each party's capability, or stated numbers.
public enum RuleWeights: Hashable, Sendable, Codable, CustomStringConvertible {
    case capability
    case stated([PartyWeight])

    public var description: String {
        switch self {
        case .capability: "by capability"
        case .stated(let weights): weights.map { "\($0.party) \($0.weight.decimalText)" }.joined(separator: ", ")
        }
    }
}

/// One party's weight in a weighted rule.
public struct PartyWeight: Hashable, Sendable, Codable {
    public var party: Party.ID
    public var weight: Double

    public init(party: Party.ID, weight: Double) {
        self.party = party
        self.weight = weight
    }
}
