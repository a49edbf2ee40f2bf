import Dispatch
import ParleyCore
import Synchronization

/// The map of what could be agreed: how many packages exist, which every party accepts (the zone
/// of possible agreement), the Pareto frontier of that zone, the bargaining solutions on it, and,
/// when the zone is empty, the packages that come closest.
public struct AgreementSpace: Hashable, Sendable {
    /// The number of complete packages.
    public var packageCount: Int
    /// The number of packages in the zone of possible agreement: every party at or above its
    /// reservation value and no red line breached.
    public var zoneSize: Int
    /// The number of packages that meet every reservation value, red lines aside.
    public var meetingReservations: Int
    /// For the packages that meet every reservation value: how many each red line rules out.
    public var redLineBlocks: [RedLineBlock]
    /// The package indices of the Pareto frontier of the zone, ascending.
    public var frontierIndices: [Int]
    /// The utilities of the frontier packages, point-major (`parties` values per package).
    public var frontierUtilities: [Double]

    /// The Pareto frontier of the zone, in package order (built on demand from the flat arrays).
    public var frontier: [FrontierPoint] {
        let parties = frontierIndices.isEmpty ? 0 : frontierUtilities.count / frontierIndices.count
        return frontierIndices.enumerated().map { k, index in
            FrontierPoint(index: index, utilities: Array(frontierUtilities[k * parties..<(k + 1) * parties]))
        }
    }
    /// Each party's best utility in the zone; empty when the zone is.
    public var idealPoint: [Double]
    /// The bargaining solutions on the frontier; empty when the zone is.
    public var solutions: [BargainingSolution: FrontierPoint]
    /// The packages closest to agreement: by smallest total shortfall and by smallest worst-party
    /// shortfall, fewest red-line breaches first. Computed always; reports show them when the zone is empty.
    public var closest: [ClosePackage]

    /// Each party's lowest and highest utility over all packages.
    public var utilityRanges: [ClosedRange<Double>]
    /// How opposed the parties are: the smallest distance, over the zone, from a package's
    /// utilities to the point where every party gets its best, `√Σ(1 − u_i/max_i)²` (NegMAS's
    /// opposition level); `nil` when the zone is empty.
    public var opposition: Double?

    /// The number of random packages analysed, when the space was sampled rather than enumerated;
    /// counts (zone size, packages meeting reservations) are then counts in the sample.
    public var sampled: Int?

    /// Whether some package is acceptable to every party.
    public var hasZone: Bool { zoneSize > 0 }

    /// The number of packages every party values strictly above its reservation value (red lines
    /// aside): NegMAS's count for its rational fraction.
    public var strictlyAboveReservations: Int

    /// The share of packages every party values strictly above its reservation value, red lines
    /// aside (NegMAS's `rational_fraction`).
    public var rationalFraction: Double {
        let visited = sampled ?? packageCount
        return visited == 0 ? 0 : Double(strictlyAboveReservations) / Double(visited)
    }
}

/// A package on the Pareto frontier.
public struct FrontierPoint: Hashable, Sendable {
    /// The package's index in the outcome space (``OutcomeSpace/package(at:)`` gives its options).
    public var index: Int
    /// Each party's utility, in scenario order.
    public var utilities: [Double]
}

/// How many packages that meet every reservation value one red line rules out.
public struct RedLineBlock: Hashable, Sendable {
    /// Index into ``UtilityModel/redLines``.
    public var redLine: Int
    public var packagesRuledOut: Int
}

/// A package near agreement, with who falls short and which red lines stand in the way.
public struct ClosePackage: Hashable, Sendable {
    /// What "closest" was measured by.
    public enum Criterion: String, Hashable, Sendable, Codable, CaseIterable {
        /// The sum over parties of how far each falls below its reservation value.
        case totalShortfall
        /// The largest amount any one party falls below its reservation value.
        case worstShortfall
    }

    public var criterion: Criterion
    public var index: Int
    public var package: Package
    public var utilities: [Double]
    /// `max(0, reservation − utility)` for each party.
    public var shortfalls: [Double]
    public var totalShortfall: Double
    public var worstShortfall: Double
    /// The red lines the package breaches (indices into ``UtilityModel/redLines``).
    public var breaches: [Int]
}

