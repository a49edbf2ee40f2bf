/// How the numbers of an imported utility function are read.
///
/// GENIUS files can be read three ways, which give different utilities for the same file:
/// - ``genius``: GENIUS's own semantics (Parley's default): each discrete evaluation divided by the
///   largest of its issue, weights normalised to sum to 1, integer evaluators
///   `clip(slope × (x − lowerbound) + offset, 0, 1)`.
/// - ``raw``: the numbers as written, as NegMAS 0.16.0 reads them: evaluations and weights
///   unchanged, integer evaluators `slope × x + offset`, unclipped.
/// - ``normalized``: the raw reading mapped into 0..1 the way NegMAS normalises a linear additive
///   utility function (see ``Preferences/normalized(issues:)``).
public enum UtilityNormalization: String, Hashable, Sendable, Codable, CaseIterable {
    case genius, raw, normalized
}

extension Preferences {
    /// The preferences rescaled so that utilities span 0..1, as NegMAS 0.16.0 normalises a linear
    /// additive utility function (`normalize` on `LinearAdditiveUtilityFunction`).
    ///
    /// Each issue whose values are not all equal has them mapped to `(v − min) / (max − min)` and
    /// gets the scale `weight × (max − min)`. An issue whose values are all equal to `v` (NegMAS's
    /// dummy issues, or a party indifferent on an issue) is read as spanning `[v − 1, v]`: its value
    /// becomes 1 and its scale `weight`. Weights become `scale / S` with `S` the sum of the scales
    /// (plus the offset), the offset becomes `offset / S`, and the reservation value
    /// `(r − Σ weight × min) / S` with `min = v − 1` for the constant issues. Every package's utility
    /// goes through the same positive affine map, so the best package is worth exactly 1. (These
    /// rules were established against NegMAS's output on the ANAC domains; see docs/negmas.md.)
    ///
    /// Interpretive choice: NegMAS documents no rule for a zero scale sum; here such preferences
    /// (indifferent among all packages) are returned unchanged.
    ///
    /// - Parameter rangeLimits: for each issue, how many of its first options the range is taken
    ///   over (all when `nil`). NegMAS 0.16.0 takes the range of a categorical issue's table over its
    ///   first 10 values only; ``GeniusReader`` passes that limit to reproduce it (the only ANAC domain
    ///   where it matters is FiftyFiftyB, with 11 values).
    public func normalized(rangeLimits: [Int?]? = nil) -> Preferences {
        var scales: [Double] = []
        var shift = 0.0
        var ranges: [(low: Double, high: Double)] = []
        for (index, stance) in stances.enumerated() {
            guard let stance else { scales.append(0); ranges.append((0, 0)); continue }
            let limit = rangeLimits?[index] ?? stance.values.count
            let values = stance.values.prefix(max(1, limit)).map(\.value)
            let low = values.min() ?? 0, high = values.max() ?? 0
            ranges.append((low, high))
            let weight = stance.weight.value
            if high > low {
                scales.append(weight * (high - low))
                shift += weight * low
            } else {
                // A constant value function is read as spanning [v − 1, v]: it becomes 1, scale `weight`.
                scales.append(weight)
                shift += weight * (high - 1)
            }
        }
        let total = scales.reduce(0, +) + offset
        guard total > 0 else { return self }
        var result = self
        for (index, stance) in stances.enumerated() {
            guard var stance else { continue }
            let values = stance.values.map(\.value)
            let (low, high) = ranges[index]
            if high > low {
                stance.values = values.map { Estimate(($0 - low) / (high - low)) }
            } else {
                stance.values = values.map { _ in Estimate(1) }
            }
            stance.weight = Estimate(scales[index] / total)
            result.stances[index] = stance
        }
        result.offset = offset / total
        result.reservation = reservation.map { ($0 - shift) / total }
        return result
    }
}
