/// The matches of a tournament, numbered without being listed: scenario by scenario, every
/// assignment of the competitors to the scenario's parties (self-play included; the last party's
/// competitor varies fastest), each repeated `repetitions` times.
///
/// A match is found from its number by mixed-radix decoding, so a tournament of millions of matches
/// needs no list of them, and a shard can pick its matches by number alone.
///
/// ```swift
/// let schedule = try TournamentSchedule(competitors: 3, partyCounts: [2, 4], repetitions: 2)
/// schedule.count        // (3² + 3⁴) × 2 = 180
/// schedule[19]          // scenario 1, assignment [0, 0, 0, 0], repetition 1
/// ```
public struct TournamentSchedule: Hashable, Sendable {
    /// One match of the schedule.
    public struct Match: Hashable, Sendable {
        /// The index of the scenario.
        public var scenario: Int
        /// The competitor (index) in each party's seat, in party order.
        public var assignment: [Int]
        /// Which repetition of the assignment (0-based).
        public var repetition: Int
    }

    public let competitors: Int
    public let partyCounts: [Int]
    public let repetitions: Int
    /// The number of the first match of each scenario.
    private let starts: [Int]
    /// The number of matches in the whole tournament.
    public let count: Int

    /// - Throws: ``TournamentTooLarge`` when the number of matches, `Σ competitors^parties ×
    ///   repetitions`, exceeds `Int.max`.
    public init(competitors: Int, partyCounts: [Int], repetitions: Int) throws(TournamentTooLarge) {
        precondition(competitors > 0 && repetitions > 0 && partyCounts.allSatisfy { $0 > 0 }, "a tournament needs competitors, parties and repetitions")
        self.competitors = competitors
        self.partyCounts = partyCounts
        self.repetitions = repetitions
        var starts: [Int] = [], total = 0
        for (scenario, parties) in partyCounts.enumerated() {
            let tooLarge = TournamentTooLarge(scenario: scenario, competitors: competitors, parties: parties, repetitions: repetitions)
            var size = repetitions
            for _ in 0..<parties {
                let (product, overflow) = size.multipliedReportingOverflow(by: competitors)
                if overflow { throw tooLarge }
                size = product
            }
            starts.append(total)
            let (sum, overflow) = total.addingReportingOverflow(size)
            if overflow { throw tooLarge }
            total = sum
        }
        self.starts = starts
        count = total
    }

    /// Match number `job` (0 ≤ job < ``count``).
    /// - Complexity: O(log scenarios + parties).
    public subscript(job: Int) -> Match {
        precondition(job >= 0 && job < count, "match \(job) is not in the schedule")
        // The last scenario starting at or before the job.
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= job { low = middle } else { high = middle - 1 }
        }
        let local = job - starts[low]
        var rest = local / repetitions
        var assignment = [Int](repeating: 0, count: partyCounts[low])
        for slot in assignment.indices.reversed() {
            assignment[slot] = rest % competitors
            rest /= competitors
        }
        return Match(scenario: low, assignment: assignment, repetition: local % repetitions)
    }
}

/// A tournament with more matches than can be counted (more than `Int.max`).
public struct TournamentTooLarge: Error, Hashable, Sendable {
    /// The index of the scenario at which the count overflowed.
    public var scenario: Int
    public var competitors: Int
    public var parties: Int
    public var repetitions: Int
}

/// Which slice of a tournament's matches one process plays: shard `index` of `count` (1-based)
/// plays the matches whose number `job` has `job mod count == index − 1`.
public struct TournamentShard: Hashable, Sendable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// nil unless `1 ≤ index ≤ count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// The whole tournament.
    public static let whole = TournamentShard(index: 1, count: 1)!

    /// The numbers of this shard's matches among `total`, lazily.
    public func jobs(of total: Int) -> StrideTo<Int> { stride(from: index - 1, to: total, by: count) }

    /// The number of this shard's matches among `total`.
    public func jobCount(of total: Int) -> Int {
        total < index ? 0 : (total - index) / count + 1
    }

    /// "i/n".
    public var description: String { "\(index)/\(count)" }
}
