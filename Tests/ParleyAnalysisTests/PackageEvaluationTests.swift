import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyAnalysis

@Suite struct PackageEvaluationTests {
    static let yaml = """
        parley: 1
        id: t
        title: test
        parties:
          - {id: A, name: Alpha}
          - {id: B, name: Beta}
        issues:
          - id: x
            options: [x1, x2]
          - id: y
            status-quo: y1
            options: [y1, y2]
          - id: z
            options: [z1, z2, z3]
        preferences:
          A:
            reservation: 0.5
            issues:
              x: {weight: 0.5, values: {x1: 1, x2: 0}}
              y: {weight: 0.3, values: {y1: 0, y2: 1}}
              z: {weight: 0.2, values: {z1: 0, z2: 0.5, z3: 1}}
            red-lines:
              - {id: a-no-z1, forbid: {z: z1}}
          B:
            reservation: 0.3
            issues:
              x: {weight: 0.5, values: {x1: 0, x2: 1}}
              z: {weight: 0.5, values: {z1: 1, z2: 0.5, z3: 0}}
            red-lines:
              - {id: b-needs-x2, require: {x: x2}}
              - {id: b-link, if: {x: x2}, then: {z: [z1, z2]}}
        proposals:
          - {id: p, package: {x: x1, z: z3}}
          - {id: open, package: {x: x2}}
        """

    static func load() throws -> (Scenario, UtilityModel) {
        let scenario = try ScenarioReader.read(yaml, file: "t.yaml").scenario
        return (scenario, UtilityModel(scenario))
    }

    @Test func utilitiesMarginsAndDriversAddUp() throws {
        let (scenario, model) = try Self.load()
        let evaluation = model.evaluate(scenario.proposals[0].package, in: scenario)
        #expect(evaluation.statusQuoIssues == [1])
        #expect(evaluation.openIssues.isEmpty)
        let a = evaluation.verdicts[0]
        #expect(abs(a.utility - (0.5 * 1 + 0.3 * 0 + 0.2 * 1)) < 1e-12)
        #expect(a.accepts)
        #expect(abs(a.drivers.map(\.share).reduce(0, +) - a.margin) < 1e-12)
        #expect(a.driversFor.first?.issue == 0)
        #expect(a.driversAgainst.first?.issue == 1)
        let b = evaluation.verdicts[1]
        #expect(!b.accepts)
        #expect(b.breaches.map(\.redLine) == [1])   // b-needs-x2
    }

    @Test func openIssuesAreReadCautiously() throws {
        let (scenario, model) = try Self.load()
        let evaluation = model.evaluate(scenario.proposals[1].package, in: scenario)
        #expect(evaluation.openIssues == [2])
        // A counts its worst z option (z1, value 0) and could see its z1 red line breached.
        let a = evaluation.verdicts[0]
        #expect(abs(a.utility - (0 + 0 + 0)) < 1e-12)
        #expect(a.breaches == [RedLineBreach(redLine: 0, throughOpenIssues: true)])
        // B: x2 triggers the linkage, and z could be settled at z3, which breaches it.
        let b = evaluation.verdicts[1]
        #expect(b.breaches.map(\.redLine) == [2])
        #expect(b.breaches[0].throughOpenIssues)
        let reason = Explanation(scenario: scenario, model: model).reason(for: b)
        #expect(reason.hasPrefix("Rejected by Beta: the package breaches the red line 'b-link' (the package leaves that open)"))
    }

    @Test func linkageHoldsWhenItsThenConditionHolds() throws {
        let (scenario, model) = try Self.load()
        let package = Package(complete: [1, 0, 1])  // x2, y1, z2
        let b = model.evaluate(package, in: scenario).verdicts[1]
        #expect(b.breaches.isEmpty)
        #expect(b.accepts)
        #expect(Explanation(scenario: scenario, model: model).reason(for: b).hasPrefix("Accepted by Beta: utility 0.75"))
    }

    @Test func outcomeSpaceIndicesRoundTrip() {
        let space = OutcomeSpace(radices: [3, 1, 4, 2])
        #expect(space.count == 24)
        for index in 0..<24 { #expect(space.index(of: space.package(at: index)) == index) }
        #expect(space.package(at: 1).options == [0, 0, 0, 1])
        #expect(OutcomeSpace(radices: [Int](repeating: 1 << 20, count: 4)).count == nil)
    }
}
