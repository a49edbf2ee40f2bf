import ParleyCore

extension ChunkSummary {
    /// Whether ``scanUnanimous(_:_:range:options:pivots:)`` may stand in for the general scan: the
    /// rule is unanimity, no red line has a clause, the packages are visited in index order, and
    /// there is at least one issue and one party.
    static func admitsUnanimousScan(_ model: UtilityModel, sampled: Bool) -> Bool {
        model.rule.isUnanimity && model.clauses.isEmpty && !sampled && model.issueCount > 0 && model.partyCount > 0
    }

    /// The scan of the most common case (unanimity, no red lines, every package in order), with the
    /// same result as the general ``scan(_:_:range:options:sampleSeed:numbered:pivots:)`` to the bit
    /// (`SpecialisedScanTests` compares every field on seeded random models and ranges).
    ///
    /// A package passes exactly when every party meets its reservation value, so the per-party
    /// acceptance columns, the rule, the red-line counters and the cheapest passing set all fall
    /// away: the unanimous, meeting and passing counts are one count, and every party accepts every
    /// passing package. The packages are taken a run at a time along the last issue (the one that
    /// varies fastest): within a run only that issue's option changes, so each party's utility is
    /// its sum over the other issues (the cursor's running sum, fixed for the run) plus the
    /// option's contribution: the same two terms, added in the same order, as the cursor's.
    static func scanUnanimous(_ model: UtilityModel, _ cursor: inout PackageCursor, range: Range<Int>,
                              options: AgreementSpaceOptions, pivots: PivotSet) -> ChunkSummary {
        let parties = model.partyCount
        let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let acceptable = UnsafeMutableBufferPointer<Int>.allocate(capacity: parties)
        let ideal = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let zoneMinimum = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let reservations = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        let best = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties)
        defer {
            values.deallocate(); acceptable.deallocate(); ideal.deallocate(); zoneMinimum.deallocate()
            reservations.deallocate(); best.deallocate()
        }
        values.initialize(repeating: 0); acceptable.initialize(repeating: 0)
        ideal.initialize(repeating: -.infinity); zoneMinimum.initialize(repeating: .infinity)
        _ = reservations.initialize(from: model.reservations)
        for p in 0..<parties { best[p] = model.utilityRange(p).upperBound }
        var zoneIndices: [Int] = []
        var zoneUtilities: [Double] = []
        zoneIndices.reserveCapacity(min(range.count, 1_024))
        zoneUtilities.reserveCapacity(min(range.count, 1_024) * parties)
        let tolerance = options.reservationTolerance
        var zoneSize = 0, strictlyAboveReservations = 0
        var opposition = Double.infinity
        var closest = ClosestTracker(limit: options.closestCount)
        let staircase = pivots.staircase
        // The cursor's flat buffers: the running sums of the issues before the last, and the
        // contributions of the last issue's options.
        let last = model.issueCount - 1
        let radix = cursor.radices[last], rowLength = cursor.rowLength
        let sums = cursor.partial.baseAddress! + last * parties
        let contributions = cursor.contributions.baseAddress! + cursor.starts[last]
        // Once the closest lists are settled (full of packages that need nothing), no later package
        // of the chunk can enter them: they are no longer consulted.
        var settled = closest.isSettled
        var ordinal = range.lowerBound
        if let staircase, parties == 2 {
            // Two parties, the usual case of the field's benchmarks: everything in registers.
            let r0 = reservations[0], r1 = reservations[1], best0 = best[0], best1 = best[1]
            let c0 = contributions, c1 = contributions + rowLength
            var acceptable0 = 0, acceptable1 = 0
            var minimum0 = Double.infinity, minimum1 = Double.infinity
            var ideal0 = -Double.infinity, ideal1 = -Double.infinity
            while ordinal < range.upperBound {
                let first = cursor.digits[last]
                let run = min(radix - first, range.upperBound - ordinal)
                let s0 = sums[0], s1 = sums[1]
                for option in first..<(first + run) {
                    let u0 = s0 + c0[option], u1 = s1 + c1[option]
                    let shortfall0 = r0 - u0, shortfall1 = r1 - u1
                    if !(shortfall0 >= 0) && !(shortfall1 >= 0) { strictlyAboveReservations += 1 }
                    let met0 = Acceptance.meetsReservation(utility: u0, reservation: r0, tolerance: tolerance)
                    let met1 = Acceptance.meetsReservation(utility: u1, reservation: r1, tolerance: tolerance)
                    if met0 { acceptable0 += 1 }
                    if met1 { acceptable1 += 1 }
                    if met0 && met1 {
                        zoneSize += 1
                        if u0 < minimum0 { minimum0 = u0 }
                        if u1 < minimum1 { minimum1 = u1 }
                        if staircase.admits(u0, u1) {
                            zoneIndices.append(ordinal)
                            zoneUtilities.append(u0)
                            zoneUtilities.append(u1)
                            if u0 > ideal0 { ideal0 = u0 }
                            if u1 > ideal1 { ideal1 = u1 }
                            let gap0 = best0 != 0 ? 1 - u0 / best0 : 0, gap1 = best1 != 0 ? 1 - u1 / best1 : 0
                            var distance = 0.0
                            distance += gap0 * gap0
                            distance += gap1 * gap1
                            opposition = min(opposition, distance)
                        }
                    }
                    if !settled {
                        var total = 0.0, worst = 0.0
                        if !met0 { total += shortfall0; worst = max(worst, shortfall0) }
                        if !met1 { total += shortfall1; worst = max(worst, shortfall1) }
                        closest.consider(index: ordinal, breaches: 0, total: total, worst: worst)
                        settled = closest.isSettled
                    }
                    ordinal += 1
                }
                cursor.advanceAlongLastIssue(by: run)
            }
            acceptable[0] = acceptable0; acceptable[1] = acceptable1
            zoneMinimum[0] = minimum0; zoneMinimum[1] = minimum1
            ideal[0] = ideal0; ideal[1] = ideal1
        } else {
            while ordinal < range.upperBound {
                let first = cursor.digits[last]
                let run = min(radix - first, range.upperBound - ordinal)
                for option in first..<(first + run) {
                    var meetsAll = true, strictlyAbove = true
                    var total = 0.0, worst = 0.0
                    for p in 0..<parties {
                        let u = sums[p] + contributions[p * rowLength + option]
                        values[p] = u
                        let shortfall = reservations[p] - u
                        if shortfall >= 0 { strictlyAbove = false }
                        if Acceptance.meetsReservation(utility: u, reservation: reservations[p], tolerance: tolerance) {
                            acceptable[p] += 1
                        } else {
                            meetsAll = false
                            total += shortfall
                            worst = max(worst, shortfall)
                        }
                    }
                    if strictlyAbove { strictlyAboveReservations += 1 }
                    if meetsAll {
                        zoneSize += 1
                        for p in 0..<parties where values[p] < zoneMinimum[p] { zoneMinimum[p] = values[p] }
                        // As in the general scan: a candidate unless a package admitted before dominates it.
                        if pivots.admits(UnsafeBufferPointer(values)) {
                            keep(ordinal, UnsafeBufferPointer(values), best: UnsafeBufferPointer(best), ideal: ideal,
                                 indices: &zoneIndices, values: &zoneUtilities, opposition: &opposition)
                        }
                    }
                    if !settled {
                        closest.consider(index: ordinal, breaches: 0, total: total, worst: worst)
                        settled = closest.isSettled
                    }
                    ordinal += 1
                }
                cursor.advanceAlongLastIssue(by: run)
            }
        }
        var summary = ChunkSummary(start: range.lowerBound, blocks: [Int](repeating: 0, count: model.redLines.count),
                                   ideal: Array(ideal), closest: closest,
                                   acceptingByParty: [Int](repeating: zoneSize, count: parties),
                                   acceptableByParty: Array(acceptable), zoneMinimum: Array(zoneMinimum))
        summary.zoneSize = zoneSize
        summary.unanimousSize = zoneSize
        summary.meetingReservations = zoneSize
        summary.strictlyAboveReservations = strictlyAboveReservations
        summary.finish(zoneIndices: zoneIndices, zoneUtilities: zoneUtilities, opposition: opposition, parties: parties,
                       tolerance: options.tolerance)
        return summary
    }

    /// Keeps a frontier candidate: its index and utilities, and its part in the chunk's ideal point
    /// and opposition (kept squared: the square root, monotone and correctly rounded, is taken once
    /// at the end).
    @inline(__always)
    static func keep(_ index: Int, _ utilities: UnsafeBufferPointer<Double>, best: UnsafeBufferPointer<Double>,
                     ideal: UnsafeMutableBufferPointer<Double>, indices: inout [Int], values: inout [Double],
                     opposition: inout Double) {
        indices.append(index)
        values.append(contentsOf: utilities)
        var distance = 0.0
        for p in 0..<utilities.count {
            let u = utilities[p]
            if u > ideal[p] { ideal[p] = u }
            let gap = best[p] != 0 ? 1 - u / best[p] : 0
            distance += gap * gap
        }
        opposition = min(opposition, distance)
    }

    /// The chunk's frontier candidates filtered to the non-dominated ones, and the opposition
    /// (kept squared during the scan) as a distance.
    mutating func finish(zoneIndices: [Int], zoneUtilities: [Double], opposition: Double, parties: Int, tolerance: Double) {
        self.opposition = opposition.squareRoot()
        let kept = ParetoFilter.nonDominated(zoneUtilities, dimension: parties, tolerance: tolerance)
        frontierIndices = kept.map { zoneIndices[$0] }
        frontierUtilities = kept.flatMap { zoneUtilities[$0 * parties..<($0 + 1) * parties] }
    }
}
