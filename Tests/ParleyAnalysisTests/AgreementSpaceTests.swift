import ParleyCore
import ParleyTestSupport
import Testing
@testable import ParleyAnalysis

/// Brute-force facts about a scenario, computed the slow, obvious way.
struct BruteForce {
    var zone: [Int] = []
    var utilities: [[Double]] = []

    init(_ model: UtilityModel) {
        let count = model.space.count!
        for index in 0..<count {
            let digits = model.space.package(at: index).options.map { $0! }
            let u = (0..<model.partyCount).map { model.utility($0, digits) }
            utilities.append(u)
            let rational = (0..<model.partyCount).allSatisfy { u[$0] >= model.reservations[$0] - 1e-9 }
            let breached = model.redLines.indices.contains { model.breaches($0, digits) }
            if rational && !breached { zone.append(index) }
        }
    }

    static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0 >= $1 - 1e-9 } && zip(a, b).contains { $0 > $1 + 1e-9 }
    }
}

@Suite struct AgreementSpaceTests {
    @Test(arguments: 1...40)
    func frontierPointsAreMutuallyNonDominated(seed: UInt64) throws {
        let model = UtilityModel(RandomScenario.make(seed: seed))
        let space = try AgreementSpace.map(model)
        for a in space.frontier {
            for b in space.frontier where a.index != b.index {
                #expect(!BruteForce.dominates(a.utilities, b.utilities), "seed \(seed): \(a.index) dominates \(b.index)")
            }
        }
    }

    /// The scan takes the ideal point and the opposition from the frontier candidates only (a
    /// pivot that discards a package is at least as good for everyone): they must equal the
    /// values over the whole zone, to the bit.
    @Test(arguments: 1...40)
    func idealPointAndOppositionAreThoseOfTheWholeZone(seed: UInt64) throws {
        let model = UtilityModel(RandomScenario.make(seed: seed, parties: 2...5, issues: 2...6))
        let space = try AgreementSpace.map(model)
        let brute = BruteForce(model)
        guard !brute.zone.isEmpty else { return }
        let ideal = (0..<model.partyCount).map { p in brute.zone.map { brute.utilities[$0][p] }.max()! }
        #expect(space.idealPoint == ideal, "seed \(seed)")
        let best = (0..<model.partyCount).map { model.utilityRange($0).upperBound }
        let nearest = brute.zone.map { index in
            (0..<model.partyCount).reduce(0.0) { sum, p in
                let gap = best[p] != 0 ? 1 - brute.utilities[index][p] / best[p] : 0
                return sum + gap * gap
            }
        }.min()!
        #expect(space.opposition == nearest.squareRoot(), "seed \(seed)")
    }

