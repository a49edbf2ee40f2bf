import ParleyCore

/// A package close to a plan that every party accepts.
public struct Bridge: Hashable, Sendable {
    /// The package's index in the outcome space.
    public var index: Int
    public var package: Package
    /// The issues where it differs from the plan (issues the plan leaves open are free and not counted).
    public var changedIssues: [Int]
    public var utilities: [Double]
    /// How much the proposer gives up against the plan (negative: it gains); `nil` without a proposer.
    public var proposerLoss: Double?
    /// `Π (u_i − r_i)`.
    public var nashProduct: Double
}

extension UtilityModel {
    /// The packages every party accepts (reservation values met, no red line breached) that are
    /// closest to `plan`: fewest issues changed first, then the smallest utility loss for the
    /// proposer, then the highest Nash product, then enumeration order.
    ///
    /// Issues the plan leaves out are free: choosing any option for them is not a change.
    /// - Complexity: O(packages × (issues × parties + clauses)); keeps `limit` packages.
    public func bridges(from plan: Package, proposer: Int?, limit: Int = 5, tolerance: Double = 1e-9) -> [Bridge] {
        guard let count = space.count else { return [] }
        let planUtility = proposer.map { p -> Double in
            // The plan as its proposer reads it: unaddressed issues at the proposer's worst option.
            var total = offsets[p]
            for issue in 0..<issueCount {
                if let option = plan.options[issue] { total += contribution(p, issue: issue, option: option) } else {
                    total += (0..<space.radices[issue]).map { contribution(p, issue: issue, option: $0) }.min() ?? 0
                }
            }
            return total
        }
        var best: [Bridge] = []
        func isBefore(_ a: Bridge, _ b: Bridge) -> Bool {
            if a.changedIssues.count != b.changedIssues.count { return a.changedIssues.count < b.changedIssues.count }
            if let x = a.proposerLoss, let y = b.proposerLoss, abs(x - y) > 1e-12 { return x < y }
            if abs(a.nashProduct - b.nashProduct) > 1e-15 { return a.nashProduct > b.nashProduct }
            return a.index < b.index
        }
        var digits = [Int](repeating: 0, count: issueCount)
        var utilities = [Double](repeating: 0, count: partyCount)
        for index in 0..<count {
            space.digits(of: index, into: &digits)
            var accepted = true
            for p in 0..<partyCount {
                utilities[p] = utility(p, digits)
                if utilities[p] < reservations[p] - tolerance { accepted = false; break }
            }
            guard accepted, !redLines.indices.contains(where: { breaches($0, digits) }) else { continue }
            let changed = (0..<issueCount).filter { issue in plan.options[issue].map { option in option != digits[issue] } ?? false }
            let candidate = Bridge(
                index: index, package: Package(complete: digits), changedIssues: changed, utilities: utilities,
                proposerLoss: proposer.flatMap { p in planUtility.map { $0 - utilities[p] } },
                nashProduct: zip(utilities, reservations).reduce(1) { $0 * max(0, $1.0 - $1.1) })
            if best.count < limit || isBefore(candidate, best[best.count - 1]) {
                let position = best.firstIndex { isBefore(candidate, $0) } ?? best.count
                best.insert(candidate, at: position)
                if best.count > limit { best.removeLast() }
            }
        }
        return best
    }
}
