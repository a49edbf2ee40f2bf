import ParleyCore

/// Keeps the few packages nearest to agreement under each criterion.
struct ClosestTracker: Sendable {
    struct Entry: Sendable {
        var index: Int
        var breaches: Int
        var total: Double
        var worst: Double
    }

    let limit: Int
    var byTotal: [Entry] = []
    var byWorst: [Entry] = []

    init(limit: Int) { self.limit = limit }

    /// Whether no package of a higher index can enter any more: both lists are full and end with a
    /// package that needs nothing (no breach, no shortfall), which every later package comes after
    /// (its breaches and shortfalls are never negative, and ties go to the lower index).
    var isSettled: Bool {
        guard byTotal.count == limit, byWorst.count == limit else { return false }
        guard let a = byTotal.last, let b = byWorst.last else { return true }
        return a.breaches == 0 && a.total == 0 && a.worst == 0 && b.breaches == 0 && b.total == 0 && b.worst == 0
    }

    mutating func consider(index: Int, breaches: Int, total: Double, worst: Double) {
        // Fast rejection, the lists' own test: a full list whose last entry comes first keeps it out.
        if byTotal.count == limit, byWorst.count == limit, let a = byTotal.last, let b = byWorst.last,
           !Self.less((breaches, total, worst, index), (a.breaches, a.total, a.worst, a.index)),
           !Self.less((breaches, worst, total, index), (b.breaches, b.worst, b.total, b.index)) {
            return
        }
        let entry = Entry(index: index, breaches: breaches, total: total, worst: worst)
        Self.insert(entry, into: &byTotal, limit: limit) { ($0.breaches, $0.total, $0.worst, $0.index) }
        Self.insert(entry, into: &byWorst, limit: limit) { ($0.breaches, $0.worst, $0.total, $0.index) }
    }

    /// The lists' order: fewer breaches, then the criterion's shortfall, then the other's (both
    /// compared with a tolerance of 1e-12), then the lower index.
    @inline(__always)
    private static func less(_ x: (Int, Double, Double, Int), _ y: (Int, Double, Double, Int)) -> Bool {
        if x.0 != y.0 { return x.0 < y.0 }
        if abs(x.1 - y.1) > 1e-12 { return x.1 < y.1 }
        if abs(x.2 - y.2) > 1e-12 { return x.2 < y.2 }
        return x.3 < y.3
    }

    mutating func merge(_ other: ClosestTracker) {
        for entry in other.byTotal { Self.insert(entry, into: &byTotal, limit: limit) { ($0.breaches, $0.total, $0.worst, $0.index) } }
        for entry in other.byWorst { Self.insert(entry, into: &byWorst, limit: limit) { ($0.breaches, $0.worst, $0.total, $0.index) } }
    }

    private static func insert(_ entry: Entry, into list: inout [Entry], limit: Int,
                               key: (Entry) -> (Int, Double, Double, Int)) {
        guard limit > 0 else { return }
        func less(_ a: Entry, _ b: Entry) -> Bool { Self.less(key(a), key(b)) }
        if list.count == limit, let last = list.last, !less(entry, last) { return }
        let position = list.firstIndex { less(entry, $0) } ?? list.count
        list.insert(entry, at: position)
        if list.count > limit { list.removeLast() }
    }

    /// The package indices kept, under either criterion.
    var indices: [Int] { byTotal.map(\.index) + byWorst.map(\.index) }

    /// The kept packages, `package` giving each index's options.
    func packages(_ model: UtilityModel, package: (Int) -> Package) -> [ClosePackage] {
        func make(_ entry: Entry, _ criterion: ClosePackage.Criterion) -> ClosePackage {
            let package = package(entry.index)
            let digits = package.options.map { $0! }
            let utilities = (0..<model.partyCount).map { model.utility($0, digits) }
            let shortfalls = utilities.enumerated().map { max(0, model.reservations[$0.offset] - $0.element) }
            let breaches = model.redLines.indices.filter { model.breaches($0, digits) }
            // The parties whose acceptance the package needs, as the scan chose them.
            var partyBreaches = [Int](repeating: 0, count: model.partyCount)
            for k in breaches { partyBreaches[model.redLines[k].party] += 1 }
            let counted = shortfalls.enumerated().map { p, s in
                Acceptance.meetsReservation(utility: utilities[p], reservation: model.reservations[p]) ? 0 : s
            }
            var needed: [Int] = []
            _ = partyBreaches.withUnsafeBufferPointer { b in
                counted.withUnsafeBufferPointer { s in model.rule.cheapestPassingSet(breaches: b, shortfalls: s, order: &needed) }
            }
            var close = ClosePackage(criterion: criterion, index: entry.index, package: package, utilities: utilities,
                                     shortfalls: shortfalls, totalShortfall: entry.total, worstShortfall: entry.worst,
                                     breaches: breaches)
            close.needed = needed
            return close
        }
        return byTotal.map { make($0, .totalShortfall) } + byWorst.map { make($0, .worstShortfall) }
    }
}
