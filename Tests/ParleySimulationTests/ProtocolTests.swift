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
}
