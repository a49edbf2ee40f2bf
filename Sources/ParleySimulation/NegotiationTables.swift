import Dispatch
import ParleyAnalysis
import ParleyCore
import Synchronization

/// Every party's utility for every package and whether the package breaches one of its red lines.
public struct NegotiationTables: Sendable {
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
        let built = Mutex<[Int: AcceptableRanking]>([:])
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
    /// red lines: computed in chunks on all cores, stepping through each chunk's packages like an
    /// odometer rather than decoding every index.
    static func tables(_ model: UtilityModel) -> (utilities: [[Double]], forbidden: [[Bool]]) {
        let count = model.space.count ?? 0
        let parties = model.partyCount
        let radices = model.space.radices
        let utilities = (0..<parties).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: count) }
        let forbidden = (0..<parties).map { _ in UnsafeMutableBufferPointer<Bool>.allocate(capacity: count) }
        defer {
            utilities.forEach { $0.deallocate() }
            forbidden.forEach { $0.deallocate() }
        }
        nonisolated(unsafe) let utilityColumns = utilities, forbiddenColumns = forbidden
        let chunkSize = 1 << 15
        let chunks = max(1, (count + chunkSize - 1) / chunkSize)
        let issues = radices.count, options = model.optionCount
        let redLines = model.redLines
        let fill = { @Sendable (chunk: Int) in
            let start = chunk * chunkSize, end = min(count, start + chunkSize)
            guard start < end else { return }
            // Running sums per issue level, party-major: prefix[p * (issues + 1) + k] is party p's
            // offset plus the contributions of issues 0..<k, added in the same order as
            // UtilityModel.utility, so the sums are bit for bit the same. Stepping to the next
            // package recomputes only the levels from the first digit that changed.
            let levels = issues + 1
            let digits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, issues))
            let prefix = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties * levels)
            defer { digits.deallocate(); prefix.deallocate() }
            var decoded = [Int](repeating: 0, count: issues)
            model.space.digits(of: start, into: &decoded)
            for issue in 0..<issues { digits[issue] = decoded[issue] }
            model.contributions.withUnsafeBufferPointer { contributions in
                model.optionStarts.withUnsafeBufferPointer { optionStarts in
                    model.offsets.withUnsafeBufferPointer { offsets in
                        radices.withUnsafeBufferPointer { radices in
                            var level = 0
                            for index in start..<end {
                                for p in 0..<parties {
                                    let base = p * levels, row = p * options
                                    if level == 0 { prefix[base] = offsets[p] }
                                    var issue = level
                                    while issue < issues {
                                        prefix[base + issue + 1] = prefix[base + issue] + contributions[row + optionStarts[issue] + digits[issue]]
                                        issue += 1
                                    }
                                    utilityColumns[p][index] = prefix[base + issues]
                                    forbiddenColumns[p][index] = false
                                }
                                if !redLines.isEmpty {
                                    for issue in 0..<issues { decoded[issue] = digits[issue] }
                                    for k in redLines.indices where model.breaches(k, decoded) {
                                        forbiddenColumns[redLines[k].party][index] = true
                                    }
                                }
                                // The next package: the last issue varies fastest.
                                var issue = issues - 1
                                while issue >= 0 {
                                    digits[issue] += 1
                                    if digits[issue] < radices[issue] { break }
                                    digits[issue] = 0
                                    issue -= 1
                                }
                                level = max(0, issue)
                            }
                        }
                    }
                }
            }
        }
        if chunks == 1 { fill(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: fill) }
        return (utilities.map { Array($0) }, forbidden.map { Array($0) })
    }
}
