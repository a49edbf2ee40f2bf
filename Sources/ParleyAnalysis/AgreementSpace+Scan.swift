import ParleyCore

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
    /// Packages every party accepts (the zone itself under unanimity).
    var unanimousSize = 0
    /// For each party: how many passing packages it accepts, and how many of all packages.
    var acceptingByParty: [Int]
    var acceptableByParty: [Int]
    /// Each party's lowest utility over the passing packages.
    var zoneMinimum: [Double]

    /// Scans the packages in `range` with `cursor` (at the range's first package), discarding the
    /// packages `pivots` dominate with a margin (the pivots carry over from the chunks scanned before
    /// on the same worker, so they only get better).
    ///
    /// The cursor keeps utilities as running sums per issue level (see ``PackageCursor``).
    /// With `sampleSeed`, the chunk visits `range.count` packages drawn uniformly at random (each
    /// issue's option drawn independently) instead of the packages in `range`; unless `numbered`,
    /// a package is then known by its draw number (the space is too large for its index).
    /// Unanimity without red lines, in order, takes ``scanUnanimous(_:_:range:options:pivots:)``
    /// (the same result, faster) unless `general` (for the tests that compare the two).
    static func scan(_ model: UtilityModel, _ cursor: inout PackageCursor, range: Range<Int>, options: AgreementSpaceOptions,
                     sampleSeed: UInt64? = nil, numbered: Bool = true, pivots: PivotSet,
                     general: Bool = false) -> ChunkSummary {
        if !general && admitsUnanimousScan(model, sampled: sampleSeed != nil) {
            return scanUnanimous(model, &cursor, range: range, options: options, pivots: pivots)
        }
        let parties = model.partyCount
        let rule = model.rule
        let unanimity = rule.isUnanimity
        // Per-party state, reused for every package, and the chunk's per-party counters: flat
        // buffers allocated once per chunk, so the loop does no uniqueness or exclusivity checks.
        // Columns: meets, accepts (0/1), red lines breached, shortfall; counters: acceptable,
        // accepting, ideal, zone minimum.
        let meets = UnsafeMutableBufferPointer<Bool>.allocate(capacity: parties)
        let accepts = UnsafeMutableBufferPointer<Bool>.allocate(capacity: parties)
        let partyBreaches = UnsafeMutableBufferPointer<Int>.allocate(capacity: parties)
        let shortfalls = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let acceptable = UnsafeMutableBufferPointer<Int>.allocate(capacity: parties)
        let accepting = UnsafeMutableBufferPointer<Int>.allocate(capacity: parties)
        let ideal = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let zoneMinimum = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        defer {
            meets.deallocate(); accepts.deallocate(); partyBreaches.deallocate(); shortfalls.deallocate()
            acceptable.deallocate(); accepting.deallocate(); ideal.deallocate(); zoneMinimum.deallocate()
        }
        meets.initialize(repeating: false); accepts.initialize(repeating: false)
        partyBreaches.initialize(repeating: 0); shortfalls.initialize(repeating: 0)
        acceptable.initialize(repeating: 0); accepting.initialize(repeating: 0)
        ideal.initialize(repeating: -.infinity); zoneMinimum.initialize(repeating: .infinity)
        let redLineCount = model.redLines.count
        let breached = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, redLineCount))
        breached.initialize(repeating: false)
        defer { breached.deallocate() }
        var blocks = [Int](repeating: 0, count: redLineCount)
        var order: [Int] = []
        order.reserveCapacity(parties)
        var zoneIndices: [Int] = []
        var zoneUtilities: [Double] = []
        // Frontier candidates are few (the pivots discard most packages): start small.
        zoneIndices.reserveCapacity(min(range.count, 1_024))
        zoneUtilities.reserveCapacity(min(range.count, 1_024) * parties)
        let tolerance = options.reservationTolerance
        let best = (0..<parties).map { model.utilityRange($0).upperBound }
        let reservations = model.reservations, clauses = model.clauses
        let hasClauses = !clauses.isEmpty
        var zoneSize = 0, unanimousSize = 0, meetingReservations = 0, strictlyAboveReservations = 0
        var opposition = Double.infinity
        var closest = ClosestTracker(limit: options.closestCount)
        var rng = SeededGenerator.stream(seed: sampleSeed ?? 0, index: range.lowerBound)
        if sampleSeed != nil { cursor.draw(using: &rng) }
        let staircase = pivots.staircase
        reservations.withUnsafeBufferPointer { reservations in
        best.withUnsafeBufferPointer { best in
        for ordinal in range {
            // A sample of a space too large to number knows its packages by draw number.
            let index = numbered ? cursor.index : ordinal
            let utilities = cursor.utilities
            var meetsAll = true, strictlyAbove = true
            var total = 0.0, worst = 0.0
            for p in 0..<parties {
                let shortfall = reservations[p] - utilities[p]
                if shortfall >= 0 { strictlyAbove = false }
                let met = Acceptance.meetsReservation(utility: utilities[p], reservation: reservations[p], tolerance: tolerance)
                meets[p] = met
                shortfalls[p] = met ? 0 : shortfall
                partyBreaches[p] = 0
                if !met {
                    meetsAll = false
                    total += shortfall
                    worst = max(worst, shortfall)
                }
            }
            var breachCount = 0
            if hasClauses {
                for k in 0..<redLineCount { breached[k] = false }
                for clause in clauses where !breached[clause.redLine] && cursor.satisfies(clause) {
                    breached[clause.redLine] = true
                    partyBreaches[clause.party] += 1
                    breachCount += 1
                }
            }
            var accepted = 0
            for p in 0..<parties {
                let accepting = meets[p] && partyBreaches[p] == 0
                accepts[p] = accepting
                if accepting { accepted += 1; acceptable[p] += 1 }
            }
            let unanimous = accepted == parties
            if unanimous { unanimousSize += 1 }
            let passes = unanimity ? unanimous : rule.passes(UnsafeBufferPointer(accepts))
            if strictlyAbove { strictlyAboveReservations += 1 }
            if meetsAll {
                meetingReservations += 1
                if breachCount > 0 {
                    for k in 0..<redLineCount where breached[k] { blocks[k] += 1 }
                }
            }
            if passes {
                zoneSize += 1
                for p in 0..<parties {
                    if accepts[p] { accepting[p] += 1 }
                    if utilities[p] < zoneMinimum[p] { zoneMinimum[p] = utilities[p] }
                }
                // Keep the package as a frontier candidate unless a pivot (for two parties, a package
                // admitted before, see ``Staircase``) dominates it with a margin. That package is at
                // least as good for every party, so it is as high on each party's ideal and at least
                // as close to the best utilities (each gap shrinks as a utility rises), and it was
                // counted when admitted: the ideal point and the opposition need only the candidates.
                let admitted: Bool
                if let staircase { admitted = staircase.admits(utilities[0], utilities[1]) } else { admitted = pivots.admits(utilities) }
                if admitted {
                    keep(index, utilities, best: best, ideal: ideal, indices: &zoneIndices, values: &zoneUtilities, opposition: &opposition)
                }
            }
            if unanimity {
                closest.consider(index: index, breaches: breachCount, total: total, worst: worst)
            } else {
                // What the package needs to pass: the cheapest set of parties whose acceptance would do.
                let cost = rule.cheapestPassingSet(breaches: UnsafeBufferPointer(partyBreaches), shortfalls: UnsafeBufferPointer(shortfalls),
                                                   order: &order)
                closest.consider(index: index, breaches: cost.breaches, total: cost.total, worst: cost.worst)
            }
            if sampleSeed != nil { cursor.draw(using: &rng) } else { cursor.advance() }
        }
        }
        }
        var summary = ChunkSummary(start: range.lowerBound, blocks: blocks, ideal: Array(ideal), closest: closest,
                                   acceptingByParty: Array(accepting), acceptableByParty: Array(acceptable),
                                   zoneMinimum: Array(zoneMinimum))
        summary.zoneSize = zoneSize
        summary.unanimousSize = unanimousSize
        summary.meetingReservations = meetingReservations
        summary.strictlyAboveReservations = strictlyAboveReservations
        summary.finish(zoneIndices: zoneIndices, zoneUtilities: zoneUtilities, opposition: opposition, parties: parties,
                       tolerance: options.tolerance)
        return summary
    }
}

