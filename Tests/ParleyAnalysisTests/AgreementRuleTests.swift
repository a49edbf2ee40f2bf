import ParleyAnalysis
import ParleyCore
import ParleyTestSupport
import Testing

/// Agreement rules beyond unanimity, checked on seeded random scenarios against brute force and
/// against each other: the zone under a quota with vetoes contains the unanimous zone, shrinks as the
/// quota rises, equals it at quota n, and unanimity stated explicitly changes nothing.
@Suite struct AgreementRuleTests {
    static let seeds: [UInt64] = Array(1...30)

    /// Every package of the space with its evaluation, by brute force.
    static func evaluations(_ scenario: Scenario) -> [PackageEvaluation] {
        let model = UtilityModel(scenario)
        return (0..<model.space.count!).map { model.evaluate(model.space.package(at: $0), in: scenario) }
    }

    static func withRule(_ scenario: Scenario, _ rule: AgreementRule) -> Scenario {
        var changed = scenario
        changed.agreement = rule
        return changed
    }

    @Test(arguments: seeds)
    func theZoneIsThePassingPackagesAndItsCountsAgreeWithBruteForce(seed: UInt64) throws {
        let base = RandomScenario.make(seed: seed, parties: 3...5)
        let n = base.parties.count
        var rng = SeededGenerator(seed: seed &* 7919)
        let quota = Int.random(in: 1...n, using: &rng)
        let vetoes = base.parties.map(\.id).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.3 }.prefix(quota)
        for rule in [AgreementRule.quota(quota, vetoes: Array(vetoes)),
                     .weighted(threshold: Double.random(in: 0.3...1, using: &rng),
                               weights: .stated(base.parties.map { PartyWeight(party: $0.id, weight: Double.random(in: 0.1...3, using: &rng)) }),
                               minimumParties: Int.random(in: 1...n, using: &rng), vetoes: Array(vetoes.prefix(1)))] {
            let scenario = Self.withRule(base, rule)
            let space = try AgreementSpace.map(UtilityModel(scenario))
            let all = Self.evaluations(scenario)
            let passing = all.enumerated().filter { $0.element.passes }.map(\.offset)
            #expect(space.zoneSize == passing.count, "seed \(seed) \(rule)")
            #expect(space.unanimousSize == all.count { $0.acceptedByAll }, "seed \(seed)")
            for p in 0..<n {
                #expect(space.acceptableByParty[p] == all.count { $0.verdicts[p].accepts }, "seed \(seed) party \(p)")
                #expect(space.acceptingByParty[p] == passing.count { all[$0].verdicts[p].accepts }, "seed \(seed) party \(p)")
            }
            // The frontier and every solution are passing packages.
            let passingSet = Set(passing)
            for point in space.frontier { #expect(passingSet.contains(point.index), "seed \(seed)") }
            for (_, point) in space.solutions { #expect(passingSet.contains(point.index), "seed \(seed)") }
            // Every veto party accepts every passing package.
            for index in passing {
                for veto in rule.vetoes { #expect(all[index].verdicts[base.partyIndex(of: veto)!].accepts, "seed \(seed)") }
            }
        }
    }

    @Test(arguments: seeds)
    func theZoneGrowsAsTheQuotaFallsAndIsTheUnanimousZoneAtQuotaN(seed: UInt64) throws {
        let base = RandomScenario.make(seed: seed, parties: 3...5)
        let n = base.parties.count
        let unanimous = try AgreementSpace.map(UtilityModel(base))
        let vetoes = [base.parties[0].id]
        var previous = Int.max
        for quota in 1...n {
            let space = try AgreementSpace.map(UtilityModel(Self.withRule(base, .quota(quota, vetoes: vetoes))))
            #expect(space.zoneSize >= unanimous.zoneSize, "seed \(seed) quota \(quota)")
            #expect(space.zoneSize <= previous, "seed \(seed): the zone grew from quota \(quota - 1) to \(quota)")
            #expect(space.unanimousSize == unanimous.zoneSize, "seed \(seed)")
            previous = space.zoneSize
            if quota == n {
                #expect(space.zoneSize == unanimous.zoneSize, "seed \(seed)")
                #expect(space.frontierIndices == unanimous.frontierIndices, "seed \(seed)")
                #expect(space.solutions == unanimous.solutions, "seed \(seed)")
            }
        }
    }

    @Test(arguments: seeds)
    func unanimityStatedOrImpliedGivesTheSameResults(seed: UInt64) throws {
        let base = RandomScenario.make(seed: seed)
        let implied = try AgreementSpace.map(UtilityModel(base))
        #expect(implied.unanimousSize == implied.zoneSize)
        #expect(implied.disagreement == UtilityModel(base).reservations)
        #expect(implied.acceptingByParty.allSatisfy { $0 == implied.zoneSize })
        for close in implied.closest { #expect(close.needed == Array(0..<base.parties.count)) }
        let evaluations = Self.evaluations(base)
        #expect(evaluations.allSatisfy { $0.passes == $0.acceptedByAll && $0.blockedBy.isEmpty }, "seed \(seed)")
    }

    @Test(arguments: seeds)
    func theClosestPackagesNeedTheCheapestPassingSet(seed: UInt64) throws {
        let base = RandomScenario.make(seed: seed, parties: 3...5, redLines: false)
        let n = base.parties.count
        let quota = max(1, n - 1)
        let scenario = Self.withRule(base, .quota(quota, vetoes: [base.parties[0].id]))
        let model = UtilityModel(scenario)
        let space = try AgreementSpace.map(model)
        // Brute force: the smallest total shortfall of a set the rule accepts, over every package.
        var best = Double.infinity
        for index in 0..<model.space.count! {
            let digits = model.space.package(at: index).options.map { $0! }
            let shortfalls = (0..<n).map { p -> Double in
                let u = model.utility(p, digits)
                return Acceptance.meetsReservation(utility: u, reservation: model.reservations[p]) ? 0 : model.reservations[p] - u
            }
            let others = (1..<n).map { shortfalls[$0] }.sorted().prefix(quota - 1).reduce(0, +)
            best = min(best, shortfalls[0] + others)
        }
        let first = try #require(space.closest.first { $0.criterion == .totalShortfall })
        #expect(abs(first.totalShortfall - best) < 1e-9, "seed \(seed)")
        #expect(first.needed.contains(0), "seed \(seed): the veto party is always needed")
        #expect(first.needed.count == quota, "seed \(seed)")
    }

    @Test func aWeightedRuleCountsShares() {
        let base = RandomScenario.make(seed: 3, parties: 4...4)
        let rule = CompiledRule(Self.withRule(base, .weighted(
            threshold: 0.6, weights: .stated(base.parties.enumerated().map { PartyWeight(party: $0.element.id, weight: Double($0.offset + 1)) }),
            minimumParties: 2, vetoes: [])))
        // Shares 0.1, 0.2, 0.3, 0.4.
        #expect(rule.passes([false, false, true, true]))            // 0.7
        #expect(rule.passes([true, true, false, true]))             // 0.7
        #expect(rule.passes([true, true, true, false]))             // 0.6: at the threshold
        #expect(rule.passes([false, true, false, true]))            // 0.6 at the threshold
        #expect(!rule.passes([false, false, false, true]))          // 0.4, and only one party
        #expect(!rule.passes([true, false, true, false]))           // 0.4
    }
}
