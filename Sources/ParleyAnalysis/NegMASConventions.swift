import ParleyCore

/// The bargaining statistics exactly as NegMAS 0.16.0 defines them (`negmas.preferences.ops`),
/// for comparison with NegMAS and with published results computed by it.
///
/// Differences from Parley's own conventions (see ``BargainingSolution``):
/// - the disagreement point is `d_i = r_i` when `r_i` is finite and at least party i's lowest
///   utility, else that lowest utility;
/// - Kalai–Smorodinsky picks the point whose relative gains `(u_i − d_i)/(max_i − d_i)` are most
///   nearly equal (smallest spread), with `max_i` party i's best utility over all packages;
/// - every solution is a list: all frontier points within 1e-12 of the best score;
/// - frontier points with identical utilities are one point (the first package in enumeration order);
/// - NegMAS's `modified` variants measure from 0 instead of `d`.
public struct NegMASStatistics: Hashable, Sendable {
    /// A distinct frontier utility vector, its first package, and every package with those utilities.
    public struct Point: Hashable, Sendable {
        public var representative: FrontierPoint
        public var ties: [Int]
    }

    public var utilityRanges: [ClosedRange<Double>]
    public var disagreement: [Double]
    /// Distinct frontier points, by descending welfare (sum of utilities), as NegMAS lists them.
    public var frontier: [Point]
    public var nash: [Point]
    public var kalaiSmorodinsky: [Point]
    public var modifiedKalaiSmorodinsky: [Point]
    public var kalai: [Point]
    public var modifiedKalai: [Point]
    public var maxWelfare: [Point]
    public var maxRelativeWelfare: [Point]
    public var opposition: Double?
    public var rationalFraction: Double

    /// Computes the statistics from a mapped space (which must have been mapped with a reservation
    /// tolerance of 0, as NegMAS compares exactly).
    /// - Complexity: O(frontier × parties).
    public init(space: AgreementSpace, model: UtilityModel) {
        let parties = model.partyCount
        utilityRanges = space.utilityRanges
        disagreement = (0..<parties).map { p in
            let reserved = model.reservations[p], low = space.utilityRanges[p].lowerBound
            return reserved.isFinite && reserved >= low ? reserved : low
        }
        // Points whose utilities agree within the frontier tolerance are one point: equal vectors
        // are grouped by hashing, then near-equal groups are merged.
        let (unique, groupOf) = ParetoFilter.distinctVectors(space.frontierUtilities, count: space.frontierIndices.count,
                                                             dimension: parties)
        var members = [[Int]](repeating: [], count: unique.count)
        for (point, group) in groupOf.enumerated() { members[group].append(point) }
        var groups: [Point] = []
        for (k, first) in unique.enumerated() {
            let point = FrontierPoint(index: space.frontierIndices[first],
                                      utilities: Array(space.frontierUtilities[first * parties..<(first + 1) * parties]))
            let ties = members[k].map { space.frontierIndices[$0] }
            if let index = groups.firstIndex(where: { group in
                zip(group.representative.utilities, point.utilities).allSatisfy { abs($0 - $1) <= ParetoFilter.defaultTolerance }
            }) {
                groups[index].ties += ties
                if point.index < groups[index].representative.index { groups[index].representative = point }
            } else {
                groups.append(Point(representative: point, ties: ties))
            }
        }
        groups.sort { welfare($0) > welfare($1) || (welfare($0) == welfare($1) && $0.representative.index < $1.representative.index) }
        frontier = groups
        let d = disagreement
        let best = utilityRanges.map(\.upperBound)
        let low = utilityRanges.map(\.lowerBound)
        let reserved = model.reservations
        func select(_ score: ([Double]) -> Double) -> [Point] {
            let scores = groups.map { score($0.representative.utilities) }
            guard let top = scores.max() else { return [] }
            return zip(groups, scores).filter { $0.1 >= top - 1e-12 }.map(\.0)
        }
        nash = select { u in (0..<parties).reduce(1.0) { $0 * (u[$1] - d[$1]) } }
        func spread(_ gains: [Double]) -> Double { (gains.max() ?? 0) - (gains.min() ?? 0) }
        func relativeGain(_ u: Double, _ i: Int) -> Double {
            let range: Double = best[i] - d[i]
            return range == 0 ? u - d[i] : (u - d[i]) / range
        }
        func relativeToBest(_ u: Double, _ i: Int) -> Double { best[i] == 0 ? u : u / best[i] }
        kalaiSmorodinsky = select { (u: [Double]) -> Double in -spread((0..<parties).map { relativeGain(u[$0], $0) }) }
        modifiedKalaiSmorodinsky = select { (u: [Double]) -> Double in -spread((0..<parties).map { relativeToBest(u[$0], $0) }) }
        kalai = select { u in (0..<parties).map { u[$0] - d[$0] }.min() ?? 0 }
        modifiedKalai = select { u in u.min() ?? 0 }
        maxWelfare = select { u in u.reduce(0, +) }
        maxRelativeWelfare = select { u in
            (0..<parties).reduce(0.0) { sum, i in
                let range = best[i] - max(reserved[i], low[i])
                return sum + (range == 0 ? 0 : (u[i] - d[i]) / range)
            }
        }
        opposition = space.opposition
        rationalFraction = space.rationalFraction
    }
}

private func welfare(_ point: NegMASStatistics.Point) -> Double { point.representative.utilities.reduce(0, +) }
