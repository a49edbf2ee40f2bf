import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyConflict

/// gmcr-py's answers for its example conflicts (../shared/data/gmcr/expected/equilibria-gmcr-py.json).
enum GMCRData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/gmcr").standardizedFileURL

    static func expected() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: root.appendingPathComponent("expected/equilibria-gmcr-py.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
    }

    static func model(_ file: String) throws -> GraphModel {
        try GraphModel(GMCRReader.read(contentsOf: root.appendingPathComponent("examples/\(file)").path).model)
    }

    /// The example file of each conflict in the expected data.
    static let files = ["Prisoners": "Prisoners.gmcr", "Elmira": "Elmira.gmcr", "Garrison": "Garrison.gmcr",
                        "MilkRiver": "MilkRiver.gmcr", "Elmira_coalition_MoE_Uniroyal": "Elmira_coalition_MoE_Uniroyal.gmcr"]
}

@Suite struct GraphModelTests {
    @Test(arguments: ["Prisoners", "Elmira", "Garrison", "MilkRiver"])
    func statesAndPayoffsMatchGMCRPy(conflict: String) throws {
        let expected = try #require(try GMCRData.expected()[conflict])
        let graph = try GMCRData.model(try #require(GMCRData.files[conflict]))
        let states = try #require(expected["states"] as? [[String: Any]])
        #expect(graph.count == states.count)
        for (index, state) in states.enumerated() where index < graph.count {
            #expect(graph.pattern(index) == state["ynPattern"] as? String, "\(conflict) state \(index + 1)")
            #expect(Int(graph.codes[index]) == state["decimal"] as? Int)
            let payoffs = try #require(state["payoffs"] as? [String: Int])
            for (dm, decisionMaker) in graph.model.decisionMakers.enumerated() {
                #expect(graph.payoffs[dm][index] == payoffs[decisionMaker.name], "\(conflict) state \(index + 1), \(decisionMaker.name)")
            }
        }
    }
}