    @Test(arguments: 1...40)
    func everyOtherZonePackageIsDominatedByTheFrontier(seed: UInt64) throws {
        let model = UtilityModel(RandomScenario.make(seed: seed))
        let space = try AgreementSpace.map(model)
        let brute = BruteForce(model)
        #expect(space.zoneSize == brute.zone.count, "seed \(seed)")
        let onFrontier = Set(space.frontier.map(\.index))
        for index in brute.zone where !onFrontier.contains(index) {
            #expect(space.frontier.contains { BruteForce.dominates($0.utilities, brute.utilities[index]) },
                    "seed \(seed): package \(index) is neither on nor dominated by the frontier")
        }
        // And every frontier point is in the zone and is undominated within it.
        for point in space.frontier {
            #expect(brute.zone.contains(point.index))
            #expect(!brute.zone.contains { BruteForce.dominates(brute.utilities[$0], point.utilities) })
        }
    }

    @Test(arguments: 1...40)
    func nashMaximisesTheProductOfGains(seed: UInt64) throws {
        let model = UtilityModel(RandomScenario.make(seed: seed))
        let space = try AgreementSpace.map(model)
        let brute = BruteForce(model)
        func product(_ u: [Double]) -> Double { zip(u, model.reservations).reduce(1) { $0 * max(0, $1.0 - $1.1) } }
        guard let nash = space.solutions[.nash] else {
            #expect(brute.zone.isEmpty, "seed \(seed): a zone without a Nash solution")
            return
        }
        let best = brute.zone.map { product(brute.utilities[$0]) }.max()!
        #expect(abs(product(nash.utilities) - best) <= 1e-12, "seed \(seed)")
        let maxSum = brute.zone.map { brute.utilities[$0].reduce(0, +) }.max()!
        #expect(abs(space.solutions[.utilitarian]!.utilities.reduce(0, +) - maxSum) <= 1e-12)
        let maxMin = brute.zone.map { index in zip(brute.utilities[index], model.reservations).map { $0 - $1 }.min()! }.max()!
        let egalitarian = space.solutions[.egalitarian]!.utilities
        #expect(abs(zip(egalitarian, model.reservations).map { $0 - $1 }.min()! - maxMin) <= 1e-12)
    }

    /// Nash and Kalai–Smorodinsky pick the same packages, and the frontier is the same, when a
    /// party's utilities and reservation value go through u ↦ a·u + b with a > 0.
    @Test(arguments: 1...30)
    func solutionsAreInvariantUnderAffineRescaling(seed: UInt64) throws {
        var scenario = RandomScenario.make(seed: seed, redLines: false)
        let base = try AgreementSpace.map(UtilityModel(scenario))
        var rng = SeededGenerator(seed: seed &* 7919)
        let party = Int.random(in: 0..<scenario.parties.count, using: &rng)
        let a = Double.random(in: 0.2...5, using: &rng), b = Double.random(in: -3...3, using: &rng)
        var preferences = scenario.parties[party].preferences
        preferences.stances = preferences.stances.map { stance in
            stance.map { s in var s = s; s.values = s.values.map { Estimate(a * $0.value + b) }; return s }
        }
        preferences.reservation = Estimate(a * preferences.reservation.value + b)
        scenario.parties[party].preferences = preferences
        let scaled = try AgreementSpace.map(UtilityModel(scenario))
        #expect(base.zoneSize == scaled.zoneSize, "seed \(seed)")
        #expect(base.frontier.map(\.index) == scaled.frontier.map(\.index), "seed \(seed)")
        #expect(base.solutions[.nash]?.index == scaled.solutions[.nash]?.index, "seed \(seed)")
        #expect(base.solutions[.kalaiSmorodinsky]?.index == scaled.solutions[.kalaiSmorodinsky]?.index, "seed \(seed)")
    }

    /// Spaces larger than one chunk are split across threads; the merged result must equal brute force.
    @Test(arguments: [3, 11])
    func chunkedEnumerationMatchesBruteForce(seed: UInt64) throws {
        let scenario = RandomScenario.make(seed: seed, parties: 3...3, issues: 6...6, options: 6...6)
        let model = UtilityModel(scenario)
        #expect(model.space.count! > 40_000)
        let space = try AgreementSpace.map(model)
        let brute = BruteForce(model)
        #expect(space.zoneSize == brute.zone.count)
        // The frontier of the whole zone at once (ParetoFilter itself is checked against brute force).
        let kept = ParetoFilter.nonDominated(brute.zone.flatMap { brute.utilities[$0] }, dimension: model.partyCount)
        #expect(space.frontier.map(\.index) == kept.map { brute.zone[$0] })
    }

    @Test func refusesSpacesAboveTheLimit() {
        let model = UtilityModel(RandomScenario.make(seed: 5, issues: 4...4, options: 5...5))
        #expect(throws: OutcomeSpaceTooLarge.self) {
            try AgreementSpace.map(model, options: AgreementSpaceOptions(maxPackages: 100))
        }
    }

    @Test func closestPackagesRankFewestBreachesThenShortfall() throws {
        // Two parties with opposed values and high reservations: no zone.
        let issue = Issue(id: "x", name: "x", kind: .categorical,
                          options: ["a", "b", "c"].map { Option(id: Option.ID($0), name: $0) })
        func party(_ id: String, _ values: [Double], forbid: String? = nil) -> Party {
            Party(id: Party.ID(id), name: id, preferences: Preferences(
                reservation: Estimate(0.8), stances: [Stance(weight: Estimate(1), values: values.map { Estimate($0) })],
                redLines: forbid.map { [RedLine(id: RedLine.ID("no-\($0)"), rule: .forbid([Condition(issue: "x", options: [Option.ID($0)], text: $0)]))] } ?? []))
        }
        let scenario = Scenario(id: "t", title: "t", parties: [party("A", [1, 0.6, 0]), party("B", [0, 0.6, 1], forbid: "b")],
                                issues: [issue])
        let model = UtilityModel(scenario)
        let space = try AgreementSpace.map(model)
        #expect(space.zoneSize == 0)
        let byTotal = space.closest.filter { $0.criterion == .totalShortfall }
        // "b" has the smallest shortfall (0.4) but breaches B's red line, so a and c (0.8 each) come first.
        #expect(byTotal.map(\.index) == [0, 2, 1])
        #expect(byTotal[2].breaches == [0])
        #expect(abs(byTotal[0].totalShortfall - 0.8) < 1e-12)
    }
}

