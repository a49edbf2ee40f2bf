/// The running Pareto frontier of two-party utility pairs, kept as a staircase, for discarding the
/// packages a pair seen before dominates with a margin (at least as good for both parties, better
/// by more than the margin for one).
///
/// The pairs kept are mutually non-dominated: sorted by descending first utility, their second
/// utilities ascend, so the best second utility among the pairs at least as good on the first is
/// found by one binary search. A pair that survives replaces the pairs it dominates.
/// - Complexity: O(log h) to test a pair against a staircase of h pairs, O(h) to insert one.
final class Staircase {
    let margin: Double
    /// First utilities, descending.
    @exclusivity(unchecked) private var xs: [Double] = []
    /// Second utilities, ascending along `xs`.
    @exclusivity(unchecked) private var ys: [Double] = []

    init(margin: Double) {
        self.margin = margin
        xs.reserveCapacity(256)
        ys.reserveCapacity(256)
    }

    var count: Int { xs.count }

    /// How many pairs have a first utility above `x` (`orEqual`: at least `x`).
    private func prefix(above x: Double, orEqual: Bool) -> Int {
        var low = 0, high = xs.count
        while low < high {
            let mid = (low + high) / 2
            if xs[mid] > x || (orEqual && xs[mid] == x) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether `(x, y)` survives: no pair kept dominates it with a margin. A survivor is kept
    /// unless a pair kept is at least as good on both.
    func admits(_ x: Double, _ y: Double) -> Bool {
        // A pair at least as good on x and better by the margin on y, or better by the margin on x
        // and at least as good on y: the best y of each prefix is its last.
        let atLeast = prefix(above: x, orEqual: true)
        if atLeast > 0 && ys[atLeast - 1] > y + margin { return false }
        let clearlyAbove = prefix(above: x + margin, orEqual: false)
        if clearlyAbove > 0 && ys[clearlyAbove - 1] >= y { return false }
        // Kept only if no pair is at least as good on both; it then replaces those it dominates
        // (first utility at most x, second at most y: a run starting after the pairs above x).
        if atLeast > 0 && ys[atLeast - 1] >= y { return true }
        let start = prefix(above: x, orEqual: false)
        var end = start
        while end < xs.count && ys[end] <= y { end += 1 }
        xs.replaceSubrange(start..<end, with: CollectionOfOne(x))
        ys.replaceSubrange(start..<end, with: CollectionOfOne(y))
        return true
    }
}
