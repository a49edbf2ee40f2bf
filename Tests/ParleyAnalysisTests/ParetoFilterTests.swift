import ParleyCore
import Testing
@testable import ParleyAnalysis

@Suite struct ParetoFilterTests {
    static func bruteForce(_ data: [Double], dimension: Int) -> [Int] {
        let count = data.count / dimension
        return (0..<count).filter { b in
            !(0..<count).contains { a in ParetoFilter.dominates(data, a, b, dimension: dimension, tolerance: 1e-9) }
        }
    }

    @Test(arguments: [(1, 2), (2, 2), (3, 3), (4, 3), (5, 4), (6, 5), (7, 2), (8, 3)])
    func matchesBruteForce(seed: UInt64, dimension: Int) {
        var rng = SeededGenerator(seed: seed)
        // Coarse values so that ties and duplicates occur.
        let data = (0..<(300 * dimension)).map { _ in Double(Int.random(in: 0...12, using: &rng)) / 12 }
        #expect(ParetoFilter.nonDominated(data, dimension: dimension) == Self.bruteForce(data, dimension: dimension),
                "seed \(seed), dimension \(dimension)")
    }

    @Test func keepsDuplicatesAndDropsPointsWithinToleranceOfADominator() {
        // (1, 1) twice: both kept. (1, 0.5 + 1e-12) vs (1, 0.5): no strict gain beyond the tolerance, both kept.
        let data: [Double] = [1, 1, 1, 1, 0.5, 0.5, 0, 2, 1, 0.4]
        #expect(ParetoFilter.nonDominated(data, dimension: 2) == [0, 1, 3])
    }

    @Test func oneDimensionKeepsEveryMaximum() {
        #expect(ParetoFilter.nonDominated([0.2, 0.9, 0.9, 0.1], dimension: 1) == [1, 2])
    }

    @Test func distinctVectorsGroupEqualPointsInOrderOfFirstAppearance() {
        // (0.5, 0), (1, 1), (0.5, -0), (1, 1), (0, 0.5): zero and minus zero are one coordinate.
        let data: [Double] = [0.5, 0, 1, 1, 0.5, -0.0, 1, 1, 0, 0.5]
        let (unique, groupOf) = ParetoFilter.distinctVectors(data, count: 5, dimension: 2)
        #expect(unique == [0, 1, 4])
        #expect(groupOf == [0, 1, 0, 1, 2])
        // Many points with few distinct values: every point lands in the group of an equal one.
        var rng = SeededGenerator(seed: 11)
        let many = (0..<(3 * 5_000)).map { _ in Double(Int.random(in: 0...3, using: &rng)) }
        let (firsts, groups) = ParetoFilter.distinctVectors(many, count: 5_000, dimension: 3)
        #expect(firsts.count == 64)
        for i in 0..<5_000 {
            let first = firsts[groups[i]]
            #expect(many[3 * first..<3 * first + 3] == many[3 * i..<3 * i + 3] && first <= i)
        }
    }
}
