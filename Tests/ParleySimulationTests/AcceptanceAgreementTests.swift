import ParleyAnalysis
import ParleyCore
@testable import ParleySimulation
import ParleyTestSupport
import Testing

/// One acceptance rule: every package the analysis puts in the zone is acceptable to each party by
/// the rule the negotiators use, and no other package is, even when reservation values sit within
/// rounding of a package's utility.
@Suite struct AcceptanceAgreementTests {
    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func theZoneIsWhatTheNegotiatorsAccept(seed: UInt64) throws {
        var scenario = RandomScenario.make(seed: seed)
        // Put each reservation value a hair above some package's utility (within the tolerance), the
        // case four tolerances used to split: the analysis counted it in the zone, negotiators refused it.
        var rng = SeededGenerator(seed: seed &+ 1000)
        let base = UtilityModel(scenario)
        let count = try #require(base.space.count)
        for p in scenario.parties.indices {
            var digits = [Int](repeating: 0, count: base.issueCount)
            base.space.digits(of: Int.random(in: 0..<count, using: &rng), into: &digits)
            let nudge = Double.random(in: 0...(0.9 * Acceptance.tolerance), using: &rng)
            scenario.parties[p].preferences.reservation = Estimate(base.utility(p, digits) + nudge)
        }
        let model = UtilityModel(scenario)
        let space = try AgreementSpace.map(model)
        let tables = NegotiationTables(model)
        let contexts = (0..<model.partyCount).map { p in
            NegotiationContext(party: p, utilities: tables.utilities[p], forbidden: tables.forbidden[p],
                               reservation: model.reservations[p], rounds: 10)
        }
        var acceptedByAll = 0
        var digits = [Int](repeating: 0, count: model.issueCount)
        for index in 0..<count {
            model.space.digits(of: index, into: &digits)
            for p in contexts.indices {
                #expect(contexts[p].isAcceptable(index) == model.accepts(party: p, digits), "party \(p), package \(index)")
            }
            if contexts.allSatisfy({ $0.isAcceptable(index) }) { acceptedByAll += 1 }
        }
        #expect(acceptedByAll == space.zoneSize)
        for index in space.frontierIndices { #expect(contexts.allSatisfy { $0.isAcceptable(index) }) }
        // The reservation packages themselves are in the zone unless a red line rules them out.
        #expect(space.zoneSize > 0 || space.meetingReservations == 0 || !model.clauses.isEmpty)
    }
}
