import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct BridgingTests {
    static let yaml = """
        parley: 1
        id: b
        title: bridging
        parties: [{id: A}, {id: B}]
        issues:
          - {id: x, options: [x1, x2, x3]}
          - {id: y, options: [y1, y2]}
        preferences:
          A:
            reservation: 0.3
            issues:
              x: {weight: 0.6, values: {x1: 1, x2: 0.6, x3: 0}}
              y: {weight: 0.4, values: {y1: 1, y2: 0}}
          B:
            reservation: 0.3
            issues:
              x: {weight: 0.6, values: {x1: 0, x2: 0.6, x3: 1}}
              y: {weight: 0.4, values: {y1: 0, y2: 1}}
            red-lines: [{id: b-not-x1, forbid: {x: x1}}]
        proposals:
          - {id: a-plan, proposer: A, package: {x: x1, y: y1}}
        """

    @Test func bridgesChangeFewestIssuesThenCostTheProposerLeast() throws {
        let loaded = try LoadedScenario.read(Self.yaml, file: "b.yaml")
        let report = try BridgePlan()(loaded, from: "a-plan")
        // Zone (both ≥ 0.3, B's red line keeps x1 out): x2y1 (A 0.76, B 0.36), x2y2 (0.36, 0.76), x3y1 (0.4, 0.6).
        #expect(report.zoneSize == 3)
        // One change before two; among one-change packages, A (the proposer, 1.0 under its plan) loses least with x2.
        #expect(report.bridges.map(\.package) == [["x": "x2", "y": "y1"], ["x": "x3", "y": "y1"], ["x": "x2", "y": "y2"]])
        #expect(abs((report.bridges.first?.proposerLoss ?? 0) - 0.24) < 1e-12)
        let first = try #require(report.bridges.first)
        #expect(first.changes.map(\.issue) == ["x"])     // one issue changed beats two
        #expect(first.changes.first?.from == "x1")
        #expect(first.reasons.values.allSatisfy { $0.hasPrefix("Accepted by") })
        #expect(report.gap == nil)
    }

    @Test func withNoZoneTheGapSaysWhatLeverageWouldOpenOne() throws {
        let report = try BridgePlan()(try LoadedScenario.load(nil), from: "trump-team")
        #expect(report.bridges.isEmpty)
        let gap = try #require(report.gap)
        #expect(gap.redLinesInTheWay.isEmpty)
        #expect(gap.adjustments["RU"]! > 0 && gap.adjustments["UA"]! > 0)
        // Lowering the two reservation values by that much opens a zone.
        let changes = try ["RU", "UA"].map { id in
            try WhatIf.parseSetting("\(id).reservation=\(report.scenario.parties.first { $0.id == id }!.reservation - gap.adjustments[id]! - 1e-6)")
        }
        let whatIf = try WhatIf()(try LoadedScenario.load(nil), changes: changes)
        #expect(whatIf.changed.agreementSpace.zoneSize > 0)
        #expect(whatIf.differences.first?.hasPrefix("A zone of possible agreement appears") == true)
    }

    @Test func droppingARedLineFlipsAVerdict() throws {
        let whatIf = try WhatIf()(try LoadedScenario.load(nil), changes: [.dropRedLine("ua-guarantees")])
        #expect(!whatIf.differences.isEmpty)
        #expect(throws: DiagnosticError.self) { try WhatIf()(try LoadedScenario.load(nil), changes: [.dropRedLine("no-such-line")]) }
        #expect(throws: UsageError.self) { try WhatIf.parseSetting("RU.weight=0.3") }
        #expect(try WhatIf.parseSetting("RU.reservation=[0.2,0.4]") == .reservation(party: "RU", value: Estimate(low: 0.2, high: 0.4)))
    }
}

@Suite struct LeverageTests {
    @Test func theFoundingCasesLeverageOpensAZoneOnlyInCombination() throws {
        let report = try BridgePlan()(try LoadedScenario.load(nil), from: "trump-team")
        let cheapest = try #require(report.leverage.first)
        #expect(cheapest.moves == ["weapons-surge", "aid-restriction"])
        #expect(abs(cheapest.cost - 0.16) < 1e-9)
        #expect(cheapest.zoneSize > 0)
        #expect(cheapest.nash?.package["nato"] == "renounced")
        // Neither move alone, nor the red line given up, opens a zone.
        #expect(!report.leverage.contains { $0.moves.count == 1 })
    }