/// A few points of the zone that maximise fixed positive weightings of the utilities, used to
/// discard most dominated packages before the frontier is filtered.
///
/// A maximiser of a positive weighting is never dominated, and any package a pivot dominates with a
/// margin (at least as good everywhere, better by more than the margin somewhere) is dominated in
/// the tolerant sense too, so discarding it never changes the frontier.
///
/// A class, as the owner of the flat buffers the scan's inner loop reads without bounds checks
/// (as ``PackageCursor``); each worker has its own, never shared between threads.
final class PivotSet {
    let dimension: Int
    let margin: Double
    /// Weight vectors, one per pivot (`count × dimension`): the axes, the diagonal, and a few fixed mixtures.
    private let weights: UnsafeMutableBufferPointer<Double>
    /// Each pivot's point (`count × dimension`) and its score under its weighting.
    private let points: UnsafeMutableBufferPointer<Double>
    private let scores: UnsafeMutableBufferPointer<Double>
    private let count: Int
    /// The pivot that discarded the last package discarded, tried first for the next one (neighbouring
    /// packages tend to fall to the same pivot).
    @exclusivity(unchecked) private var lastDiscarding = 0
    /// Two parties: the frontier so far instead of the weightings' maximisers (it lets 3,684 of
    /// Energy's 390,625 packages through, the pivots 4 to 10 %).
    /// The scan asks it directly, from a local reference (through this class, every package would
    /// retain and release it).
    let staircase: Staircase?