/// Settings for mapping an agreement space.
public struct AgreementSpaceOptions: Hashable, Sendable {
    /// The most packages to enumerate; larger spaces are refused with their size.
    public var maxPackages: Int = 200_000_000
    /// How many closest packages to keep per criterion.
    public var closestCount: Int = 3
    /// Utility differences this small count as ties in frontier dominance.
    public var tolerance: Double = ParetoFilter.defaultTolerance
    /// How far below its reservation value a utility may be and still count as meeting it
    /// (NegMAS compares exactly: 0).
    public var reservationTolerance: Double = ParetoFilter.defaultTolerance
    /// When set, analyse this many packages drawn at random instead of enumerating the space (for
    /// spaces too large to enumerate); counts are then counts in the sample.
    public var sample: Int?
    /// The seed of the sample.
    public var seed: UInt64 = 1

    public init(maxPackages: Int = 200_000_000, closestCount: Int = 3, tolerance: Double = ParetoFilter.defaultTolerance,
                reservationTolerance: Double = ParetoFilter.defaultTolerance) {
        self.maxPackages = maxPackages
        self.closestCount = closestCount
        self.tolerance = tolerance
        self.reservationTolerance = reservationTolerance
    }
}

/// The outcome space has more packages than the limit allows.
public struct OutcomeSpaceTooLarge: Error, Hashable, Sendable {
    /// The number of packages (approximate beyond 2^53).
    public var packages: Double
    public var limit: Int
}

extension AgreementSpace {
    /// Maps the agreement space of a compiled scenario.
    ///
    /// Packages are enumerated in chunks on all cores without materialising them; each chunk keeps
    /// only its zone's frontier, counts and its closest packages, so memory grows with the frontier
    /// rather than the space.
    /// - Complexity: O(packages × (issues × parties + clauses)) plus the frontier filtering.
    /// - Throws: ``OutcomeSpaceTooLarge`` when the space exceeds `options.maxPackages`.
    public static func map(_ model: UtilityModel, options: AgreementSpaceOptions = AgreementSpaceOptions())
        throws(OutcomeSpaceTooLarge) -> AgreementSpace {
        if let sample = options.sample {
            guard let count = model.space.count else {
                throw OutcomeSpaceTooLarge(packages: model.space.approximateCount, limit: options.maxPackages)
            }
            var space = assemble(model, count: count, chunks: scanChunks(model, visits: sample, options: options),
                                 options: options)
            space.sampled = sample
            return space
        }
        guard let count = model.space.count, count <= options.maxPackages else {
            throw OutcomeSpaceTooLarge(packages: model.space.approximateCount, limit: options.maxPackages)
        }
        return assemble(model, count: count, chunks: scanChunks(model, visits: count, options: options), options: options)
    }

