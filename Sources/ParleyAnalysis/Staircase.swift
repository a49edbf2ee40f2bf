/// The running Pareto frontier of two-party utility pairs, kept as a staircase, for discarding the
/// packages a pair seen before dominates with a margin (at least as good for both parties, better
/// by more than the margin for one).
///
/// The pairs kept are mutually non-dominated: sorted by descending first utility, their second
/// utilities ascend, so the best second utility among the pairs at least as good on the first is
/// found by one binary search. A pair that survives replaces the pairs it dominates. The pair that
/// discarded the last package is tried first (neighbouring packages tend to fall to the same one;
/// it stays a valid test after leaving the staircase, as every pair admitted before does).
///
/// A class, as the owner of flat buffers (as ``PackageCursor``); each worker has its own.
/// - Complexity: O(log h) to test a pair against a staircase of h pairs, O(h) to insert one.
final class Staircase {
    let margin: Double
    /// First utilities, descending, and second utilities, ascending along them: `count` of `capacity`.
    private var xs: UnsafeMutablePointer<Double>
    private var ys: UnsafeMutablePointer<Double>
    private(set) var count = 0
    private var capacity = 256
    /// The pair that discarded the last package discarded.
    private var lastX = -Double.infinity, lastY = -Double.infinity

    init(margin: Double) {
        self.margin = margin
        xs = .allocate(capacity: capacity)
        ys = .allocate(capacity: capacity)
    }

    deinit {
        xs.deallocate()
        ys.deallocate()
    }

    /// How many pairs have a first utility above `x` (`orEqual`: at least `x`).
    @inline(__always)
    private func prefix(above x: Double, orEqual: Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if xs[mid] > x || (orEqual && xs[mid] == x) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    @inline(__always)
    private func dominates(_ ax: Double, _ ay: Double, _ x: Double, _ y: Double) -> Bool {
        ax >= x && ay >= y && (ax > x + margin || ay > y + margin)
    }

    /// Whether `(x, y)` survives: no pair admitted before dominates it with a margin. A survivor
    /// is kept unless a pair kept is at least as good on both.
    @inline(__always)
    func admits(_ x: Double, _ y: Double) -> Bool {
        if dominates(lastX, lastY, x, y) { return false }
        // A pair at least as good on x and better by the margin on y, or better by the margin on x
        // and at least as good on y: the best y of each prefix is its last.
        let atLeast = prefix(above: x, orEqual: true)
        if atLeast > 0 && ys[atLeast - 1] > y + margin {
            (lastX, lastY) = (xs[atLeast - 1], ys[atLeast - 1])
            return false
        }
        let clearlyAbove = prefix(above: x + margin, orEqual: false)
        if clearlyAbove > 0 && ys[clearlyAbove - 1] >= y {
            (lastX, lastY) = (xs[clearlyAbove - 1], ys[clearlyAbove - 1])
            return false
        }
        // Kept only if no pair is at least as good on both; it then replaces those it dominates
        // (first utility at most x, second at most y: a run starting after the pairs above x).
        if atLeast > 0 && ys[atLeast - 1] >= y { return true }
        let start = prefix(above: x, orEqual: false)
        var end = start
        while end < count && ys[end] <= y { end += 1 }
        insert(x, y, replacing: start..<end)
        return true
    }

    private func insert(_ x: Double, _ y: Double, replacing range: Range<Int>) {
        let newCount = count - range.count + 1
        if newCount > capacity {
            capacity *= 2
            let (newXs, newYs) = (UnsafeMutablePointer<Double>.allocate(capacity: capacity), UnsafeMutablePointer<Double>.allocate(capacity: capacity))
            newXs.moveInitialize(from: xs, count: count)
            newYs.moveInitialize(from: ys, count: count)
            xs.deallocate()
            ys.deallocate()
            (xs, ys) = (newXs, newYs)
        }
        // Shift the tail after the replaced run to its place after the new pair.
        let tail = count - range.upperBound
        (xs + range.lowerBound + 1).update(from: xs + range.upperBound, count: tail)
        (ys + range.lowerBound + 1).update(from: ys + range.upperBound, count: tail)
        xs[range.lowerBound] = x
        ys[range.lowerBound] = y
        count = newCount
    }
}