    init(dimension: Int, margin: Double) {
        self.dimension = dimension
        self.margin = margin
        var rng = SeededGenerator(seed: 0x5EED)
        var weights: [Double] = []
        staircase = dimension == 2 ? Staircase(margin: margin) : nil
        // Two parties use the staircase alone: no pivots. Otherwise one pivot per axis for up to 64
        // parties (beyond, the axes' dimension² weights would cost more memory than they save:
        // 10,000 parties, 800 MB), the diagonal, and a few fixed mixtures.
        if staircase == nil {
            if dimension <= 64 {
                for axis in 0..<dimension { weights += (0..<dimension).map { $0 == axis ? 1 : 0.001 } }
            }
            weights += [Double](repeating: 1, count: dimension)
            for _ in 0..<(dimension <= 2 ? 6 : 24) { weights += (0..<dimension).map { _ in Double.random(in: 0.05...1, using: &rng) } }
        }
        count = weights.count / max(1, dimension)
        self.weights = .allocate(capacity: weights.count)
        _ = self.weights.initialize(from: weights)
        points = .allocate(capacity: count * dimension)
        points.initialize(repeating: -.infinity)
        scores = .allocate(capacity: count)
        scores.initialize(repeating: -.infinity)
    }

    deinit {
        weights.deallocate()
        points.deallocate()
        scores.deallocate()
    }

    /// Whether `values` survives: no pivot dominates it with a margin. It also becomes the pivot of
    /// every weighting it scores best on.
    /// - Complexity: O(pivots × dimension).
    func admits(_ values: UnsafeBufferPointer<Double>) -> Bool {
        let dimension = dimension, margin = margin
        guard let weights = weights.baseAddress, let points = points.baseAddress, let scores = scores.baseAddress,
              let values = values.baseAddress else { return true }
        func dominates(_ k: Int) -> Bool {
            var someBetter = false
            let pivot = points + k * dimension
            for d in 0..<dimension {
                let p = pivot[d], value = values[d]
                if p < value { return false }
                if p > value + margin { someBetter = true }
            }
            return someBetter
        }
        if dominates(lastDiscarding) { return false }
        for k in 0..<count where k != lastDiscarding && dominates(k) {
            lastDiscarding = k
            return false
        }
        for k in 0..<count {
            let weight = weights + k * dimension
            var score = 0.0
            for d in 0..<dimension { score += weight[d] * values[d] }
            if score > scores[k] {
                scores[k] = score
                (points + k * dimension).update(from: values, count: dimension)
            }
        }
        return true
    }
}
