import ParleyCore
import ParleyFormats
import Testing

/// The rules of ``ConflictValidator``, fed through both formats: each problem with its message and
/// where it was written.
@Suite struct ConflictValidationTests {
    /// "line:column message" of every diagnostic, errors and warnings.
    static func problems(gmcr text: String) -> [String] {
        do {
            let read = try GMCRReader.read(text, file: "c.gmcr")
            return read.warnings.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        } catch {
            return error.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        }
    }

    static func problems(yaml text: String) -> [String] {
        do {
            let root = try YAMLDocumentReader.read(text, file: "c.yaml")
            return try ScenarioDecoder().decodeConflict(root).1.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        } catch {
            return error.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        }
    }

    @Test func gmcrOwnershipAndDecisionMakers() {
        let text = """
            {"options": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
             "decisionMakers": [{"name": "X", "options": [0, 1], "preferences": []},
                                {"name": "Y", "options": [1], "preferences": []}]}
            """
        #expect(Self.problems(gmcr: text) == [
            "3:47 option 'b' is controlled by both 'X' and 'Y'",
            "1:44 option 'c' is controlled by no decision maker; it never changes",
        ])
        let alone = #"{"options": [{"name": "a"}], "decisionMakers": [{"name": "X", "options": [0], "preferences": []}]}"#
        #expect(Self.problems(gmcr: alone) == ["1:48 a conflict needs at least two decision makers; found 1"])
    }

    @Test func gmcrCoalitions() {
        let text = """
            {"options": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
             "decisionMakers": [{"name": "X", "options": [0], "preferences": []}, {"name": "Y", "options": [1], "preferences": []},
                                {"name": "Z", "options": [2], "preferences": []}],
             "coalitions": [[0, 1], [1]]}
            """
        #expect(Self.problems(gmcr: text) == [
            "4:26 decision maker 'Y' is in more than one coalition",
            "4:16 decision maker 'Z' is in no coalition",
        ])
    }

    @Test func gmcrRankingsPointAtTheState() {
        let text = """
            {"options": [{"name": "a"}, {"name": "b"}], "useManualPreferenceRanking": true,
             "decisionMakers": [{"name": "X", "options": [0], "preferenceRanking": [1, [2, 9], 3, 4]},
                                {"name": "Y", "options": [1], "preferenceRanking": [4, 3, 3, 1]}]}
            """
        #expect(Self.problems(gmcr: text) == [
            "2:80 decision maker 'X' ranks state 9, but there are 4 feasible states",
            "3:79 decision maker 'Y' ranks state 3 twice",
            "3:72 decision maker 'Y' does not rank state 2",
        ])
    }

    @Test func yamlIdsAndRankings() {
        let text = """
            conflict:
              decision-makers:
                - id: A
                  options: [{id: a}, {id: b}]
                - id: A
                  options: [{id: a}]
            """
        #expect(Self.problems(yaml: text) == [
            "6:22 duplicate option id 'a' (first declared at line 4)",
            "5:7 duplicate decision maker id 'A' (first declared at line 3)",
        ])
        let ranking = """
            conflict:
              decision-makers:
                - id: A
                  options: [{id: a}]
                  ranking: [YN, [NN, YN], NY, YY]
                - id: B
                  options: [{id: b}]
                  ranking: [YY, NN]
            """
        #expect(Self.problems(yaml: ranking) == [
            "5:26 decision maker 'A' ranks state YN twice",
            "8:16 decision maker 'B' does not rank the feasible states YN, NY",
        ])
    }

    @Test func theSameRuleReadsTheSameInEveryFormat() {
        let gmcr = #"{"options": [{"name": "a"}], "decisionMakers": [{"name": "A", "options": [0], "preferences": []}]}"#
        let yaml = "conflict:\n  decision-makers:\n    - id: A\n      options: [{id: a}]\n"
        #expect(Self.problems(gmcr: gmcr).map { $0.drop { $0 != " " } } == Self.problems(yaml: yaml).map { $0.drop { $0 != " " } })
    }

    @Test func modelsBuiltInCodeAreCheckedToo() {
        let model = ConflictModel(options: [ConflictOption(name: "a")],
                                  decisionMakers: [DecisionMaker(name: "A", options: [0], preferences: .ranking([[1]])),
                                                   DecisionMaker(name: "B", options: [], preferences: .prioritized([]))])
        #expect(ConflictValidator().problems(model).map(\.message) == ["decision maker 'A' does not rank state 2"])
        let wide = ConflictModel(options: (0..<25).map { ConflictOption(name: "o\($0)") },
                                 decisionMakers: [DecisionMaker(name: "A", options: Array(0..<13), preferences: .prioritized([])),
                                                  DecisionMaker(name: "B", options: Array(13..<25), preferences: .prioritized([]))])
        #expect(ConflictValidator().problems(wide).map(\.message) == ["the conflict has 25 options; at most 24 can be analysed (2^n states)"])
        let empty = ConflictModel(options: [], decisionMakers: [DecisionMaker(name: "A", options: [], preferences: .prioritized([])),
                                                                DecisionMaker(name: "B", options: [], preferences: .prioritized([]))])
        #expect(ConflictValidator().problems(empty).map(\.message) == ["the conflict has no options"])
    }
}
