import Foundation
import ParleyCore
import ParleyFormats
import Testing

/// The `agreement:` section: read, validated with located errors and help, written back.
@Suite struct AgreementFormatTests {
    static let scenario = """
        parley: 1
        id: talks
        title: Talks
        parties:
          - {id: A, name: Alpha, capability: 0.5}
          - {id: B, name: Beta, capability: 0.3}
          - {id: C, name: Gamma, capability: 0.2}
        AGREEMENT
        issues:
          - id: x
            name: X
            options: [{id: lo, name: Low}, {id: hi, name: High}]
        preferences:
          A: {reservation: 0.2, issues: {x: {weight: 1, values: {lo: 0, hi: 1}}}}
          B: {reservation: 0.2, issues: {x: {weight: 1, values: {lo: 1, hi: 0}}}}
          C: {reservation: 0.2, issues: {x: {weight: 1, values: {lo: 0.5, hi: 0.5}}}}
        """

    static func text(_ agreement: String) -> String {
        scenario.replacingOccurrences(of: "AGREEMENT", with: agreement)
    }

    static func errors(_ agreement: String) -> [Diagnostic] {
        do {
            _ = try ScenarioReader.read(text(agreement), file: "talks.yaml")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test func rulesAreReadAndWrittenBack() throws {
        let cases: [(String, AgreementRule)] = [
            ("", .unanimity),
            ("agreement: {rule: unanimity}", .unanimity),
            ("agreement: {rule: quota, quota: 2, vetoes: [A]}", .quota(2, vetoes: [Party.ID("A")])),
            ("agreement: {rule: weighted, threshold: 0.65, weights: capability, minimumParties: 2, vetoes: [B]}",
             .weighted(threshold: 0.65, weights: .capability, minimumParties: 2, vetoes: [Party.ID("B")])),
            ("agreement: {rule: weighted, threshold: 0.5, weights: {A: 2, B: 1, C: 1}}",
             .weighted(threshold: 0.5, weights: .stated([PartyWeight(party: Party.ID("A"), weight: 2), PartyWeight(party: Party.ID("B"), weight: 1),
                                                         PartyWeight(party: Party.ID("C"), weight: 1)]), minimumParties: nil, vetoes: [])),
        ]
        for (agreement, expected) in cases {
            let decoded = try ScenarioReader.read(Self.text(agreement), file: "talks.yaml")
            #expect(decoded.scenario.agreement == expected, "\(agreement)")
            let yaml = try ParleyWriter.yaml(decoded.scenario)
            #expect(try ScenarioReader.read(yaml, file: "copy.yaml").scenario == decoded.scenario, "\(agreement)")
            let json = try ParleyWriter.json(decoded.scenario)
            #expect(try ScenarioReader.read(json, file: "copy.json").scenario == decoded.scenario, "\(agreement)")
            #expect(yaml.contains("agreement:") == !expected.isUnanimity)
        }
    }

    @Test(arguments: [
        ("agreement: {rule: quota, quota: 4}", "a quota of 4 with 3 parties", 8),
        ("agreement: {rule: quota, quota: 0}", "a quota of 0 with 3 parties", 8),
        ("agreement: {rule: quota, quota: 2.5}", "the quota must be a whole number", 8),
        ("agreement: {rule: quota, quota: 2, vetoes: [A, Z]}", "the veto party 'Z' is not a party", 8),
        ("agreement: {rule: quota, quota: 1, vetoes: [A, B]}", "the vetoes alone exceed the quota", 8),
        ("agreement: {rule: quota}", "'agreement' has no 'quota'", 8),
        ("agreement: {rule: weighted, threshold: 1.5}", "outside (0, 1]", 8),
        ("agreement: {rule: weighted, threshold: 0}", "outside (0, 1]", 8),
        ("agreement: {rule: weighted, threshold: 0.5, weights: {A: 1, B: 0, C: 1}}", "weights are positive numbers", 8),
        ("agreement: {rule: weighted, threshold: 0.5, weights: {A: 1, B: 1}}", "leave out C", 8),
        ("agreement: {rule: weighted, threshold: 0.5, weights: {A: 1, B: 1, C: 1, D: 1}}", "weighs 'D', which is not a party", 8),
        ("agreement: {rule: weighted, threshold: 0.5, minimumParties: 5}", "a minimum of 5 parties", 8),
        ("agreement: {rule: weighted, threshold: 0.5, weights: votes}", "weights 'votes' are not known", 8),
        ("agreement: {rule: majority}", "unknown agreement rule 'majority'", 8),
        ("agreement: {rule: quota, quota: 2, threshold: 0.5}", "'threshold' does not go with 'rule: quota'", 8),
        ("agreement: {rule: quota, quota: 2, majority: true}", "majority", 8),
    ])
    func badRulesAreLocatedErrorsWithHelp(agreement: String, message: String, line: Int) {
        let errors = Self.errors(agreement)
        let match = errors.first { $0.message.contains(message) }
        #expect(match != nil, "\(agreement): \(errors.map(\.message))")
        #expect(match?.location?.line == line, "\(agreement)")
        #expect(match?.location?.file == "talks.yaml")
        #expect(match?.help?.isEmpty == false, "\(agreement) has no help")
    }

    @Test func capabilityWeightsNeedEveryCapability() {
        let text = Self.text("agreement: {rule: weighted, threshold: 0.5, weights: capability}")
            .replacingOccurrences(of: "{id: C, name: Gamma, capability: 0.2}", with: "{id: C, name: Gamma}")
        do {
            _ = try ScenarioReader.read(text, file: "talks.yaml")
            Issue.record("a missing capability was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("C has no capability") })
        }
    }
}
