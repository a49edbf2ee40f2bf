import ParleyCore

/// The map of what could be agreed: how many packages exist, which every party accepts (the zone
/// of possible agreement), the Pareto frontier of that zone, the bargaining solutions on it, and,
/// when the zone is empty, the packages that come closest.
public struct AgreementSpace: Hashable, Sendable {
    /// The number of complete packages; 0 when there are too many to number (see
    /// ``approximatePackageCount``; only a sample can be analysed then).
    public var packageCount: Int
    /// The number of complete packages as a double: exact up to 2^53, approximate beyond.
    public var approximatePackageCount: Double = 0
    /// When a space too large to number was sampled, package indices are draw numbers; the drawn
    /// packages the analysis names (frontier, solutions, closest) are kept here.
    public var drawnPackages: [Int: Package] = [:]
    /// The number of packages in the zone of possible agreement: the packages that pass the
    /// scenario's agreement rule (under unanimity, every party at or above its reservation value and
    /// no red line breached).
    public var zoneSize: Int
    /// The number of packages every party accepts (equal to ``zoneSize`` under unanimity).
    public var unanimousSize: Int = 0
    /// For each party, how many passing packages it accepts.
    public var acceptingByParty: [Int] = []
    /// For each party, how many of all packages it accepts.
    public var acceptableByParty: [Int] = []
    /// The utilities the bargaining solutions measure gains from: each party's reservation value,
    /// or, where the rule lets a package pass without a party, its lowest utility in the zone when
    /// that is lower (so every gain over the zone is 0 or more).
    public var disagreement: [Double] = []
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
            FrontierPoint(index: index, utilities: Array(frontierUtilities[k * parties..<(k + 1) * parties]), package: drawnPackages[index])
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
    /// The package's index in the outcome space (``OutcomeSpace/package(at:)`` gives its options),
    /// or its draw number when a space too large to number was sampled.
    public var index: Int
    /// Each party's utility, in scenario order.
    public var utilities: [Double]
    /// The package itself when ``index`` is a draw number.
    public var package: Package? = nil

    /// The package's options.
    public func package(in space: OutcomeSpace) -> Package { package ?? space.package(at: index) }
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
    /// The parties whose acceptance would make the package pass at least cost (every party under
    /// unanimity); the total and worst shortfalls are theirs.
    public var needed: [Int] = []
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
    /// How far below its reservation value a utility may be and still count as meeting it:
    /// ``Acceptance/tolerance``, the rule every analysis and negotiator uses, unless NegMAS's
    /// exact comparisons are replicated (0).
    public var reservationTolerance: Double = Acceptance.tolerance
    /// When set, analyse this many packages drawn at random instead of enumerating the space (for
    /// spaces too large to enumerate); counts are then counts in the sample.
    public var sample: Int?
    /// The seed of the sample.
    public var seed: UInt64 = 1

    public init(maxPackages: Int = 200_000_000, closestCount: Int = 3, tolerance: Double = ParetoFilter.defaultTolerance,
                reservationTolerance: Double = Acceptance.tolerance) {
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

    public init(packages: Double, limit: Int) {
        self.packages = packages
        self.limit = limit
    }
}

extension AgreementSpace {
    /// Maps the agreement space of a compiled scenario.
    ///
    /// Packages are enumerated in chunks on all cores without materialising them; each chunk keeps
    /// only its zone's frontier, counts and its closest packages, so memory grows with the frontier
    /// rather than the space.
    /// - Complexity: O(packages × (issues × parties + clauses)) plus the frontier filtering.
    /// - Throws: ``OutcomeSpaceTooLarge`` when the space exceeds `options.maxPackages`.
    /// - Parameter progress: called with the number of packages visited so far, after each chunk.
    public static func map(_ model: UtilityModel, options: AgreementSpaceOptions = AgreementSpaceOptions(),
                           progress: (@Sendable (Int) -> Void)? = nil) throws(OutcomeSpaceTooLarge) -> AgreementSpace {
        if let sample = options.sample {
            // A space too large to number (beyond Int) is sampled all the same: packages are then
            // known by their draw number, and the ones the analysis names are drawn again.
            let numbered = model.space.count != nil
            let chunks = scanChunks(model, visits: sample, options: options, numbered: numbered, progress: progress)
            var space = assemble(model, count: model.space.count ?? 0, chunks: chunks, options: options,
                                 redraw: numbered ? nil : { redraw(model, ordinals: $0, seed: options.seed) })
            space.sampled = sample
            space.approximatePackageCount = model.space.approximateCount
            return space
        }
        guard let count = model.space.count, count <= options.maxPackages else {
            throw OutcomeSpaceTooLarge(packages: model.space.approximateCount, limit: options.maxPackages)
        }
        var space = assemble(model, count: count, chunks: scanChunks(model, visits: count, options: options, progress: progress),
                             options: options)
        space.approximatePackageCount = Double(count)
        return space
    }

