import Foundation
import ParleyKit
import Testing

/// The form editor's spatial stances (ideal positions, saliences), ordered and numeric issues, and
/// red lines that require an option or link two: each edit reads back through the one validator.
@Suite struct FormEditSpatialTests {
    static let text = """
        parley: 1
        id: spatial
        title: Spatial stances
        parties:
          - id: A
          - id: B
        issues:
          - id: border
            kind: ordered
            options:
              - {id: north, position: 0}
              - {id: middle, position: 50}
              - {id: south, position: 100}
          - id: aid
            range: {min: 0, max: 100, step: 50}
          - id: flag
            options: [red, blue]
        preferences:
          A:
            reservation: 0.3
            issues:
              border: {weight: 0.5, values: {north: 1, middle: 0.5, south: 0}}
              aid: {weight: 0.3, ideal: 100}
              flag: {weight: 0.2, values: {red: 1, blue: 0}}
          B:
            reservation: 0.2
            issues:
              border: {salience: 20, ideal: 100}
              aid: {salience: 40, ideal: 0}
              flag: {salience: 40, values: {red: 0, blue: 1}}

        """

    static func loaded() throws -> LoadedScenario { try LoadedScenario.read(text, file: "spatial.yaml") }

    @Test func idealsAndSaliencesHaveFieldsOfTheirOwn() throws {
        let names = Set(FormEdit.fields(try Self.loaded().scenario).map(\.name))
        #expect(names.isSuperset(of: ["A.ideal.aid", "B.ideal.border", "B.salience.flag", "A.weight.aid"]))
        #expect(!names.contains("A.value.aid.50"), "values that follow from an ideal are not edited one by one")
        #expect(!names.contains("B.weight.flag"), "a party that states saliences edits saliences")
    }

