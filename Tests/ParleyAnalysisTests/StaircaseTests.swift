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

    @Test func keepsAFrontierOfThousandsInOrder() {
        // 3,000 pairs on a line of slope −1, in a shuffled order: none dominates another, all are
        // kept; then each pair shifted down by twice the margin is discarded.
        var rng = SeededGenerator(seed: 5)
        let staircase = Staircase(margin: 1e-9)
        let xs = (0..<3_000).map { Double($0) / 3_000 }.shuffled(using: &rng)
        for x in xs { #expect(staircase.admits(x, 1 - x)) }
        #expect(staircase.count == 3_000)
        #expect(xs.allSatisfy { !staircase.admits($0, 1 - $0 - 2e-9) })
        // A pair above the line replaces the run of pairs it dominates.
        #expect(staircase.admits(0.5, 0.6))
        #expect(staircase.count == 3_000 - 301 + 1)
    }
}
