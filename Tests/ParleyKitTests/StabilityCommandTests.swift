import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct StabilityCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/gmcr/examples").standardizedFileURL

    @Test func elmiraReportHasTheDocumentedContract() throws {
        let report = try Stability()(Self.examples.appendingPathComponent("Elmira.gmcr").path, statusQuo: 1)
        let data = Data(try JSONRendering.text(report).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let states = try #require(root["states"] as? [[String: Any]])
        #expect(states.count == 12)
        #expect(states[0]["pattern"] as? String == "NYNNN")
        #expect(states[0]["number"] as? Int == 1)
        let stability = try #require(states[0]["stability"] as? [String: [String: Bool]])
        #expect(stability["Local Government"]?["gmr"] == true)
        #expect(stability["Local Government"]?["nash"] == false)
        let equilibria = try #require(root["equilibria"] as? [String: [String]])
        #expect(Set(equilibria.keys) == ["nash", "gmr", "smr", "seq", "sim", "seqSim"])
        #expect(equilibria["nash"] == ["NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY"])
        // From the status quo (state 1), Local Government's insistence leads to a Nash equilibrium.
        let path = try #require(report.statusQuo?.path)
        #expect(path.map(\.mover) == ["Local Government"])
        #expect(path.last?.state == 7)
    }

    @Test func narrativesExplainSanctions() throws {
        let report = try Stability()(Self.examples.appendingPathComponent("Elmira.gmcr").path, state: 1)
        let sentences = report.narratives.flatMap(\.sentences)
        #expect(sentences.contains("Local Government's move from state 1 [Delay] to state 7 [Delay, Insist] can be sanctioned by MoE moving to state 8 [Modify, Delay, Insist], leaving Local Government no better off than at state 1, though at a cost to those who sanction (not credible)."))
    }

    @Test func badConflictFilesGiveLocatedDiagnostics() throws {
        let text = """
            {"options": [{"name": "a", "permittedDirection": "both"}, {"name": "b", "permittedDirection": "sideways"}],
             "decisionMakers": [{"name": "X", "options": [0], "preferences": [[[2, "Y"]]]},
                                {"name": "Y", "options": [1], "preferences": [[[0, "maybe"]]]}],
             "infeasibles": []}
            """
        let error = try #require(throws: DiagnosticError.self) { try GMCRReader.read(text, file: "bad.gmcr") }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("option 'b' has permittedDirection 'sideways'; it must be both, fwd or back"))
        #expect(messages.contains("option index 2 is out of range; the options are numbered 0..1"))
        #expect(messages.contains("'maybe' is not Y or N"))
        #expect(error.diagnostics.allSatisfy { $0.location?.file == "bad.gmcr" })
        let outOfRange = try #require(error.diagnostics.first { $0.message.hasPrefix("option index 2") })
        let line = String(text.split(separator: "\n")[1])
        let column = line.distance(from: line.startIndex, to: line.range(of: "[[[2")!.lowerBound) + 4
        #expect(outOfRange.location?.line == 2 && outOfRange.location?.column == column)
    }

    @Test func aRankingThatMissesStatesIsAnError() throws {
        let text = """
            {"options": [{"name": "a", "permittedDirection": "both"}, {"name": "b", "permittedDirection": "both"}],
             "useManualPreferenceRanking": true,
             "decisionMakers": [{"name": "X", "options": [0], "preferenceRanking": [1, 2, 3]},
                                {"name": "Y", "options": [1], "preferenceRanking": [4, 3, 2, 1]}],
             "infeasibles": []}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString).gmcr").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try Stability()(path) }
        #expect(error.diagnostics.first?.message == "decision maker 'X' does not rank state 4")
        #expect(error.diagnostics.first?.location?.line == 3)
    }
}

/// The founding case's conflict of moves and threats (examples/ukraine-2024-11.yaml, `conflict`).
@Suite struct FoundingCaseConflictTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/ukraine-2024-11.yaml").standardizedFileURL.path

    @Test func theSettlementWithRenunciationIsStableAndTheWarIsToo() throws {
        let report = try Stability()(Self.file)
        // Options: restrict-aid, surge, ru-talks, ua-talks, ua-renounce, eu-force.
        #expect(report.states.count == 48)
        let nash = try #require(report.equilibria["nash"])
        #expect(nash.contains("NNNNNN"), "fighting on, no leverage used, is stable")
        #expect(nash.contains("NNYYYY"), "talks with NATO renounced and a European force is stable")
    }

    @Test func theThreatsMakeASettlementWithoutRenunciationCrediblyStable() throws {
        let withThreats = try Stability()(Self.file)
        let withoutThreats = try Stability()(Self.file, fixed: ["surge": false, "restrict-aid": false])
        // Aid restricted, both at the table, a European force, no renunciation: SEQ-stable only
        // because the US can answer Russia's walking out with a weapons surge.
        #expect(withThreats.equilibria["seq"]?.contains("YNYYNY") == true)
        #expect(withoutThreats.equilibria["seq"]?.contains { $0.hasPrefix("NN") && $0.dropFirst(2) == "YYNY" } == false)
        let sentences = try Stability()(Self.file, state: 35).narratives.flatMap(\.sentences)
        #expect(sentences.contains { $0.hasPrefix("Russia's move from state 35") && $0.contains("United States moving to state 33 [surge") })
    }
}

@Suite struct StabilityConceptsExplainedTests {
    @Test func theTextExplainsEveryConcept() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/ukraine-2024-11.yaml").standardizedFileURL.path
        let report = try Stability()(path)
        let text = report.text()
        for concept in ParleyConflict.StabilityConcept.allCases { #expect(text.contains(concept.meaning)) }
    }
}

extension StabilityConceptsExplainedTests {
    @Test func fixingOptionsKeepsTheConflictsOwnStateNumbers() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/ukraine-2024-11.yaml").standardizedFileURL.path
        let full = try Stability()(path)
        let byPattern = Dictionary(uniqueKeysWithValues: full.states.map { ($0.pattern, $0.number) })
        let fixed = try Stability()(path, fixed: ["surge": false])
        #expect(fixed.states.count < full.states.count)
        for state in fixed.states { #expect(byPattern[state.pattern] == state.number, "\(state.pattern)") }
        // Explanations and a status quo are named by those numbers too.
        let kept = try #require(fixed.states.last)
        let explained = try Stability()(path, state: kept.number, fixed: ["surge": false])
        #expect(explained.narratives.allSatisfy { $0.state == kept.number })
        #expect(explained.narratives.flatMap(\.sentences).contains { $0.contains("state \(kept.number) [") })
        // A state ruled out by the fix is named as such.
        let removed = try #require(full.states.first { byPattern[$0.pattern] != nil && !fixed.states.map(\.pattern).contains($0.pattern) })
        #expect(throws: UsageError.self) { try Stability()(path, state: removed.number, fixed: ["surge": false]) }
    }
}
