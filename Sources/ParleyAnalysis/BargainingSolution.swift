/// The classic answers to "which point of the frontier should the parties agree on?"
///
/// Each is computed over the Pareto frontier of the zone of possible agreement, with the
/// reservation values as the disagreement point `d`.
public enum BargainingSolution: String, Hashable, Sendable, Codable, CaseIterable {
    /// Maximises `Π (u_i − d_i)`. Nash (1950). Invariant under positive affine rescaling of any
    /// party's utility.
    case nash
    /// Maximises `min_i (u_i − d_i) / (ideal_i − d_i)`, where `ideal_i` is party i's best utility
    /// in the zone: the frontier point closest to the line from `d` to the ideal point. Kalai &
    /// Smorodinsky (1975); on a discrete frontier the max–min of relative gains is the usual
    /// reading. Invariant under positive affine rescaling.
    case kalaiSmorodinsky
    /// Maximises the smallest gain `min_i (u_i − d_i)` (Kalai 1977, egalitarian). Not invariant
    /// under rescaling: it compares utilities across parties.
    case egalitarian
    /// Maximises the sum of utilities (utilitarian, maximum welfare). Compares utilities across
    /// parties.
    case utilitarian

    /// The solution's score for a point (higher is better).
    /// - Parameters:
    ///   - utilities: the point's utilities, `dimension` values starting at `offset`.
    ///   - disagreement: the reservation values.
    ///   - ideal: each party's best utility in the zone (used by Kalai–Smorodinsky).
    @inlinable
    public func score(_ utilities: [Double], offset: Int, disagreement: [Double], ideal: [Double]) -> Double {
        let dimension = disagreement.count
        switch self {
        case .nash:
            var product = 1.0
            for k in 0..<dimension { product *= max(0, utilities[offset + k] - disagreement[k]) }
            return product
        case .kalaiSmorodinsky:
            var lowest = Double.infinity
            for k in 0..<dimension {
                let range = ideal[k] - disagreement[k]
                guard range > 1e-12 else { continue }
                lowest = min(lowest, (utilities[offset + k] - disagreement[k]) / range)
            }
            return lowest == .infinity ? 0 : lowest
        case .egalitarian:
            var lowest = Double.infinity
            for k in 0..<dimension { lowest = min(lowest, utilities[offset + k] - disagreement[k]) }
            return lowest
        case .utilitarian:
            var sum = 0.0
            for k in 0..<dimension { sum += utilities[offset + k] }
            return sum
        }
    }

    /// The index of the best of `count` points (point-major `utilities`), ties broken by the Nash
    /// product, then by the sum of utilities, then by the lower index.
    /// - Complexity: O(count × parties).
    public func best(_ utilities: [Double], count: Int, disagreement: [Double], ideal: [Double]) -> Int? {
        let dimension = disagreement.count
        var bestIndex: Int?
        var bestKey = (0.0, 0.0, 0.0)
        for point in 0..<count {
            let offset = point * dimension
            let key = (score(utilities, offset: offset, disagreement: disagreement, ideal: ideal),
                       BargainingSolution.nash.score(utilities, offset: offset, disagreement: disagreement, ideal: ideal),
                       BargainingSolution.utilitarian.score(utilities, offset: offset, disagreement: disagreement, ideal: ideal))
            if bestIndex == nil || Self.isBetter(key, than: bestKey) {
                bestIndex = point
                bestKey = key
            }
        }
        return bestIndex
    }

    private static func isBetter(_ a: (Double, Double, Double), than b: (Double, Double, Double)) -> Bool {
        let tolerance = 1e-12
        if a.0 > b.0 + tolerance { return true }
        if a.0 < b.0 - tolerance { return false }
        if a.1 > b.1 + tolerance { return true }
        if a.1 < b.1 - tolerance { return false }
        return a.2 > b.2 + tolerance
    }
}