    /// The packages drawn as draw number `ordinals` by a sampling scan with `seed`: each chunk's
    /// random stream replayed up to the draws wanted (the scan draws before its first package and
    /// after each one).
    /// - Complexity: O(chunks touched × chunk size × issues).
    static func redraw(_ model: UtilityModel, ordinals: [Int], seed: UInt64) -> [Int: Package] {
        var result: [Int: Package] = [:]
        let byChunk = Dictionary(grouping: Set(ordinals)) { $0 / PackageWalk.chunkSize }
        for (chunk, wanted) in byChunk {
            let start = chunk * PackageWalk.chunkSize
            var rng = SeededGenerator.stream(seed: seed, index: start)
            let last = wanted.max() ?? start
            let wantedSet = Set(wanted)
            // The same draws as the scan's, by the same cursor.
            let cursor = PackageCursor(model, at: 0)
            for ordinal in start...last {
                cursor.draw(using: &rng)
                if wantedSet.contains(ordinal) { result[ordinal] = Package(complete: cursor.package()) }
            }
        }
        return result
    }

    /// Scans `visits` packages in chunks on all cores: the packages `0..<visits` in order, or
    /// `visits` random ones when sampling.
    private static func scanChunks(_ model: UtilityModel, visits: Int, options: AgreementSpaceOptions, numbered: Bool = true,
                                   progress: (@Sendable (Int) -> Void)?) -> [ChunkSummary] {
        let sampleSeed = options.sample == nil ? nil : options.seed
        // Each worker keeps its pivots from chunk to chunk: they get better as it goes, so fewer
        // frontier candidates survive (pivots never change the frontier, only how much is filtered).
        return PackageWalk.chunks(model, count: visits, progress: progress,
                                  carrying: { PivotSet(dimension: model.partyCount, margin: options.tolerance) }) { pivots, cursor, range in
            ChunkSummary.scan(model, &cursor, range: range, options: options, sampleSeed: sampleSeed, numbered: numbered, pivots: pivots)
        }
    }

    /// - Parameter redraw: for a sample of a space too large to number, the packages behind draw numbers.
    private static func assemble(_ model: UtilityModel, count: Int, chunks: [ChunkSummary],
                                 options: AgreementSpaceOptions, redraw: (([Int]) -> [Int: Package])? = nil) -> AgreementSpace {
        let parties = model.partyCount
        var zoneSize = 0, meeting = 0
        var blocks = [Int](repeating: 0, count: model.redLines.count)
        var candidateIndices: [Int] = []
        var candidateUtilities: [Double] = []
        var ideal = [Double](repeating: -.infinity, count: parties)
        var closest = ClosestTracker(limit: options.closestCount)
        var opposition = Double.infinity
        var strictlyAbove = 0, unanimous = 0
        var accepting = [Int](repeating: 0, count: parties), acceptable = [Int](repeating: 0, count: parties)
        var zoneMinimum = [Double](repeating: .infinity, count: parties)
        for chunk in chunks {
            unanimous += chunk.unanimousSize
            for p in 0..<parties {
                accepting[p] += chunk.acceptingByParty[p]
                acceptable[p] += chunk.acceptableByParty[p]
                zoneMinimum[p] = min(zoneMinimum[p], chunk.zoneMinimum[p])
            }
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
        // Packages known by draw number are drawn again: the frontier's and the closest ones.
        let drawn = redraw?(kept.map { candidateIndices[$0] } + closest.indices) ?? [:]
        if redraw != nil {
            // The same package drawn twice under two numbers is kept once.
            var seen = Set<Package>()
            kept = kept.filter { drawn[candidateIndices[$0]].map { seen.insert($0).inserted } ?? true }
        }
        let frontierIndices = kept.map { candidateIndices[$0] }
        var frontierUtilities: [Double] = []
        frontierUtilities.reserveCapacity(kept.count * parties)
        for k in kept { frontierUtilities += candidateUtilities[k * parties..<(k + 1) * parties] }
        // Under unanimity every party in the zone is at or above its reservation value (within the
        // tolerance), so gains are measured from the reservation values; a rule that lets packages
        // pass without a party may leave it below, and its gains are then measured from its lowest
        // utility in the zone.
        let disagreement = (0..<parties).map { p in
            zoneMinimum[p] < model.reservations[p] - options.reservationTolerance ? zoneMinimum[p] : model.reservations[p]
        }
        var solutions: [BargainingSolution: FrontierPoint] = [:]
        for solution in BargainingSolution.allCases {
            if let best = solution.best(frontierUtilities, count: frontierIndices.count, disagreement: disagreement, ideal: ideal) {
                solutions[solution] = FrontierPoint(index: frontierIndices[best],
                                                    utilities: Array(frontierUtilities[best * parties..<(best + 1) * parties]),
                                                    package: drawn[frontierIndices[best]])
            }
        }
        var space = AgreementSpace(
            packageCount: count, zoneSize: zoneSize, meetingReservations: meeting,
            redLineBlocks: blocks.enumerated().filter { $0.element > 0 }
                .map { RedLineBlock(redLine: $0.offset, packagesRuledOut: $0.element) },
            frontierIndices: frontierIndices, frontierUtilities: frontierUtilities,
            idealPoint: zoneSize > 0 ? ideal : [], solutions: solutions,
            closest: closest.packages(model) { drawn[$0] ?? model.space.package(at: $0) }, utilityRanges: (0..<parties).map(model.utilityRange),
            opposition: zoneSize > 0 ? opposition : nil, sampled: nil, strictlyAboveReservations: strictlyAbove)
        space.drawnPackages = drawn
        space.unanimousSize = unanimous
        space.acceptingByParty = accepting
        space.acceptableByParty = acceptable
        space.disagreement = disagreement
        return space
    }
}