    @Test func leverageMovesAreValidated() throws {
        let text = """
            parley: 1
            id: l
            title: leverage
            parties: [{id: A}, {id: B}]
            issues: [{id: x, options: [x1, x2]}]
            preferences:
              A: {reservation: 0.5, issues: {x: {weight: 1, values: {x1: 1, x2: 0}}}}
              B: {reservation: 0.5, issues: {x: {weight: 1, values: {x1: 0, x2: 1}}}}
            leverage:
              - {id: m1, party: C, reservation: -0.1}
              - {id: m2, drop-red-line: nope}
              - {id: m3, party: A}
            """
        let error = try #require(throws: DiagnosticError.self) { try ScenarioReader.read(text, file: "l.yaml") }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("unknown party 'C'"))
        #expect(messages.contains("leverage 'm2' drops red line 'nope', which no party has"))
        #expect(messages.contains("leverage 'm3' needs either 'reservation' (with 'party') or 'drop-red-line'"))
        #expect(error.diagnostics.allSatisfy { ($0.location?.line ?? 0) >= 10 })
    }
}

@Suite struct DiffTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardizedFileURL

    @Test func theHypotheticalLaterVersionOpensAZone() throws {
        let old = try LoadedScenario.load(Self.examples.appendingPathComponent("ukraine-2024-11.yaml").path)
        let new = try LoadedScenario.load(Self.examples.appendingPathComponent("ukraine-2024-12-hypothetical.yaml").path)
        let report = try Diff()(old, new)
        #expect(report.changes == [
            "the scenario id: ukraine-2024-11 → ukraine-2024-12-hypothetical",
            "the title: Ending the war in Ukraine, November 2024 → Ending the war in Ukraine, a hypothetical later version (not sourced)",
            "Russia (RU) capability: [0.25, 0.35] → 0.3", "Russia (RU) reservation value: [0.7, 0.8] → [0.6, 0.7]",
            "Ukraine (UA) capability: [0.1, 0.2] → 0.15", "Ukraine (UA) reservation value: [0.45, 0.55] → [0.4, 0.5]",
            "United States (US) capability: [0.3, 0.4] → 0.35", "European allies (EU) capability: [0.15, 0.25] → 0.2",
            "proposal 'hypothetical-compromise' added"])
        #expect(report.effects.contains("A zone of possible agreement appears: 1 package."))
        #expect(report.effects.contains { $0.hasPrefix("New proposal hypothetical-compromise: rejected by") })
        #expect(report.effects.contains { $0.hasPrefix("Ukraine now accepts renounce-for-guarantees") })
        #expect(new.scenario.title.contains("hypothetical"))
    }

    static let small = """
        parley: 1
        id: river
        title: A river
        parties:
          - {id: A, name: Upstream, capability: 2}
          - {id: B, name: Downstream}
        issues:
          - id: flow
            kind: ordered
            options: [{id: low, position: 0}, {id: high, position: 100}]
          - id: fund
            options: [yes, no]
        preferences:
          A:
            reservation: 0.3
            issues:
              flow: {salience: 60, ideal: 0}
              fund: {salience: 40, values: {yes: 0, no: 1}}
            red-lines:
              - {id: a-no-fund, forbid: {fund: yes}}
          B:
            reservation: 0.2
            issues:
              flow: {weight: 1, values: {low: 0, high: 1}}
        proposals:
          - {id: p1, name: First try, package: {flow: high}}
        """

    @Test func everyChangedJudgmentIsListedInTheUsersTerms() throws {
        let old = try LoadedScenario.read(Self.small, file: "old.yaml")
        func edited(_ old: String, _ new: String) throws -> [String] {
            #expect(Self.small.contains(old), "\(old)")
            let changed = try LoadedScenario.read(Self.small.replacingOccurrences(of: old, with: new), file: "new.yaml")
            return try Diff()(try LoadedScenario.read(Self.small, file: "old.yaml"), changed).changes
        }
        _ = old
        // A salience: reported as the salience written, not the weights derived from it.
        #expect(try edited("flow: {salience: 60", "flow: {salience: 70") == ["Upstream (A) on 'flow' salience: 60 → 70"])
        #expect(try edited("ideal: 0}", "ideal: 25}") == ["Upstream (A) on 'flow' ideal point: 0 → 25"])
        #expect(try edited("capability: 2}", "capability: 3}") == ["Upstream (A) capability: 2 → 3"])
        #expect(try edited("{id: high, position: 100}", "{id: high, position: 90}") == ["issue 'flow' option 'high' position: 100 → 90"])
        #expect(try edited("name: First try", "name: Second try") == ["proposal 'p1' name: “First try” → “Second try”"])
        #expect(try edited("forbid: {fund: yes}", "forbid: {fund: no}") == ["red line 'a-no-fund' rule: forbid fund = yes → forbid fund = no"])
        #expect(try edited("package: {flow: high}", "package: {flow: low}") == ["proposal 'p1' package: flow = high → flow = low"])
        #expect(try edited("title: A river", "title: The river") == ["the title: A river → The river"])
    }

    @Test func identicalScenariosHaveNoDifferences() throws {
        let loaded = try LoadedScenario.load(nil)
        let report = try Diff()(loaded, loaded)
        #expect(report.changes.isEmpty)
        #expect(report.effects == ["Nothing changes: every verdict, the zone and the solutions stay as they were."])
    }
}

