import Foundation
import ParleyKit
import Testing

/// The form editor adds issues and parties without YAML; bad entries are errors at their field.
@Suite struct FormEditNewPartsTests {
    static func founding() throws -> LoadedScenario { try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml") }

    @Test func aNewIssueAndANewPartyMakeAValidScenario() throws {
        let loaded = try Self.founding()
        let outcome = FormEdit()(loaded, submitted: [
            "issue+.id": "elections", "issue+.name": "Elections in Ukraine",
            "issue+.options": "none: No elections\nwithin-a-year: Within a year\nUnder international monitoring",
            "party+.id": "CN", "party+.name": "China", "party+.reservation": "[0.2, 0.4]",
        ])
        #expect(outcome.fieldErrors.isEmpty, "\(outcome.fieldErrors)")
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
        let text = try #require(outcome.text)
        let scenario = try LoadedScenario.read(text, file: "v2.yaml").scenario
        let issue = try #require(scenario.issues.last)
        #expect(issue.id.rawValue == "elections")
        #expect(issue.options.map(\.id.rawValue) == ["none", "within-a-year", "under-international-monitoring"])
        let china = try #require(scenario.parties.last)
        #expect(china.id.rawValue == "CN")
        #expect(china.preferences.reservation.low == 0.2 && china.preferences.reservation.high == 0.4)
        #expect(china.preferences.stances.count == scenario.issues.count)
        // The new issue is worth nothing to the parties that were there.
        #expect(scenario.parties.dropLast().allSatisfy { $0.preferences.weight(scenario.issues.count - 1) == 0 })
        #expect(outcome.changes.contains { $0.contains("issue elections added") })
        #expect(outcome.changes.contains { $0.contains("party CN added") })
    }

    @Test func badEntriesAreErrorsAtTheirField() throws {
        let loaded = try Self.founding()
        let outcome = FormEdit()(loaded, submitted: ["issue+.id": "nato", "issue+.options": "a\nb", "party+.name": "Nobody", "party+.reservation": "high"])
        #expect(outcome.text == nil)
        #expect(outcome.fieldErrors["issue+.id"]?.contains("already") == true)
        #expect(outcome.fieldErrors["party+.id"] != nil)
        let oneOption = FormEdit()(loaded, submitted: ["issue+.id": "x", "issue+.options": "only"])
        #expect(oneOption.fieldErrors["issue+.options"]?.contains("two options") == true)
        let badNumber = FormEdit()(loaded, submitted: ["party+.id": "CN", "party+.reservation": "high"])
        #expect(badNumber.fieldErrors["party+.reservation"] != nil)
    }
}
