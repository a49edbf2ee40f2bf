import Dispatch
import ParleyAnalysis
import ParleyCore

/// Every party's utility for every package and whether the package breaches one of its red lines.
package struct NegotiationTables: Sendable {
    public let utilities: [[Double]]
    public let forbidden: [[Bool]]
    /// Each party's acceptable packages ranked (when prepared for many negotiations).
    let rankings: [AcceptableRanking]?

    /// Tables for one negotiation: each negotiator ranks its packages itself, on all cores.
    public init(_ model: UtilityModel) {
        (utilities, forbidden) = StackedAlternatingOffers.tables(model)
        rankings = nil
    }

    /// Tables for many negotiations over the same model (a tournament's matches): each party's
    /// acceptable packages are also ranked once, on all cores, and shared by every negotiator
    /// that takes the party's seat.
    public init(sharing model: UtilityModel) {
        let (utilities, forbidden) = StackedAlternatingOffers.tables(model)
        self.utilities = utilities
        self.forbidden = forbidden
        let parties = model.partyCount
        let built = Locked<[Int: AcceptableRanking]>([:])
        DispatchQueue.concurrentPerform(iterations: parties) { p in
            let ranking = AcceptableRanking(NegotiationContext(party: p, utilities: utilities[p], forbidden: forbidden[p],
                                                               reservation: model.reservations[p], rounds: 1))
            built.withLock { $0[p] = ranking }
        }
        rankings = built.withLock { table in (0..<parties).map { table[$0]! } }
    }

    func ranking(_ party: Int) -> AcceptableRanking? { rankings?[party] }
}

extension StackedAlternatingOffers {
    /// Every party's utility for every package, and whether the package breaches one of the party's
    /// red lines: the enumeration kernel (``PackageWalk``) walks the space in chunks on all cores,
    /// and each chunk writes its own slice of the columns.
    /// - Complexity: O(packages × (parties + clauses)) on average.
    static func tables(_ model: UtilityModel) -> (utilities: [[Double]], forbidden: [[Bool]]) {
        let count = model.space.count ?? 0
        let parties = model.partyCount
        let utilities = (0..<parties).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: count) }
        let forbidden = (0..<parties).map { _ in UnsafeMutableBufferPointer<Bool>.allocate(capacity: count) }
        defer {
            utilities.forEach { $0.deallocate() }
            forbidden.forEach { $0.deallocate() }
        }
        // Chunks write disjoint index ranges of the columns.
        nonisolated(unsafe) let utilityColumns = utilities, forbiddenColumns = forbidden
        let clauses = model.clauses
        _ = PackageWalk.chunks(model, count: count) { cursor, range in
            for index in range {
                for p in 0..<parties {
                    utilityColumns[p][index] = cursor.utility(p)
                    forbiddenColumns[p][index] = false
                }
                for clause in clauses where !forbiddenColumns[clause.party][index] && cursor.satisfies(clause) {
                    forbiddenColumns[clause.party][index] = true
                }
                cursor.advance()
            }
            return 0
        }
        return (utilities.map { Array($0) }, forbidden.map { Array($0) })
    }
}
