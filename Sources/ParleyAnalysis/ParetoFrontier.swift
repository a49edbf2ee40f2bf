/// Pareto filtering of utility vectors: which points no other point dominates.
///
/// Point `a` dominates `b` when `a` is at least as good for every party (within `tolerance`) and
/// better for some party (by more than `tolerance`). Equal vectors do not dominate each other, so
/// packages with the same utilities are all kept.
public enum ParetoFilter {
    /// The default tolerance: differences this small count as ties.
    public static let defaultTolerance = 1e-9

    /// The indices (into `points`) of the non-dominated points, in ascending order.
    ///
    /// `utilities` holds `count` points of `dimension` coordinates each, point-major. Two parties:
    /// sort and sweep, O(n log n). More parties: sort by the sum of utilities and filter (SFS,
    /// Chomicki et al. 2003), O(n log n + n·h) for a frontier of h points.
    public static func nonDominated(_ utilities: [Double], dimension: Int,
                                    tolerance: Double = defaultTolerance) -> [Int] {
        precondition(dimension > 0 && utilities.count % dimension == 0)
        let count = utilities.count / dimension
        if count == 0 { return [] }
        if dimension == 1 {
            let best = (0..<count).map { utilities[$0] }.max()!
            return (0..<count).filter { utilities[$0] >= best - tolerance }
        }
        if dimension == 2 { return sweep(utilities, count: count, tolerance: tolerance) }
        return sortFilter(utilities, count: count, dimension: dimension, tolerance: tolerance)
    }

    /// Whether `a` dominates `b` (both `dimension` long, starting at the given offsets).
    @inlinable
    public static func dominates(_ data: [Double], _ a: Int, _ b: Int, dimension: Int, tolerance: Double) -> Bool {
        var strictlyBetter = false
        for k in 0..<dimension {
            let x = data[a * dimension + k], y = data[b * dimension + k]
            if x < y - tolerance { return false }
            if x > y + tolerance { strictlyBetter = true }
        }
        return strictlyBetter
    }

    private static func sweep(_ u: [Double], count: Int, tolerance: Double) -> [Int] {
        // b is dominated iff some a has a0 ≥ b0 - t and a1 > b1 + t, or a0 > b0 + t and a1 ≥ b1 - t.
        let order = (0..<count).sorted { (a: Int, b: Int) -> Bool in
            let x: Double = u[2 * a], y: Double = u[2 * b]
            return x > y || (x == y && a < b)
        }
        var result: [Int] = []
        var loose = 0, strict = 0           // prefixes of `order`: a0 ≥ b0 - t, and a0 > b0 + t
        var maxLoose = -Double.infinity, maxStrict = -Double.infinity
        for b in order {
            let b0 = u[2 * b], b1 = u[2 * b + 1]
            while loose < count, u[2 * order[loose]] >= b0 - tolerance {
                maxLoose = max(maxLoose, u[2 * order[loose] + 1]); loose += 1
            }
            while strict < count, u[2 * order[strict]] > b0 + tolerance {
                maxStrict = max(maxStrict, u[2 * order[strict] + 1]); strict += 1
            }
            if maxLoose > b1 + tolerance || maxStrict >= b1 - tolerance { continue }
            result.append(b)
        }
        return result.sorted()
    }

    private static func sortFilter(_ u: [Double], count: Int, dimension: Int, tolerance: Double) -> [Int] {
        var sums = [Double](repeating: 0, count: count)
        for i in 0..<count { for k in 0..<dimension { sums[i] += u[i * dimension + k] } }
        let order = (0..<count).sorted { (a: Int, b: Int) -> Bool in
            sums[a] > sums[b] || (sums[a] == sums[b] && a < b)
        }
        var window: [Int] = []
        for candidate in order where !window.contains(where: { dominates(u, $0, candidate, dimension: dimension, tolerance: tolerance) }) {
            window.append(candidate)
        }
        // With a tolerance, a point added later can dominate an earlier one whose sum is within
        // `dimension × tolerance` of its own; a final pass removes those.
        let kept = window.filter { point in
            !window.contains { other in other != point && dominates(u, other, point, dimension: dimension, tolerance: tolerance) }
        }
        return kept.sorted()
    }
}
