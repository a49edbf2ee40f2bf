import ParleyCore

/// A package close to a plan that passes the scenario's agreement rule (every party accepting, under unanimity).
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
    /// The packages that pass the agreement rule (under unanimity, every party accepts:
    /// reservation values met, no red line breached; see ``Acceptance`` and ``CompiledRule``) that are closest to `plan`: fewest issues changed first, then the smallest utility
    /// loss for the proposer, then the highest Nash product, then enumeration order.
    ///
    /// Issues the plan leaves out are free: choosing any option for them is not a change. The space
    /// is walked with the enumeration kernel (``PackageWalk``), in chunks on all cores; a package is
    /// materialised only when it enters a chunk's best `limit`.
    /// - Complexity: O(packages × (parties + clauses)) on average; keeps `limit` packages per chunk.
    public func bridges(from plan: Package, proposer: Int?, limit: Int = 5) -> [Bridge] {
        guard let count = space.count, limit > 0 else { return [] }
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
        let parties = partyCount, issues = issueCount, reservations = reservations, clauses = clauses
        let planned = plan.options
        let rule = self.rule
        let chunks = PackageWalk.chunks(self, count: count) { cursor, range in
            var best: [Bridge] = []
            var accepts = [Bool](repeating: true, count: parties)
            for _ in range {
                defer { cursor.advance() }
                if rule.isUnanimity {
                    var accepted = true
                    for p in 0..<parties where !Acceptance.meetsReservation(utility: cursor.utility(p), reservation: reservations[p]) {
                        accepted = false
                        break
                    }
                    guard accepted, !clauses.contains(where: { cursor.satisfies($0) }) else { continue }
                } else {
                    for p in 0..<parties { accepts[p] = Acceptance.meetsReservation(utility: cursor.utility(p), reservation: reservations[p]) }
                    for clause in clauses where accepts[clause.party] && cursor.satisfies(clause) { accepts[clause.party] = false }
                    guard accepts.withUnsafeBufferPointer({ rule.passes($0) }) else { continue }
                }
                var changedCount = 0
                for issue in 0..<issues { if let option = planned[issue], option != cursor.option(issue) { changedCount += 1 } }
                // Cheap test first: a candidate that changes more issues than the worst kept cannot enter.
                if best.count == limit, changedCount > best[limit - 1].changedIssues.count { continue }
                let utilities = Array(cursor.utilities)
                let candidate = Bridge(
                    index: cursor.index, package: Package(complete: cursor.package()),
                    changedIssues: (0..<issues).filter { issue in planned[issue].map { $0 != cursor.option(issue) } ?? false },
                    utilities: utilities,
                    proposerLoss: proposer.flatMap { p in planUtility.map { $0 - utilities[p] } },
                    nashProduct: zip(utilities, reservations).reduce(1) { $0 * max(0, $1.0 - $1.1) })
                Self.insert(candidate, into: &best, limit: limit)
            }
            return best
        }
        var best: [Bridge] = []
        for chunk in chunks { for candidate in chunk { Self.insert(candidate, into: &best, limit: limit) } }
        return best
    }

    /// Whether bridge `a` ranks before `b`: fewer issues changed, smaller proposer loss, larger Nash
    /// product, then the lower index (so the order is total and chunking cannot change it).
    static func isBefore(_ a: Bridge, _ b: Bridge) -> Bool {
        if a.changedIssues.count != b.changedIssues.count { return a.changedIssues.count < b.changedIssues.count }
        if let x = a.proposerLoss, let y = b.proposerLoss, abs(x - y) > 1e-12 { return x < y }
        if abs(a.nashProduct - b.nashProduct) > 1e-15 { return a.nashProduct > b.nashProduct }
        return a.index < b.index
    }

    /// Inserts `candidate` into the sorted list `best`, keeping at most `limit`.
    static func insert(_ candidate: Bridge, into best: inout [Bridge], limit: Int) {
        guard best.count < limit || isBefore(candidate, best[best.count - 1]) else { return }
        let position = best.firstIndex { isBefore(candidate, $0) } ?? best.count
        best.insert(candidate, at: position)
        if best.count > limit { best.removeLast() }
    }
}
