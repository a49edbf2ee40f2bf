import ParleyCore
import Testing
@testable import ParleyAnalysis

/// The two-party staircase discards exactly the pairs that some pair admitted before dominates with
/// a margin (its kept pairs are a subset, but whatever an admitted pair dominates, a kept one does).
@Suite struct StaircaseTests {
    @Test(arguments: 1...12)
    func discardsWhatAnEarlierAdmittedPairDominatesWithAMargin(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let margin = seed % 3 == 0 ? 0 : 1e-9
        let staircase = Staircase(margin: margin)
        var admitted: [(Double, Double)] = []
        for _ in 0..<2_000 {
            // Coarse values, so that ties and pairs within the margin occur; now and then a nudge
            // smaller than the margin.
            var x = Double(Int.random(in: 0...30, using: &rng)) / 30, y = Double(Int.random(in: 0...30, using: &rng)) / 30
            if Int.random(in: 0..<5, using: &rng) == 0 { x += 4e-10 }
            if Int.random(in: 0..<5, using: &rng) == 0 { y -= 4e-10 }
            let dominated = admitted.contains { a in
                a.0 >= x && a.1 >= y && (a.0 > x + margin || a.1 > y + margin)
            }
            #expect(staircase.admits(x, y) == !dominated, "seed \(seed): (\(x), \(y))")
            if !dominated { admitted.append((x, y)) }
        }
        #expect(staircase.count <= admitted.count)
    }
}
