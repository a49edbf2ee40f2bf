/// What one party wants: an additive utility over the issues, a reservation value and red lines.
///
/// The utility of a package is `Σ weight(issue) × value(issue, option)`; with weights summing to 1
/// and values in 0..1 it lies in 0..1. The reservation value is the utility of no agreement (the
/// party's BATNA): a rational party accepts nothing worth less.
public struct Preferences: Hashable, Sendable, Codable {
    /// The utility of no agreement.
    public var reservation: Estimate
    public var reservationProvenance: Provenance
    /// The party's stance on each issue, aligned with ``Scenario/issues``; `nil` where the party
    /// gives the issue no weight.
    public var stances: [Stance?]
    /// Packages the party refuses whatever their utility.
    public var redLines: [RedLine]
    /// A constant added to every package's utility (0 in Parley's own format; imported utility
    /// functions may carry one, as NegMAS's `bias`).
    public var offset: Double
    /// The discount factor per unit of normalised time, as GENIUS profiles state it; the
    /// agreement-space analyses ignore it (they compare packages, not times).
    public var discount: Double?

    public init(reservation: Estimate, reservationProvenance: Provenance = .none, stances: [Stance?],
                redLines: [RedLine] = [], offset: Double = 0, discount: Double? = nil) {
        self.reservation = reservation
        self.reservationProvenance = reservationProvenance
        self.stances = stances
        self.redLines = redLines
        self.offset = offset
        self.discount = discount
    }

    /// The weight of issue `issue` (0 where the party has no stance).
    public func weight(_ issue: Int) -> Double { stances[issue]?.weight.value ?? 0 }

    /// The value of option `option` of issue `issue` (0 where the party has no stance).
    public func value(_ issue: Int, _ option: Int) -> Double { stances[issue]?.values[option].value ?? 0 }
}

/// A party's judgment about one issue: how much it matters and how good each option is.
public struct Stance: Hashable, Sendable, Codable {
    /// The issue's weight in the party's utility (normalised from salience when given that way).
    public var weight: Estimate
    /// The salience as written (0..100), when weights were derived from saliences.
    public var salience: Estimate?
    /// The party's ideal position on the issue's scale, when values were derived from it.
    public var ideal: Estimate?
    /// The value of each option, aligned with ``Issue/options``, in 0..1.
    public var values: [Estimate]
    public var provenance: Provenance

    public init(weight: Estimate, salience: Estimate? = nil, ideal: Estimate? = nil, values: [Estimate],
                provenance: Provenance = .none) {
        self.weight = weight
        self.salience = salience
        self.ideal = ideal
        self.values = values
        self.provenance = provenance
    }

    /// The index of the option the party values most (the first on ties).
    public var bestOption: Int {
        values.indices.max { values[$0].value < values[$1].value || (values[$0].value == values[$1].value && $0 > $1) } ?? 0
    }
}

extension Preferences {
    /// Whether the preferences are on Parley's unit scale: weights summing to 1 (or saliences),
    /// option values and the reservation value in 0..1. Imported utility functions may not be
    /// (Parley's format marks them `unnormalized: true`).
    public var isUnitScaled: Bool {
        let stances = stances.compactMap { $0 }
        let inUnit = { (e: Estimate) in e.low >= 0 && e.high <= 1 }
        let weightsOK = stances.allSatisfy { $0.salience != nil }
            || (stances.allSatisfy { $0.salience == nil && inUnit($0.weight) }
                && abs(stances.reduce(0) { $0 + $1.weight.value } - 1) <= ScenarioDecoder.weightTolerance)
        return weightsOK && inUnit(reservation) && stances.allSatisfy { $0.values.allSatisfy(inUnit) }
    }
}
