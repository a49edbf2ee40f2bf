import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleySimulation

@Suite struct ProtocolTests {
    static let yaml = """
        parley: 1
        id: s
        title: split
        parties: [{id: A}, {id: B}]
        issues:
          - id: share
            kind: numeric
            range: {min: 0, max: 100, step: 10}
        preferences:
          A: {reservation: 0.2, issues: {share: {weight: 1, ideal: 100}}}
          B: {reservation: 0.2, issues: {share: {weight: 1, ideal: 0}}}
        """

    static func model() throws -> UtilityModel {
        UtilityModel(try ScenarioReader.read(Self.yaml, file: "s.yaml").scenario)
    }

    @Test func twoLinearNegotiatorsMeetInTheMiddle() throws {
        let result = StackedAlternatingOffers(rounds: 50).run(try Self.model(), negotiators: [TimeDependentNegotiator.linear(), TimeDependentNegotiator.linear()])
        let agreement = try #require(result.agreement)
        // Symmetric concession: the split ends near 50 (within one step of the grid).
        #expect([4, 5, 6].contains(agreement))
        #expect(result.payoffs.allSatisfy { $0 >= 0.2 })
        #expect(result.trace.last?.action == .accept)
    }

    @Test func theSameNegotiatorsGiveTheSameTrace() throws {
        let model = try Self.model()
        let first = StackedAlternatingOffers(rounds: 30).run(model, negotiators: [TimeDependentNegotiator.boulware(), TimeDependentNegotiator.conceder()])
        let second = StackedAlternatingOffers(rounds: 30).run(model, negotiators: [TimeDependentNegotiator.boulware(), TimeDependentNegotiator.conceder()])
        #expect(first == second)
        // The conceder gives ground first, so the Boulware negotiator does better.
        let agreement = try #require(first.agreement)
        #expect(first.payoffs[0] > first.payoffs[1], "agreement at \(agreement)")
    }

    @Test func twoHardlinersNeverAgree() throws {
        let result = StackedAlternatingOffers(rounds: 20).run(try Self.model(), negotiators: [TimeDependentNegotiator.hardliner(), TimeDependentNegotiator.hardliner()])
        #expect(result.agreement == nil)
        #expect(result.payoffs == [0.2, 0.2])
        #expect(result.trace.count == 40)
    }

    @Test func acceptanceConditionsCompose() {
        let condition = AcceptanceCondition.any([.next, .all([.time(0.9), .constant(0.3)])])
        #expect(condition.accepts(offered: 0.6, next: 0.5, time: 0))
        #expect(!condition.accepts(offered: 0.4, next: 0.5, time: 0.5))
        #expect(condition.accepts(offered: 0.4, next: 0.5, time: 0.95))
        #expect(!condition.accepts(offered: 0.2, next: 0.5, time: 0.95))
    }
}

@Suite struct NashSeekingTests {
    @Test func theFrequencyModelLearnsWhatIsOfferedOften() {
        var model = FrequencyModel(radices: [3, 2])
        model.observe([2, 0])
        model.observe([2, 1])
        model.observe([2, 0])
        // Issue 0 never changes (2, 2, 2): it weighs more and option 2 is valued.
        #expect(model.utility([2, 0]) > model.utility([0, 0]))
        #expect(model.weights[0] > model.weights[1])
    }