    @Test func anIdealAndASalienceAreSaved() throws {
        let outcome = FormEdit()(try Self.loaded(), submitted: ["A.ideal.aid": "50", "B.salience.flag": "80"])
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        let scenario = try LoadedScenario.read(try #require(outcome.text), file: "v2.yaml").scenario
        let a = scenario.parties[0].preferences, b = scenario.parties[1].preferences
        #expect(a.stances[1]?.ideal?.value == 50)
        #expect(a.stances[1]?.values.map(\.value) == [0.5, 1, 0.5], "1 at the ideal, falling with the distance across the scale")
        #expect(b.stances[2]?.salience?.value == 80)
        #expect(abs((b.stances[2]?.weight.value ?? 0) - 80.0 / 140) < 1e-12, "weights are the saliences over their sum")
        #expect(abs((b.stances[0]?.weight.value ?? 0) - 20.0 / 140) < 1e-12)
    }

    @Test func badIdealsAndSaliencesAreErrorsAtTheirField() throws {
        let loaded = try Self.loaded()
        let outcome = FormEdit()(loaded, submitted: ["A.ideal.aid": "150", "B.salience.flag": "120"])
        #expect(outcome.text == nil)
        #expect(outcome.fieldErrors["A.ideal.aid"]?.contains("scale") == true)
        #expect(outcome.fieldErrors["B.salience.flag"]?.contains("0 to 100") == true)
        #expect(throws: (any Error).self) { try WhatIf.parseSetting("A.ideal.aid=x") }
        #expect(try WhatIf.parseSetting("B.salience.aid=10") == .salience(party: "B", issue: "aid", value: Estimate(10)))
        // Only a party that states saliences has them; a categorical issue has no scale.
        #expect(throws: ScenarioChangeError.self) { try loaded.scenario.applying([.salience(party: "A", issue: "aid", value: Estimate(10))]) }
        #expect(throws: ScenarioChangeError.self) { try loaded.scenario.applying([.ideal(party: "B", issue: "flag", value: Estimate(1))]) }
    }

    @Test func orderedAndNumericIssuesAreAdded() throws {
        let loaded = try Self.loaded()
        let ordered = FormEdit()(loaded, submitted: ["issue+.id": "pace", "issue+.kind": "ordered", "issue+.options": "slow @ 10\nfast: Fast @ 90"])
        let orderedText = try #require(ordered.text)
        let pace = try #require(try LoadedScenario.read(orderedText, file: "v2.yaml").scenario.issues.last)
        #expect(pace.kind == .ordered && pace.options.map(\.position) == [10, 90] && pace.options.map(\.id.rawValue) == ["slow", "fast"])
        let spread = FormEdit()(loaded, submitted: ["issue+.id": "pace", "issue+.kind": "ordered", "issue+.options": "low\nmid\nhigh"])
        let spreadText = try #require(spread.text)
        #expect(try LoadedScenario.read(spreadText, file: "v2.yaml").scenario.issues.last?.options.map(\.position) == [0, 50, 100])
        let numeric = FormEdit()(loaded, submitted: ["issue+.id": "troops", "issue+.kind": "numeric", "issue+.range": "0, 100, 25", "issue+.unit": "thousand"])
        let numericText = try #require(numeric.text)
        let troops = try #require(try LoadedScenario.read(numericText, file: "v2.yaml").scenario.issues.last)
        #expect(troops.kind == .numeric && troops.options.map(\.position) == [0, 25, 50, 75, 100] && troops.unit == "thousand")
        #expect(FormEdit()(loaded, submitted: ["issue+.id": "x", "issue+.kind": "ordered", "issue+.options": "a @ 10\nb"]).fieldErrors["issue+.options"] != nil)
        #expect(FormEdit()(loaded, submitted: ["issue+.id": "x", "issue+.kind": "ordered", "issue+.options": "a @ 300\nb @ 1"]).fieldErrors["issue+.options"] != nil)
        #expect(FormEdit()(loaded, submitted: ["issue+.id": "x", "issue+.kind": "numeric", "issue+.range": "10, 0, 1"]).fieldErrors["issue+.range"] != nil)
        #expect(FormEdit()(loaded, submitted: ["issue+.id": "x", "issue+.kind": "numeric", "issue+.range": "0, 1, 0.0001"]).fieldErrors["issue+.range"]?.contains("1000") == true)
    }

    @Test func redLinesThatRequireOrLink() throws {
        let loaded = try Self.loaded()
        let outcome = FormEdit()(loaded, submitted: [
            "redline+.A.kind": "linkage", "redline+.A.if": "flag=blue", "redline+.A.forbid": "border=north",
            "redline+.B.kind": "require", "redline+.B.forbid": "aid=0", "redline+.B.confidence": "medium",
        ])
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        let scenario = try LoadedScenario.read(try #require(outcome.text), file: "v2.yaml").scenario
        let linkage = try #require(scenario.parties[0].preferences.redLines.last)
        guard case .linkage(let first, let then) = linkage.rule else { Issue.record("not a linkage: \(linkage.rule)"); return }
        #expect(first.map(\.issue.rawValue) == ["flag"] && then.map(\.options) == [["north"]])
        #expect(linkage.id.rawValue == "a-blue-needs-north")
        let requirement = try #require(scenario.parties[1].preferences.redLines.last)
        #expect(requirement.provenance.confidence == .medium)
        guard case .require(let required) = requirement.rule else { Issue.record("not a requirement"); return }
        #expect(required.map(\.options) == [["0"]])
        let sameIssue = FormEdit()(loaded, submitted: ["redline+.A.kind": "linkage", "redline+.A.if": "border=south", "redline+.A.forbid": "border=north"])
        #expect(sameIssue.fieldErrors["redline+.A.if"]?.contains("two different issues") == true)
        let noTrigger = FormEdit()(loaded, submitted: ["redline+.A.kind": "linkage", "redline+.A.forbid": "border=north"])
        #expect(noTrigger.fieldErrors["redline+.A.if"] != nil)
    }

    @Test func optionPositionsOfAnOrderedIssueMoveAndTheIdealsFollow() throws {
        let loaded = try Self.loaded()
        #expect(FormEdit.fields(loaded.scenario).contains { $0.name == "option.border.middle.position" && $0.value == "50" })
        let outcome = FormEdit()(loaded, submitted: ["option.border.middle.position": "80"])
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        let scenario = try LoadedScenario.read(try #require(outcome.text), file: "v2.yaml").scenario
        #expect(scenario.issues[0].options.map(\.position) == [0, 80, 100])
        // B's ideal on the border is 100: the middle option, now at 80, is worth 0.8.
        #expect(abs((scenario.parties[1].preferences.stances[0]?.values[1].value ?? 0) - 0.8) < 1e-12)
        #expect(FormEdit()(loaded, submitted: ["option.border.middle.position": "200"]).fieldErrors["option.border.middle.position"] != nil)
    }

    @Test func aStanceCarriesItsSourceQuoteAndConfidence() throws {
        let loaded = try LoadedScenario.read(Self.text.replacingOccurrences(of: "title: Spatial stances\n", with: "title: Spatial stances\nsources:\n  - {id: wire, title: A wire report}\n"),
                                             file: "spatial.yaml")
        let names = Set(FormEdit.fields(loaded.scenario).map(\.name))
        #expect(names.isSuperset(of: ["A.stance.border.source", "A.stance.border.quote", "B.stance.aid.confidence"]))
        let outcome = FormEdit()(loaded, submitted: ["A.stance.border.source": "wire", "A.stance.border.quote": "The north is ours.",
                                                     "A.stance.border.confidence": "high"])
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        let saved = try #require(outcome.text)
        let stance = try #require(try LoadedScenario.read(saved, file: "v2.yaml").scenario.parties[0].preferences.stances[0])
        #expect(stance.provenance.source?.rawValue == "wire" && stance.provenance.quote == "The north is ours." && stance.provenance.confidence == .high)
        let unsourced = FormEdit()(loaded, submitted: ["A.stance.border.quote": "The north is ours."])
        #expect(unsourced.fieldErrors["A.stance.border.source"]?.contains("needs its source") == true)
    }
}

extension FormEditSpatialTests {
    /// A browser sends every field back: on the founding case, only the one changed is an edit.
    @Test func everyFieldSentBackUnchangedIsNoEdit() throws {
        let loaded = try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml")
        var submitted: [String: String] = [:]
        for field in FormEdit.fields(loaded.scenario) {
            if case .checkbox = field.kind { continue }
            // A text area comes back with CRLF line ends.
            submitted[field.name] = field.value.replacingOccurrences(of: "\n", with: "\r\n")
        }
        submitted["RU.reservation"] = "0.55"
        let outcome = FormEdit()(loaded, submitted: submitted)
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        #expect(outcome.changes == ["RU.reservation=0.55"], "\(outcome.changes)")
    }
}

extension FormEditSpatialTests {
    /// New leverage moves and proposals carry their source, quote and confidence.
    @Test func newLeverageAndProposalsCarryTheirProvenance() throws {
        let loaded = try LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml")
        let outcome = FormEdit()(loaded, submitted: [
            "leverage+.id": "sanctions-relief", "leverage+.name": "Sanctions relief", "leverage+.party": "RU", "leverage+.change": "-0.1",
            "leverage+.source": "hill", "leverage+.quote": "new approaches", "leverage+.confidence": "low",
            "proposal+.id": "p-new", "proposal+.issue.nato": "delayed-20y", "proposal+.source": "hill", "proposal+.quote": "a 20-year delay",
        ])
        #expect(outcome.fieldErrors.isEmpty && outcome.diagnostics.isEmpty, "\(outcome.fieldErrors) \(outcome.diagnostics)")
        let saved = try #require(outcome.text)
        let scenario = try LoadedScenario.read(saved, file: "v2.yaml").scenario
        let move = try #require(scenario.leverage.first { $0.id.rawValue == "sanctions-relief" })
        #expect(move.provenance.source?.rawValue == "hill" && move.provenance.quote == "new approaches" && move.provenance.confidence == .low)
        let proposal = try #require(scenario.proposals.first { $0.id.rawValue == "p-new" })
        #expect(proposal.provenance.source?.rawValue == "hill" && proposal.provenance.quote == "a 20-year delay")
        let unsourced = FormEdit()(loaded, submitted: ["proposal+.id": "p-x", "proposal+.issue.nato": "join", "proposal+.quote": "join now"])
        #expect(unsourced.fieldErrors["proposal+.source"] != nil)
    }
}