    /// Scans `visits` packages in chunks on all cores: the packages `0..<visits` in order, or
    /// `visits` random ones when sampling.
    private static func scanChunks(_ model: UtilityModel, visits: Int, options: AgreementSpaceOptions) -> [ChunkSummary] {
        let chunkSize = 1 << 15
        let chunkCount = max(1, (visits + chunkSize - 1) / chunkSize)
        let results = Mutex<[ChunkSummary]>([])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = chunk * chunkSize
            let summary = ChunkSummary.scan(model, range: start..<min(visits, start + chunkSize), options: options,
                                            sampleSeed: options.sample == nil ? nil : options.seed)
            results.withLock { $0.append(summary) }
        }
        var merged = results.withLock { $0 }
        merged.sort { $0.start < $1.start }
        return merged
    }

    private static func assemble(_ model: UtilityModel, count: Int, chunks: [ChunkSummary],
                                 options: AgreementSpaceOptions) -> AgreementSpace {
        let parties = model.partyCount
        var zoneSize = 0, meeting = 0
        var blocks = [Int](repeating: 0, count: model.redLines.count)
        var candidateIndices: [Int] = []
        var candidateUtilities: [Double] = []
        var ideal = [Double](repeating: -.infinity, count: parties)
        var closest = ClosestTracker(limit: options.closestCount)
        var opposition = Double.infinity
    var strictlyAboveReservations = 0
        var strictlyAbove = 0
        for chunk in chunks {
            opposition = min(opposition, chunk.opposition)
            strictlyAbove += chunk.strictlyAboveReservations
            zoneSize += chunk.zoneSize
            meeting += chunk.meetingReservations
            for (k, n) in chunk.blocks.enumerated() { blocks[k] += n }
            candidateIndices += chunk.frontierIndices
            candidateUtilities += chunk.frontierUtilities
            for p in 0..<parties { ideal[p] = max(ideal[p], chunk.ideal[p]) }
            closest.merge(chunk.closest)
        }
        // Chunks come in package order and keep their candidates ascending, so `kept` is ascending too.
        var kept = ParetoFilter.nonDominated(candidateUtilities, dimension: parties, tolerance: options.tolerance)
        if options.sample != nil {
            // A sample may draw a package twice; keep it once, in package order.
            var seen = Set<Int>()
            kept = kept.filter { seen.insert(candidateIndices[$0]).inserted }.sorted { candidateIndices[$0] < candidateIndices[$1] }
        }
        let frontierIndices = kept.map { candidateIndices[$0] }
        var frontierUtilities: [Double] = []
        frontierUtilities.reserveCapacity(kept.count * parties)
        for k in kept { frontierUtilities += candidateUtilities[k * parties..<(k + 1) * parties] }
        var solutions: [BargainingSolution: FrontierPoint] = [:]
        for solution in BargainingSolution.allCases {
            if let best = solution.best(frontierUtilities, count: frontierIndices.count, disagreement: model.reservations, ideal: ideal) {
                solutions[solution] = FrontierPoint(index: frontierIndices[best],
                                                    utilities: Array(frontierUtilities[best * parties..<(best + 1) * parties]))
            }
        }
        return AgreementSpace(
            packageCount: count, zoneSize: zoneSize, meetingReservations: meeting,
            redLineBlocks: blocks.enumerated().filter { $0.element > 0 }
                .map { RedLineBlock(redLine: $0.offset, packagesRuledOut: $0.element) },
            frontierIndices: frontierIndices, frontierUtilities: frontierUtilities,
            idealPoint: zoneSize > 0 ? ideal : [], solutions: solutions,
            closest: closest.packages(model), utilityRanges: (0..<parties).map(model.utilityRange),
            opposition: zoneSize > 0 ? opposition : nil, sampled: nil, strictlyAboveReservations: strictlyAbove)
    }
}

/// What one chunk of the outcome space contributes.
struct ChunkSummary: Sendable {
    var start: Int
    var zoneSize = 0
    var meetingReservations = 0
    var blocks: [Int]
    var frontierIndices: [Int] = []
    var frontierUtilities: [Double] = []
    var ideal: [Double]
    var closest: ClosestTracker
    var opposition = Double.infinity
    var strictlyAboveReservations = 0

