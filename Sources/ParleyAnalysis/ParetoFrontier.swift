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
        // Two parties: the sweep treats equal vectors alike and never lets one dominate another, so
        // it needs no grouping.
        if dimension == 2 { return sweep(utilities, count: count, tolerance: tolerance) }
        // Packages with identical utilities stand or fall together: filter one of each, then expand.
        let (unique, groupOf) = distinctVectors(utilities, count: count, dimension: dimension)
        if unique.count < count {
            let compact = unique.flatMap { utilities[$0 * dimension..<($0 + 1) * dimension] }
            var keptGroup = [Bool](repeating: false, count: unique.count)
            for group in nonDominatedDistinct(compact, count: unique.count, dimension: dimension, tolerance: tolerance) {
                keptGroup[group] = true
            }
            return (0..<count).filter { keptGroup[groupOf[$0]] }
        }
        return nonDominatedDistinct(utilities, count: count, dimension: dimension, tolerance: tolerance)
    }

    /// One index per distinct utility vector (in order of first appearance), and for each point the
    /// number of its vector in that list. Vectors are equal when their coordinates compare equal
    /// (0 and −0 alike).
    /// - Complexity: O(n × dimension) expected (an open-addressing table over the coordinates' bits).
    static func distinctVectors(_ utilities: [Double], count: Int, dimension: Int) -> (unique: [Int], groupOf: [Int]) {
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        var slots = [Int](repeating: -1, count: capacity)   // a group number, or −1
        var unique: [Int] = []
        var groupOf = [Int](repeating: 0, count: count)
        utilities.withUnsafeBufferPointer { u in
            for i in 0..<count {
                var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
                for k in 0..<dimension {
                    // Adding 0 turns −0 into 0, so that equal coordinates hash alike.
                    hash = (hash ^ (u[i * dimension + k] + 0).bitPattern) &* 0xBF58_476D_1CE4_E5B9
                    hash ^= hash >> 31
                }
                var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                while true {
                    let group = slots[slot]
                    if group < 0 {
                        slots[slot] = unique.count
                        groupOf[i] = unique.count
                        unique.append(i)
                        break
                    }
                    let first = unique[group]
                    if (0..<dimension).allSatisfy({ u[first * dimension + $0] == u[i * dimension + $0] }) {
                        groupOf[i] = group
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
            }
        }
        return (unique, groupOf)
    }

    private static func nonDominatedDistinct(_ utilities: [Double], count: Int, dimension: Int,
                                             tolerance: Double) -> [Int] {
        if dimension == 3 && count > 256 {
            // Discard the points dominated with a margin first (O(n log n)), then filter the rest exactly.
            let survivors = marginFilter3D(utilities, count: count, tolerance: tolerance)
            let compact = survivors.flatMap { utilities[$0 * 3..<$0 * 3 + 3] }
            return sortFilter(compact, count: survivors.count, dimension: 3, tolerance: tolerance).map { survivors[$0] }
        }
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
        // Descending first coordinate, ties in index order.
        var keyed = (0..<count).map { (x: u[2 * $0], index: $0) }
        keyed.sort { $0.x > $1.x || ($0.x == $1.x && $0.index < $1.index) }
        let order = keyed.map(\.index)
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

    /// The points of a 3-dimensional set that no other point dominates with a margin: `a ≥ b` in
    /// every coordinate and `a > b + tolerance` in one. Every point so dominated is also dominated
    /// in the tolerant sense, so the result contains the tolerant frontier.
    ///
    /// Points are taken in descending x; a Fenwick tree over descending y ranks holds the largest
    /// z inserted so far, so each of the three margin queries costs O(log n).
    /// - Complexity: O(n log n).
    static func marginFilter3D(_ u: [Double], count: Int, tolerance: Double) -> [Int] {
        struct Point { var x: Double; var y: Double; var z: Double; var index: Int; var rank: Int }
        var points = (0..<count).map { Point(x: u[3 * $0], y: u[3 * $0 + 1], z: u[3 * $0 + 2], index: $0, rank: 0) }
        var ys = points.map(\.y)
        ys.sort(by: >)
        for k in points.indices { points[k].rank = upperRank(ys, points[k].y) - 1 }
        points.sort { $0.x > $1.x }
        var strictTree = MaxFenwick(count: count)   // points with x > bx + t
        var looseTree = MaxFenwick(count: count)    // points with x ≥ bx
        var strictNext = 0, looseNext = 0
        var dominated = [Bool](repeating: false, count: count)
        for b in points {
            while strictNext < count, points[strictNext].x > b.x + tolerance {
                strictTree.insert(points[strictNext].rank, points[strictNext].z); strictNext += 1
            }
            while looseNext < count, points[looseNext].x >= b.x {
                looseTree.insert(points[looseNext].rank, points[looseNext].z); looseNext += 1
            }
            let atLeastY = upperRank(ys, b.y)
            if strictTree.maximum(below: atLeastY) >= b.z
                || looseTree.maximum(below: upperRank(ys, (b.y + tolerance).nextUp)) >= b.z
                || looseTree.maximum(below: atLeastY) > b.z + tolerance {
                dominated[b.index] = true
            }
        }
        return (0..<count).filter { !dominated[$0] }
    }

    /// In a descending array, the number of elements ≥ v.
    private static func upperRank(_ descending: [Double], _ v: Double) -> Int {
        var low = 0, high = descending.count
        while low < high {
            let mid = (low + high) / 2
            if descending[mid] >= v { low = mid + 1 } else { high = mid }
        }
        return low
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

/// A Fenwick tree of prefix maxima: `insert(i, v)` raises position i to at least v; `maximum(below: k)`
/// is the largest value at positions 0..<k (−∞ when none).
struct MaxFenwick {
    private var tree: [Double]

    init(count: Int) { tree = [Double](repeating: -.infinity, count: count + 1) }

    mutating func insert(_ position: Int, _ value: Double) {
        var i = position + 1
        while i < tree.count {
            if tree[i] < value { tree[i] = value }
            i += i & -i
        }
    }

    func maximum(below count: Int) -> Double {
        var i = count, result = -Double.infinity
        while i > 0 {
            if tree[i] > result { result = tree[i] }
            i -= i & -i
        }
        return result
    }
}