/// Figures printed as thresholds are enough when taken literally, and printed parts add up.
@Suite struct PrintedThresholdTests {
    @Test func theBridgeAdviceOpensAZoneWhenAppliedAsPrinted() throws {
        let loaded = try LoadedScenario.load(nil)
        let text = try BridgePlan()(loaded, from: "trump-team").text()
        // "... is 0.12 in all (Russia by 0.11, Ukraine by 0.01) ..." : the parts add up to the total.
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Leverage: the smallest lowering") })
        let numbers = line.split(whereSeparator: { " (),".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count >= 3)
        let total = numbers[0], parts = numbers.dropFirst()
        #expect(abs(parts.reduce(0, +) - total) < 1e-9, "\(line)")
        // The whatif command it suggests, taken literally, opens a zone.
        let advice = try #require(text.split(separator: "\n").first { $0.hasPrefix("See what that changes: parley whatif FILE") })
        let settings = advice.split(separator: " ").filter { $0.contains(".reservation=") }.map(String.init)
        #expect(!settings.isEmpty)
        let changes = try settings.map(WhatIf.parseSetting)
        let report = try WhatIf()(loaded, changes: changes)
        #expect(report.changed.agreementSpace.zoneSize > 0)
        #expect(report.base.agreementSpace.zoneSize == 0)
    }

    @Test func thresholdsRoundUpAndPartsAddUp() {
        #expect(Threshold.roundedUp(0.105) == 0.11)
        #expect(Threshold.roundedUp(0.1 + 1e-12) == 0.1)   // within the acceptance tolerance
        #expect(Threshold.roundedUp(0.29) == 0.29)
        let (parts, total) = Threshold.parts([0.104, 0.006, 0.2999999])
        #expect(parts == [0.11, 0.01, 0.3])
        #expect(total == 0.42)
    }
}

/// Bridges say what they change and what they fill in, in names, never an empty entry.
@Suite struct BridgePresentationTests {
    @Test func bridgesNameTheirChangesAndWhatTheyFillIn() throws {
        var loaded = try LoadedScenario.load(nil)
        for p in loaded.scenario.parties.indices { loaded.scenario.parties[p].preferences.reservation = Estimate(0.2) }
        loaded.scenario.parties.indices.forEach { loaded.scenario.parties[$0].preferences.redLines = [] }
        let report = try BridgePlan()(loaded, from: "trump-team")
        let first = try #require(report.bridges.first)
        // The Trump team's package names two issues; the five others are filled in.
        #expect(first.filledIn.count == 5)
        let names = loaded.names
        let text = BridgeReport.describe(first, names)
        #expect(!text.isEmpty)
        for filled in first.filledIn { #expect(text.contains(names.option(filled.issue, filled.to))) }
        let html = try MakeReport()(loaded, runs: 0, strategies: [])
        #expect(html.contains("fills in what the plan leaves open") || html.contains("with what it leaves open filled in"))
        #expect(!html.contains("<li></li>"))
    }
}

/// whatif changes weights and values as well as reservation values, under the file's rules.
@Suite struct WhatIfJudgmentsTests {
    @Test func weightsAndValuesCanBeChanged() throws {
        let loaded = try LoadedScenario.load(nil)
        #expect(try WhatIf.parseSetting("RU.weight.nato=0.1") == .weight(party: "RU", issue: "nato", value: Estimate(0.1)))
        #expect(try WhatIf.parseSetting("UA.value.aid.surge=[0.2,0.4]") == .value(party: "UA", issue: "aid", option: "surge", value: Estimate(low: 0.2, high: 0.4)))
        let changed = try loaded.scenario.applying([.weight(party: "RU", issue: "nato", value: Estimate(0.1))])
        let russia = try #require(changed.parties.first { $0.id == "RU" })
        let total = russia.preferences.stances.compactMap { $0?.weight.value }.reduce(0, +)
        #expect(abs(total - 1) < 1e-9)   // the other weights rescaled
        #expect(russia.preferences.stances[changed.issueIndex(of: "nato")!]?.weight.value == 0.1)
        _ = try WhatIf()(loaded, changes: [.value(party: "UA", issue: "guarantees", option: "none", value: Estimate(0.9))])
        for bad in [ScenarioChange.weight(party: "RU", issue: "nato", value: Estimate(1.4)),
                    .value(party: "UA", issue: "guarantees", option: "nonee", value: Estimate(0.5)),
                    .weight(party: "RU", issue: "natoo", value: Estimate(0.2))] {
            #expect(throws: DiagnosticError.self, "\(bad)") { try WhatIf()(loaded, changes: [bad]) }
        }
    }
}
