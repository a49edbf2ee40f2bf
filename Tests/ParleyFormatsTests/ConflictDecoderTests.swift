import ParleyCore
import ParleyFormats
import Testing

@Suite struct ConflictDecoderTests {
    static func conflict(_ preferences: String, extra: String = "") throws -> ConflictModel {
        let text = """
            parley: 1
            conflict:
              decision-makers:
                - id: A
                  options: [{id: a}, {id: b, direction: fwd}]
                  preferences: \(preferences)
                - id: B
                  options: [{id: c}]
                  preferences: ["c"]
            \(extra)
            """
        let root = try YAMLDocumentReader.read(text, file: "c.yaml")
        return try ScenarioDecoder().decodeConflict(root).0
    }

    @Test func statementsFollowGMCRPlusPrioritisation() throws {
        let model = try Self.conflict(#"["a & -b", "b | c", "a IF c", "b IFF -a"]"#)
        guard case .prioritized(let statements) = model.decisionMakers[0].preferences else {
            Issue.record("expected prioritised statements"); return
        }
        #expect(statements.count == 4)
        // Codes: bit 0 = a, bit 1 = b, bit 2 = c.
        #expect(statements[0].holds(at: 0b001) && !statements[0].holds(at: 0b011))
        #expect(statements[1].holds(at: 0b100) && !statements[1].holds(at: 0b001))
        #expect(!statements[2].holds(at: 0b100) && statements[2].holds(at: 0b101) && statements[2].holds(at: 0b000))
        #expect(statements[3].holds(at: 0b010) && !statements[3].holds(at: 0b011))
        #expect(model.options[1].direction == .forward)
    }

    @Test func badStatementsAreLocatedWithASuggestion() throws {
        let error = try #require(throws: DiagnosticError.self) { try Self.conflict(#"["a & -bb", "a &"]"#) }
        let first = try #require(error.diagnostics.first)
        #expect(first.message == "statement 'a & -bb': unknown option 'bb'")
        #expect(first.help == "did you mean 'b'?")
        #expect(first.location?.line == 6)
        #expect(error.diagnostics.count == 2)
    }

    @Test func coalitionsAndInfeasibleCombinations() throws {
        let model = try Self.conflict(#"["a"]"#, extra: "  infeasible: [\"a & c\"]\n  coalitions: [[A, B]]")
        #expect(model.infeasible == [OptionPattern([(0, true), (2, true)])])
        #expect(model.coalitions == [[0, 1]])
        let error = try #require(throws: DiagnosticError.self) {
            try Self.conflict(#"["a"]"#, extra: "  coalitions: [[A, C]]")
        }
        #expect(error.diagnostics.contains { $0.message == "unknown decision maker 'C' in a coalition" })
    }
}