    /// Scans the packages in `range`.
    ///
    /// Utilities are kept as running sums per issue level: stepping to the next package changes the
    /// last issue's option (and, on a carry, a few more), so only the sums from the first changed
    /// issue on are recomputed, O(parties) per package on average.
    /// With `sampleSeed`, the chunk visits `range.count` packages drawn uniformly at random (each
    /// issue's option drawn independently) instead of the packages in `range`.
    static func scan(_ model: UtilityModel, range: Range<Int>, options: AgreementSpaceOptions,
                     sampleSeed: UInt64? = nil) -> ChunkSummary {
        let parties = model.partyCount, issues = model.issueCount
        var summary = ChunkSummary(start: range.lowerBound, blocks: [Int](repeating: 0, count: model.redLines.count),
                                   ideal: [Double](repeating: -.infinity, count: parties),
                                   closest: ClosestTracker(limit: options.closestCount))
        var digits = [Int](repeating: 0, count: issues)
        model.space.digits(of: range.lowerBound, into: &digits)
        var breached = [Bool](repeating: false, count: model.redLines.count)
        var zoneIndices: [Int] = []
        var zoneUtilities: [Double] = []
        zoneIndices.reserveCapacity(range.count)
        zoneUtilities.reserveCapacity(range.count * parties)
        let tolerance = options.reservationTolerance
        let best = (0..<parties).map { model.utilityRange($0).upperBound }
        // partial[level * parties + p]: party p's offset plus its contributions from issues 0..<level.
        var partial = [Double](repeating: 0, count: (issues + 1) * parties)
        let radices = model.space.radices
        let hasClauses = !model.clauses.isEmpty
        var pivots = PivotSet(dimension: parties, margin: options.tolerance)
        model.contributions.withUnsafeBufferPointer { contributions in
        partial.withUnsafeMutableBufferPointer { partial in
        digits.withUnsafeMutableBufferPointer { digits in
            let reservations = model.reservations, starts = model.optionStarts, rowLength = model.optionCount
            func recompute(from level: Int) {
                for issue in level..<issues {
                    let column = starts[issue] + digits[issue]
                    for p in 0..<parties {
                        partial[(issue + 1) * parties + p] = partial[issue * parties + p] + contributions[p * rowLength + column]
                    }
                }
            }
            for p in 0..<parties { partial[p] = model.offsets[p] }
            var rng = SeededGenerator(seed: (sampleSeed ?? 0) &+ UInt64(range.lowerBound) &* 0x9E37_79B9)
            if sampleSeed != nil {
                for issue in 0..<issues { digits[issue] = Int.random(in: 0..<radices[issue], using: &rng) }
            }
            recompute(from: 0)
            let last = issues * parties
            for sequentialIndex in range {
                var index = sequentialIndex
                if sampleSeed != nil {
                    index = 0
                    for issue in 0..<issues { index = index &* radices[issue] &+ digits[issue] }
                }
                var meetsAll = true, strictlyAbove = true
                var total = 0.0, worst = 0.0
                for p in 0..<parties {
                    let shortfall = reservations[p] - partial[last + p]
                    if shortfall >= 0 { strictlyAbove = false }
                    if shortfall > tolerance {
                        meetsAll = false
                        total += shortfall
                        worst = max(worst, shortfall)
                    }
                }
                var breachCount = 0
                if hasClauses {
                    for k in breached.indices { breached[k] = false }
                    for clause in model.clauses where !breached[clause.redLine] {
                        var satisfied = true
                        for issue in clause.issues where !clause.triggers[starts[issue] + digits[issue]] {
                            satisfied = false
                            break
                        }
                        if satisfied {
                            breached[clause.redLine] = true
                            breachCount += 1
                        }
                    }
                }
                if strictlyAbove { summary.strictlyAboveReservations += 1 }
                if meetsAll {
                    summary.meetingReservations += 1
                    if breachCount == 0 {
                        summary.zoneSize += 1
                        // Keep the package as a frontier candidate unless a pivot dominates it with a margin.
                        if pivots.admits(partial, at: last) {
                            zoneIndices.append(index)
                            for p in 0..<parties { zoneUtilities.append(partial[last + p]) }
                        }
                        var distance = 0.0
                        for p in 0..<parties {
                            let u = partial[last + p]
                            summary.ideal[p] = max(summary.ideal[p], u)
                            let gap = best[p] != 0 ? 1 - u / best[p] : 0
                            distance += gap * gap
                        }
                        summary.opposition = min(summary.opposition, distance.squareRoot())
                    } else {
                        for k in breached.indices where breached[k] { summary.blocks[k] += 1 }
                    }
                }
                summary.closest.consider(index: index, breaches: breachCount, total: total, worst: worst)
                if sampleSeed != nil {
                    for issue in 0..<issues { digits[issue] = Int.random(in: 0..<radices[issue], using: &rng) }
                    recompute(from: 0)
                    continue
                }
                // Advance the odometer: the last issue varies fastest.
                var issue = issues - 1
                while issue >= 0 {
                    digits[issue] += 1
                    if digits[issue] < radices[issue] { break }
                    digits[issue] = 0
                    issue -= 1
                }
                if issue >= 0 { recompute(from: issue) }
            }
        }
        }
        }
        let kept = ParetoFilter.nonDominated(zoneUtilities, dimension: parties, tolerance: options.tolerance)
        summary.frontierIndices = kept.map { zoneIndices[$0] }
        summary.frontierUtilities = kept.flatMap { zoneUtilities[$0 * parties..<($0 + 1) * parties] }
        return summary
    }
}

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

    mutating func consider(index: Int, breaches: Int, total: Double, worst: Double) {
        // Fast rejection: a full list whose last entry has fewer breaches, or as many and a
        // clearly smaller shortfall, keeps it out (later indices lose ties).
        if byTotal.count == limit, byWorst.count == limit, let a = byTotal.last, let b = byWorst.last,
           breaches > a.breaches || (breaches == a.breaches && total > a.total + 1e-12),
           breaches > b.breaches || (breaches == b.breaches && worst > b.worst + 1e-12) {
            return
        }
        let entry = Entry(index: index, breaches: breaches, total: total, worst: worst)
        Self.insert(entry, into: &byTotal, limit: limit) { ($0.breaches, $0.total, $0.worst, $0.index) }
        Self.insert(entry, into: &byWorst, limit: limit) { ($0.breaches, $0.worst, $0.total, $0.index) }
    }

    mutating func merge(_ other: ClosestTracker) {
        for entry in other.byTotal { Self.insert(entry, into: &byTotal, limit: limit) { ($0.breaches, $0.total, $0.worst, $0.index) } }
        for entry in other.byWorst { Self.insert(entry, into: &byWorst, limit: limit) { ($0.breaches, $0.worst, $0.total, $0.index) } }
    }

    private static func insert(_ entry: Entry, into list: inout [Entry], limit: Int,
                               key: (Entry) -> (Int, Double, Double, Int)) {
        guard limit > 0 else { return }
        func less(_ a: Entry, _ b: Entry) -> Bool {
            let x = key(a), y = key(b)
            if x.0 != y.0 { return x.0 < y.0 }
            if abs(x.1 - y.1) > 1e-12 { return x.1 < y.1 }
            if abs(x.2 - y.2) > 1e-12 { return x.2 < y.2 }
            return x.3 < y.3
        }
        if list.count == limit, let last = list.last, !less(entry, last) { return }
        let position = list.firstIndex { less(entry, $0) } ?? list.count
        list.insert(entry, at: position)
        if list.count > limit { list.removeLast() }
    }

    func packages(_ model: UtilityModel) -> [ClosePackage] {
        func make(_ entry: Entry, _ criterion: ClosePackage.Criterion) -> ClosePackage {
            let package = model.space.package(at: entry.index)
            let digits = package.options.map { $0! }
            let utilities = (0..<model.partyCount).map { model.utility($0, digits) }
            let shortfalls = utilities.enumerated().map { max(0, model.reservations[$0.offset] - $0.element) }
            let breaches = model.redLines.indices.filter { model.breaches($0, digits) }
            return ClosePackage(criterion: criterion, index: entry.index, package: package, utilities: utilities,
                                shortfalls: shortfalls, totalShortfall: entry.total, worstShortfall: entry.worst,
                                breaches: breaches)
        }
        return byTotal.map { make($0, .totalShortfall) } + byWorst.map { make($0, .worstShortfall) }
    }
}

