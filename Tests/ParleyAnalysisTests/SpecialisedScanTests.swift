import ParleyCore
import ParleyTestSupport
import Testing
@testable import ParleyAnalysis

/// The scan specialised to unanimity without red lines gives what the general scan gives, field by
/// field and to the bit, on seeded random models and on chunks that start and end anywhere (inside a
/// run of the last issue's options, or at its ends).
@Suite struct SpecialisedScanTests {
    @Test(arguments: 1...60)
    func theUnanimousScanIsTheGeneralScan(seed: UInt64) {
        var scenario = RandomScenario.make(seed: seed, parties: 1...5, issues: 1...5, options: 1...6, redLines: false)
        var rng = SeededGenerator(seed: seed &* 7919)
        // Half the models with demanding reservation values: small or empty zones, where the
        // closest packages are those that fall short.
        if seed % 2 == 0 {
            for p in scenario.parties.indices {
                scenario.parties[p].preferences.reservation = Estimate(Double.random(in: 0.4...0.95, using: &rng))
            }
        }
        let model = UtilityModel(scenario)
        #expect(ChunkSummary.admitsUnanimousScan(model, sampled: false))
        let count = model.space.count!
        var ranges = [0..<count]
        for _ in 0..<4 {
            let a = Int.random(in: 0...count, using: &rng), b = Int.random(in: 0...count, using: &rng)
            ranges.append(min(a, b)..<max(a, b))
        }
        for range in ranges {
            let options = AgreementSpaceOptions(closestCount: Int.random(in: 0...5, using: &rng))
            var generalCursor = PackageCursor(model, at: range.isEmpty ? 0 : range.lowerBound)
            var fastCursor = PackageCursor(model, at: range.isEmpty ? 0 : range.lowerBound)
            let general = ChunkSummary.scan(model, &generalCursor, range: range, options: options,
                                            pivots: PivotSet(dimension: model.partyCount, margin: options.tolerance), general: true)
            let fast = ChunkSummary.scan(model, &fastCursor, range: range, options: options,
                                         pivots: PivotSet(dimension: model.partyCount, margin: options.tolerance))
            let context = "seed \(seed), range \(range)"
            #expect(fast.start == general.start, "\(context)")
            #expect(fast.zoneSize == general.zoneSize, "\(context)")
            #expect(fast.unanimousSize == general.unanimousSize, "\(context)")
            #expect(fast.meetingReservations == general.meetingReservations, "\(context)")
            #expect(fast.strictlyAboveReservations == general.strictlyAboveReservations, "\(context)")
            #expect(fast.blocks == general.blocks, "\(context)")
            #expect(fast.frontierIndices == general.frontierIndices, "\(context)")
            #expect(fast.frontierUtilities == general.frontierUtilities, "\(context)")
            #expect(fast.ideal == general.ideal, "\(context)")
            #expect(fast.opposition == general.opposition, "\(context)")
            #expect(fast.acceptingByParty == general.acceptingByParty, "\(context)")
            #expect(fast.acceptableByParty == general.acceptableByParty, "\(context)")
            #expect(fast.zoneMinimum == general.zoneMinimum, "\(context)")
            func entries(_ list: [ClosestTracker.Entry]) -> [[Double]] {
                list.map { [Double($0.index), Double($0.breaches), $0.total, $0.worst] }
            }
            #expect(entries(fast.closest.byTotal) == entries(general.closest.byTotal), "\(context)")
            #expect(entries(fast.closest.byWorst) == entries(general.closest.byWorst), "\(context)")
        }
    }

    @Test func redLinesAnotherRuleOrSamplingTakeTheGeneralScan() {
        let withRedLines = (1...40).map { UtilityModel(RandomScenario.make(seed: $0)) }.first { !$0.clauses.isEmpty }!
        #expect(!ChunkSummary.admitsUnanimousScan(withRedLines, sampled: false))
        let plain = UtilityModel(RandomScenario.make(seed: 3, redLines: false))
        #expect(!ChunkSummary.admitsUnanimousScan(plain, sampled: true))
    }
}
