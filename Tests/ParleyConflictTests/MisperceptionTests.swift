import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyConflict

/// gmcr-py's misperceptions (../shared/data/gmcr/MISPERCEPTIONS.md), reproduced state by state and
/// concept by concept from `expected/misperceptions-gmcr-py.json`: which states each decision maker
/// perceives, the states stable for each decision maker under every concept, and the equilibria.
@Suite struct MisperceptionTests {
    static let conflicts = ["Prisoners_misp", "Elmira_misp", "Garrison_misp", "MilkRiver_misp"]

    static func expected() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: GMCRData.root.appendingPathComponent("expected/misperceptions-gmcr-py.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
    }

    @Test(arguments: conflicts)
    func perceivedStatesMatchGMCRPy(conflict: String) throws {
        let expected = try #require(try Self.expected()[conflict])
        let graph = try GMCRData.model("\(conflict).gmcr")
        let dms = try #require(expected["dms"] as? [[String: Any]])
        #expect(dms.count == graph.model.decisionMakers.count)
        for (index, dm) in dms.enumerated() {
            let perceived = (0..<graph.count).filter { graph.perceived[index][$0] }.map { $0 + 1 }
            let misperceived = (0..<graph.count).filter { !graph.perceived[index][$0] }.map { $0 + 1 }
            #expect(perceived == dm["perceived"] as? [Int], "\(conflict) \(dm["name"] ?? "") perceived")
            #expect(misperceived == dm["misperceived"] as? [Int] ?? [], "\(conflict) \(dm["name"] ?? "") misperceived")
        }
    }

    @Test(arguments: conflicts)
    func everyDecisionMakersStableStatesMatchGMCRPy(conflict: String) throws {
        let expected = try #require(try Self.expected()[conflict])
        let analysis = StabilityAnalysis(try GMCRData.model("\(conflict).gmcr"))
        let dms = try #require(expected["dms"] as? [[String: Any]])
        for (index, dm) in dms.enumerated() {
            let stable = try #require(dm["stable"] as? [String: [Int]])
            for (concept, key) in StabilityTests.keys {
                let ours = (0..<analysis.graph.count).filter { analysis.stable[concept]![index][$0] }.map { $0 + 1 }
                #expect(ours == stable[key], "\(conflict) \(dm["name"] ?? "") \(key): ours \(ours), gmcr-py \(stable[key] ?? [])")
            }
        }
        let equilibria = try #require(expected["equilibria"] as? [String: [Int]])
        for (concept, key) in StabilityTests.keys {
            #expect(analysis.equilibria(concept).map { $0 + 1 } == equilibria[key], "\(conflict) \(key)")
        }
    }

    /// Without misperceptions nothing changes; Nash equilibria can only be added by them.
    @Test(arguments: conflicts)
    func misperceptionsOnlyAddNashEquilibria(conflict: String) throws {
        let with = StabilityAnalysis(try GMCRData.model("\(conflict).gmcr"))
        var model = with.graph.model
        for index in model.decisionMakers.indices { model.decisionMakers[index].misperceptions = [] }
        let without = StabilityAnalysis(try GraphModel(model))
        #expect(Set(without.equilibria(.nash)).isSubset(of: Set(with.equilibria(.nash))), "\(conflict)")
        let plain = StabilityAnalysis(try GMCRData.model("\(conflict.replacingOccurrences(of: "_misp", with: "")).gmcr"))
        for concept in StabilityConcept.allCases { #expect(without.equilibria(concept) == plain.equilibria(concept), "\(conflict) \(concept)") }
    }

    @Test func parleysConflictSectionReadsAndWritesMisperceptions() throws {
        let text = """
            parley: 1
            id: misp
            title: Misperceptions
            conflict:
              decision-makers:
                - id: one
                  options: [{id: c1, name: Cooperate}]
                  preferences: [-c2, -c1]
                  misperceives: ["c1 & -c2"]
                - id: two
                  options: [{id: c2, name: Cooperate}]
                  preferences: [-c1, -c2]
            """
        let (model, _) = try ScenarioDecoderEntry.conflict(text)
        #expect(model.decisionMakers[0].misperceptions == [OptionPattern([(0, true), (1, false)])])
        let graph = try GraphModel(model)
        #expect(graph.misperceiving(1) == [0])
        let bad = text.replacingOccurrences(of: "\"c1 & -c2\"", with: "\"c1 IF c2\"")
        #expect(throws: DiagnosticError.self) { try ScenarioDecoderEntry.conflict(bad) }
    }
}

/// The conflict of a standalone conflict text, through the decoder the command line uses.
enum ScenarioDecoderEntry {
    static func conflict(_ text: String) throws -> (ConflictModel, [Diagnostic]) {
        try ScenarioDecoder().decodeConflict(try YAMLDocumentReader.read(text, file: "misp.yaml"))
    }
}