    @Test func twoNashSeekersAgreeOnASplitBothAccept() throws {
        let model = try ProtocolTests.model()
        let result = StackedAlternatingOffers(rounds: 50).run(model, negotiators: [
            NashSeekingNegotiator(space: model.space), NashSeekingNegotiator(space: model.space)])
        let agreement = try #require(result.agreement)
        #expect((2...8).contains(agreement))
        #expect(result.payoffs.allSatisfy { $0 >= 0.2 })
    }
    /// The binary-searched proposal is the worst package at least as good as the target, the same
    /// one a scan of the whole ranked list finds (seeded random utilities, ties and red lines).
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func proposalMatchesAScan(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...300, using: &random)
        let utilities = (0..<count).map { _ in (Double.random(in: 0...1, using: &random) * 20).rounded() / 20 }
        let forbidden = (0..<count).map { _ in Double.random(in: 0...1, using: &random) < 0.1 }
        let reservation = Double.random(in: 0...0.5, using: &random)
        var negotiator = TimeDependentNegotiator(name: "t", exponent: Double.random(in: 0.1...5, using: &random))
        negotiator.start(NegotiationContext(party: 0, utilities: utilities, forbidden: forbidden, reservation: reservation, rounds: 10))
        let ranked = utilities.indices.filter { !forbidden[$0] && utilities[$0] >= reservation - 1e-12 }
            .sorted { utilities[$0] > utilities[$1] || (utilities[$0] == utilities[$1] && $0 < $1) }
        for step in 0...20 {
            let time = Double(step) / 20
            let goal = negotiator.target(time)
            let expected = ranked.last { utilities[$0] >= goal - 1e-12 } ?? ranked.first
            #expect(negotiator.proposal(time) == expected, "time \(time)")
        }
    }
    /// The radix-sorted ranking equals a comparison sort (descending utility, ties by ascending
    /// package), over short and long arrays with negative utilities, duplicates and signed zeros.
    @Test(arguments: [UInt64(11), 12, 13])
    func rankingMatchesAComparisonSort(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for count in [0, 1, 7, 2_048, 2_049, 20_000] {
            let utilities = (0..<count).map { _ -> Double in
                switch Int.random(in: 0..<4, using: &random) {
                case 0: return (Double.random(in: -2...2, using: &random) * 8).rounded() / 8
                case 1: return Bool.random(using: &random) ? 0.0 : -0.0
                default: return Double.random(in: -1e6...1e6, using: &random)
                }
            }
            let forbidden = (0..<count).map { _ in Double.random(in: 0...1, using: &random) < 0.05 }
            let reservation = -1.5
            let ranking = AcceptableRanking(NegotiationContext(party: 0, utilities: utilities, forbidden: forbidden, reservation: reservation, rounds: 1))
            let expected = utilities.indices.filter { !forbidden[$0] && utilities[$0] >= reservation - 1e-12 }
                .sorted { utilities[$0] > utilities[$1] || (utilities[$0] == utilities[$1] && $0 < $1) }
            #expect(ranking.packages == expected, "\(count) packages")
            #expect(ranking.utilities == expected.map { utilities[$0] })
        }
    }
    /// The utility and red-line tables, filled in chunks on all cores by stepping an odometer,
    /// equal the model evaluated package by package (a space larger than one chunk).
    @Test func tablesMatchThePackageByPackageModel() throws {
        let yaml = """
            parley: 1
            id: t
            title: tables
            parties: [{id: A}, {id: B}]
            issues:
              - {id: share, kind: numeric, range: {min: 0, max: 100, step: 1}}
              - {id: time, kind: numeric, range: {min: 0, max: 500, step: 1}}
              - id: venue
                kind: categorical
                options: [{id: geneva}, {id: vienna}]
            preferences:
              A:
                reservation: 0.2
                issues: {share: {weight: 0.5, ideal: 100}, time: {weight: 0.25, ideal: 0}, venue: {weight: 0.25, values: {geneva: 1, vienna: 0.3}}}
                red-lines: [{id: no-vienna, forbid: {venue: [vienna]}}]
              B: {reservation: 0.2, issues: {share: {weight: 0.5, ideal: 0}, time: {weight: 0.5, ideal: 300}}}
            """
        let model = UtilityModel(try ScenarioReader.read(yaml, file: "t.yaml").scenario)
        let count = try #require(model.space.count)
        #expect(count == 101 * 501 * 2)
        let (utilities, forbidden) = StackedAlternatingOffers.tables(model)
        var digits = [Int](repeating: 0, count: model.issueCount)
        var mismatches = 0
        for index in 0..<count {
            model.space.digits(of: index, into: &digits)
            for p in 0..<2 where utilities[p][index] != model.utility(p, digits) { mismatches += 1 }
            let breached = [0, 1].map { p in model.redLines.indices.contains { model.redLines[$0].party == p && model.breaches($0, digits) } }
            if forbidden[0][index] != breached[0] || forbidden[1][index] != breached[1] { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(forbidden[0].filter { $0 }.count == count / 2)
    }
}

@Suite struct BaselineTests {
    @Test func randomRunsRepeatWithTheSeedAndStayAcceptable() throws {
        let model = try ProtocolTests.model()
        let run = { (seed: UInt64) in
            StackedAlternatingOffers(rounds: 40).run(model, negotiators: [RandomNegotiator(seed: seed), RandomNegotiator(seed: seed + 1)])
        }
        #expect(run(7) == run(7))
        let traces = (1...5).map { run(UInt64($0) * 10).trace.map(\.package) }
        #expect(Set(traces).count > 1, "different seeds give different negotiations")
        // Each party only ever offers packages worth at least its reservation value (0.2).
        for seed in 1...20 {
            for step in run(UInt64(seed)).trace where step.action == .offer {
                #expect(step.utilities[step.party] >= 0.2 - 1e-9)
            }
        }
    }

    @Test func titForTatConcedesOnlyWhenTheOtherDoes() throws {
        let model = try ProtocolTests.model()
        // Against a hardliner it never moves from its best package, and there is no deal.
        let stubborn = StackedAlternatingOffers(rounds: 30).run(model, negotiators: [TitForTatNegotiator(), TimeDependentNegotiator.hardliner()])
        #expect(stubborn.agreement == nil)
        #expect(Set(stubborn.trace.filter { $0.party == 0 && $0.action == .offer }.map(\.package)).count == 1)
        // Against a conceder it reciprocates, and they agree.
        let reciprocal = StackedAlternatingOffers(rounds: 30).run(model, negotiators: [TitForTatNegotiator(), TimeDependentNegotiator.conceder()])
        #expect(reciprocal.agreement != nil)
        let own = reciprocal.trace.filter { $0.party == 0 && $0.action == .offer }.map { $0.utilities[0] }
        #expect(own.count > 1 && own.last! < own.first!, "it conceded: \(own)")
        #expect(zip(own, own.dropFirst()).allSatisfy { $0 >= $1 - 1e-12 }, "and never took a concession back")
    }
}

@Suite struct DeadlineTests {
    @Test func discountFactorsShrinkPayoffsWithTime() throws {
        let model = try ProtocolTests.model()
        let plain = StackedAlternatingOffers(rounds: 50).run(model, negotiators: [TimeDependentNegotiator.linear(), TimeDependentNegotiator.linear()])
        let discounted = StackedAlternatingOffers(rounds: 50, discounts: [0.5, nil]).run(model, negotiators: [TimeDependentNegotiator.linear(), TimeDependentNegotiator.linear()])
        let agreement = try #require(plain.agreement)
        #expect(discounted.agreement == agreement, "the strategies ignore the discount, so the same package")
        #expect(discounted.time > 0 && discounted.time < 1)
        #expect(abs(discounted.payoffs[0] - plain.payoffs[0] * pow(0.5, discounted.time)) < 1e-12)
        #expect(discounted.payoffs[1] == plain.payoffs[1])
        // Without agreement, the reservation value is discounted to the deadline.
        let none = StackedAlternatingOffers(rounds: 10, discounts: [0.8, 0.5]).run(model, negotiators: [TimeDependentNegotiator.hardliner(), TimeDependentNegotiator.hardliner()])
        #expect(none.payoffs == [0.2 * 0.8, 0.2 * 0.5])
    }

    @Test func aWallClockDeadlineEndsTheNegotiation() throws {
        let model = try ProtocolTests.model()
        let started = ContinuousClock.now
        let result = StackedAlternatingOffers(rounds: Int.max / 64, timeLimit: 0.05)
            .run(model, negotiators: [TimeDependentNegotiator.hardliner(), TimeDependentNegotiator.hardliner()])
        #expect(result.agreement == nil)
        #expect(result.time == 1)
        #expect(result.trace.count > 10)
        #expect(ContinuousClock.now - started < .seconds(5))
        // Time-dependent negotiators concede by the clock and meet (a generous limit: a loaded
        // machine may pause the thread, and a jump past the deadline would end without agreement).
        let meeting = StackedAlternatingOffers(rounds: Int.max / 64, timeLimit: 1)
            .run(model, negotiators: [TimeDependentNegotiator.linear(), TimeDependentNegotiator.linear()])
        #expect(meeting.agreement != nil)
    }

    /// The Nash-seeking negotiator models each opponent from that opponent's own offers. Opponent 1
    /// always offers (A, X), opponent 2 always (B, Y): separately modelled, each wants its own
    /// options, so the packages that give each one issue, (A, Y) and (B, X), maximise the estimated
    /// Nash product; a joint model would be indifferent among all four.
    @Test func nashSeekingModelsEachOpponentApart() {
        let space = OutcomeSpace(radices: [2, 2])   // issue 1: A=0, B=1; issue 2: X=0, Y=1
        var negotiator = NashSeekingNegotiator(exponent: 1, space: space)
        // Own utilities all equal: the choice is the opponents' estimated utilities alone.
        negotiator.start(NegotiationContext(party: 0, utilities: [0.5, 0.5, 0.5, 0.5], forbidden: [false, false, false, false],
                                            reservation: 0, rounds: 10))
        func index(_ a: Int, _ b: Int) -> Int { a * 2 + b }
        for k in 0..<5 {
            negotiator.observe(party: 1, action: .offer, package: index(0, 0), time: Double(k) / 10)
            negotiator.observe(party: 2, action: .offer, package: index(1, 1), time: Double(k) / 10)
        }
        // Acceptances are not offers: they do not feed the model.
        negotiator.observe(party: 2, action: .accept, package: index(0, 0), time: 0.5)
        let proposal = negotiator.open(time: 0)   // target = the best utility: all four are candidates
        #expect([index(0, 1), index(1, 0)].contains(proposal), "\(proposal)")
    }

    /// Rankings shared across a tournament's matches give the same negotiations as rankings each
    /// negotiator builds itself.
    @Test func sharedRankingsChangeNothing() throws {
        let model = try ProtocolTests.model()
        let shared = NegotiationTables(sharing: model), own = NegotiationTables(model)
        let space = model.space
        for a in Strategy.allCases {
            for b in Strategy.allCases {
                func negotiators() -> [any Negotiator] {
                    [a.negotiator(space: space, seed: 3), b.negotiator(space: space, seed: 4)]
                }
                let protocolRun = StackedAlternatingOffers(rounds: 40)
                #expect(protocolRun.run(model, negotiators: negotiators(), tables: shared)
                        == protocolRun.run(model, negotiators: negotiators(), tables: own), "\(a) vs \(b)")
            }
        }
    }
}