/// A few points of the zone that maximise fixed positive weightings of the utilities, used to
/// discard most dominated packages before the frontier is filtered.
///
/// A maximiser of a positive weighting is never dominated, and any package a pivot dominates with a
/// margin (at least as good everywhere, better by more than the margin somewhere) is dominated in
/// the tolerant sense too, so discarding it never changes the frontier.
struct PivotSet {
    let dimension: Int
    let margin: Double
    /// Weight vectors, one per pivot: the axes, the diagonal, and a few fixed mixtures.
    private var weights: [Double] = []
    private var points: [Double] = []
    private var scores: [Double] = []
    private let count: Int

    init(dimension: Int, margin: Double) {
        self.dimension = dimension
        self.margin = margin
        var rng = SeededGenerator(seed: 0x5EED)
        var weights: [Double] = []
        for axis in 0..<dimension { weights += (0..<dimension).map { $0 == axis ? 1 : 0.001 } }
        weights += [Double](repeating: 1, count: dimension)
        for _ in 0..<(dimension <= 2 ? 6 : 24) { weights += (0..<dimension).map { _ in Double.random(in: 0.05...1, using: &rng) } }
        count = weights.count / dimension
        self.weights = weights
        points = [Double](repeating: -.infinity, count: count * dimension)
        scores = [Double](repeating: -.infinity, count: count)
    }

    /// Whether the point at `base` of `values` survives: no pivot dominates it with a margin. It
    /// also becomes the pivot of every weighting it scores best on.
    /// - Complexity: O(pivots × dimension).
    mutating func admits(_ values: UnsafeMutableBufferPointer<Double>, at base: Int) -> Bool {
        for k in 0..<count {
            var allAtLeast = true, someBetter = false
            for d in 0..<dimension {
                let pivot = points[k * dimension + d], value = values[base + d]
                if pivot < value { allAtLeast = false; break }
                if pivot > value + margin { someBetter = true }
            }
            if allAtLeast && someBetter { return false }
        }
        for k in 0..<count {
            var score = 0.0
            for d in 0..<dimension { score += weights[k * dimension + d] * values[base + d] }
            if score > scores[k] {
                scores[k] = score
                for d in 0..<dimension { points[k * dimension + d] = values[base + d] }
            }
        }
        return true
    }
}