@Suite struct SamplingTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func aSampleIsReproducibleAndEstimatesTheZone(seed: UInt64) throws {
        let model = UtilityModel(RandomScenario.make(seed: 40 + seed, parties: 2...3, issues: 5...5, options: 6...6, redLines: false))
        let full = try AgreementSpace.map(model)
        var options = AgreementSpaceOptions()
        options.sample = 20_000
        options.seed = seed
        let first = try AgreementSpace.map(model, options: options)
        let second = try AgreementSpace.map(model, options: options)
        #expect(first == second, "the same seed gives the same sample")
        #expect(first.sampled == 20_000)
        let estimate = Double(first.zoneSize) / 20_000, truth = Double(full.zoneSize) / Double(full.packageCount)
        #expect(abs(estimate - truth) < 0.03, "seed \(seed): \(estimate) vs \(truth)")
        // Every sampled frontier point is a real package with the utilities the model gives it.
        for point in first.frontier {
            let digits = model.space.package(at: point.index).options.map { $0! }
            #expect((0..<model.partyCount).map { model.utility($0, digits) } == point.utilities)
        }
        #expect(Set(first.frontierIndices).count == first.frontierIndices.count)
    }

    @Test func spacesAboveTheLimitCanStillBeSampled() throws {
        let model = UtilityModel(RandomScenario.make(seed: 9, issues: 4...4, options: 5...5))
        var options = AgreementSpaceOptions(maxPackages: 100)
        options.sample = 1_000
        let space = try AgreementSpace.map(model, options: options)
        #expect(space.packageCount == 625)
        #expect(space.sampled == 1_000)
    }
}

/// --sample works on spaces too large to number (beyond 2^63 packages): packages are known by draw
/// number and drawn again to be named, so every package reported is the one whose utilities are shown.
@Suite struct HugeSpaceSampleTests {
    @Test func aSpaceOf10To20PackagesCanBeSampled() throws {
        let scenario = RandomScenario.make(seed: 5, parties: 3...3, issues: 20...20, options: 10...10, redLines: false)
        let model = UtilityModel(scenario)
        #expect(model.space.count == nil)
        var options = AgreementSpaceOptions()
        options.sample = 40_000
        options.seed = 3
        let space = try AgreementSpace.map(model, options: options)
        #expect(space.sampled == 40_000)
        #expect(space.approximatePackageCount == 1e20)
        #expect(!space.frontier.isEmpty)
        for point in space.frontier {
            let package = try #require(point.package)
            let digits = package.options.map { $0! }
            for p in 0..<model.partyCount { #expect(abs(model.utility(p, digits) - point.utilities[p]) < 1e-12) }
        }
        for close in space.closest {
            let digits = close.package.options.map { $0! }
            #expect(abs(model.utility(0, digits) - close.utilities[0]) < 1e-12)
        }
        // The same seed gives the same sample.
        #expect(try AgreementSpace.map(model, options: options).frontierUtilities == space.frontierUtilities)
    }
}
