import Foundation
import ParleyCore
import ParleyFormats
import Testing

/// Diagnostics for bad references: sources, confidence, preferences, red lines, proposals, and
/// every independent error at once.
extension DiagnosticsTests {
    // MARK: Sources and confidence

    @Test func unknownSourceReferenceIsReported() {
        let text = minimal(replacing: "source: src, confidence: high", with: "source: reuters, confidence: high")
        expectFirstError(in: text, "unknown source 'reuters'", line: 26, column: 67, help: "known sources: src")
    }

    @Test func badConfidenceWordIsReported() {
        let text = minimal(replacing: "source: src, confidence: high", with: "source: src, confidence: certain")
        expectFirstError(in: text, "confidence 'certain' is not one of low, medium, high", line: 26, column: 84,
                         help: "confidence: low")
    }

    // MARK: References to issues

    @Test func unknownIssueInPreferencesIsReported() {
        let text = minimal(replacing: "      aid: {salience: 40, ideal: 0}\n", with: "      aide: {salience: 40, ideal: 0}\n")
        expectFirstError(in: text, "unknown issue 'aide'", line: 35, column: 7, help: "did you mean 'aid'?")
    }

    @Test func invalidIssueDoesNotCauseUnknownIssueErrorsWhereItIsUsed() {
        let text = minimal(replacing: "    kind: ordered\n", with: "    kind: orderd\n")
        let found = errors(of: text)
        // Expected: only the error about the kind. Observed: also "unknown issue 'border'" at
        // 26:7, 30:18 and 39:15 (with help "the issues are: aid, flag", although 'border' is
        // declared) and "weights of party 'A' sum to 0.5". The same happens after any error inside
        // an issue (duplicate option, bad range, bad status quo, ...).
        #expect(found.count == 1, "\(found.map(\.message))")
        if let first = found.first {
            check(first, "issue 'border' has kind 'orderd'", line: 12, column: 11)
        }
    }

    // MARK: Red lines

    @Test func redLineWithNoRuleIsReported() {
        let text = minimal(replacing: "        forbid: {border: south}\n", with: "        description: never\n")
        expectFirstError(in: text, "red line 'a-no-south' says nothing to forbid or require", line: 29, column: 9,
                         help: "forbid: {issue: option}")
    }

    @Test func redLineWithForbidAndRequireIsReported() {
        let text = minimal(replacing: "        forbid: {border: south}\n", with: """
                    forbid: {border: south}
                    require: {flag: red}

            """)
        expectFirstError(in: text, "red line 'a-no-south' combines 'forbid' and 'require'; a red line has one rule",
                         line: 29, column: 9, help: "split it")
    }

    @Test func redLineThenWithoutIfIsReported() {
        let text = minimal(replacing: "        forbid: {border: south}\n", with: "        then: {border: north}\n")
        // Expected: the dedicated "has 'then' without 'if'" at the 'then' key (30:9). Observed: "red
        // line 'a-no-south' says nothing to forbid or require" at 29:9; the dedicated check is only
        // reached when 'forbid' or 'require' is present as well.
        expectFirstError(in: text, "red line 'a-no-south' has 'then' without 'if'", line: 30, column: 9,
                         help: "add 'if:'")
    }

    @Test func redLineIfWithoutThenNamesTheRedLine() {
        let text = minimal(replacing: "        forbid: {border: south}\n", with: "        if: {border: north}\n")
        // Expected: the message names the red line. Observed: "a red line has no 'then'".
        expectFirstError(in: text, "red line 'a-no-south' has no 'then'", line: 29, column: 9, help: "then:")
    }

    @Test func redLineNamingAnUnknownOptionIsReported() {
        let text = minimal(replacing: "{border: south}", with: "{border: sout}")
        expectFirstError(in: text, "issue 'border' has no option 'sout'", line: 30, column: 26,
                         help: "did you mean 'south'?")
    }

    @Test func redLineNamingAnUnknownIssueIsReported() {
        let text = minimal(replacing: "{border: south}", with: "{borders: south}")
        expectFirstError(in: text, "unknown issue 'borders'", line: 30, column: 18, help: "did you mean 'border'?")
    }

    // MARK: Proposals

    @Test func proposalNamingAnUnknownOptionIsReported() {
        let text = minimal(replacing: "flag: red}", with: "flag: green}")
        expectFirstError(in: text, "issue 'flag' has no option 'green'", line: 39, column: 45,
                         help: "its options are: red, blue")
    }

    @Test func proposalWithAnUnknownProposerIsReported() {
        let text = minimal(replacing: "    proposer: A\n", with: "    proposer: C\n")
        expectFirstError(in: text, "proposal 'p1' names proposer 'C', who is not a party", line: 38, column: 15,
                         help: "the parties are: A, B")
    }

    @Test func proposalNamingAnUnknownIssueIsReported() {
        let text = minimal(replacing: "flag: red}", with: "flags: red}")
        expectFirstError(in: text, "unknown issue 'flags'", line: 39, column: 39, help: "did you mean 'flag'?")
    }

    @Test func numericProposalValueOffTheGridIsReported() {
        let text = minimal(replacing: "aid: 50,", with: "aid: 60,")
        // Expected: the nearest grid value as the suggestion ("did you mean '50'?"). Observed: "did
        // you mean '0'?", the option id nearest by spelling.
        let first = expectFirstError(in: text, "issue 'aid' has no option '60'", line: 39, column: 35,
                                     help: "did you mean '50'?")
        #expect(first?.help?.contains("did you mean '0'?") == false)
    }

    // MARK: Several errors, files

    @Test func everyIndependentErrorIsReportedAtOnce() {
        let text = minimalScenario
            .replacingOccurrences(of: "parley: 1\n", with: "parley: 2\n")
            .replacingOccurrences(of: "confidence: high", with: "confidence: sure")
            .replacingOccurrences(of: "{border: south}", with: "{border: sout}")
            .replacingOccurrences(of: "    reservation: 0.2\n", with: "    reservation: 1.3\n")
            .replacingOccurrences(of: "proposer: A", with: "proposer: C")
        let found = diagnostics(of: text)
        #expect(found.count == 5, "\(found.map(\.message))")
        guard found.count == 5 else { return }
        check(found[0], "format version 2 is not supported", line: 1, column: 9)
        check(found[1], "confidence 'sure' is not one of low, medium, high", line: 26, column: 84)
        check(found[2], "issue 'border' has no option 'sout'", line: 30, column: 26)
        check(found[3], "the reservation value of party 'B' is 1.3, outside 0..1", line: 32, column: 18)
        check(found[4], "proposal 'p1' names proposer 'C', who is not a party", line: 38, column: 15)
    }

    @Test func missingFileIsReportedWithoutALocation() {
        let path = "/nonexistent/parley-tests/bad.yaml"
        do {
            _ = try ScenarioReader.read(contentsOf: path)
            Testing.Issue.record("reading a missing file succeeded")
        } catch {
            #expect(error.diagnostics.count == 1)
            let first = error.diagnostics.first
            #expect(first?.severity == .error)
            #expect(first?.message.hasPrefix("no such file") == true, "\(first?.message ?? "")")
            #expect(first?.message.contains(path) == true)
            #expect(first?.location == nil)
            #expect(first?.help != nil)
        }
    }
}

/// Independent checks keep running after an error elsewhere: every mistake is reported at once.
@Suite struct EveryMistakeAtOnceTests {
    @Test func weightsAreSummedWhenAnOptionOfTheSamePartyIsMisspelt() {
        let text = minimal(replacing: "border: {weight: 0.5, values: {north: 1, south: 0}",
                           with: "border: {weight: 0.6, values: {nort: 1, south: 0}")
        let messages = errors(of: text).map(\.message)
        #expect(messages.contains { $0.contains("has no option 'nort'") })
        #expect(messages.contains("weights of party 'A' sum to 1.1; they must sum to 1"))
    }

    @Test func weightsAreSummedWhenAnIssueIsMisspelt() {
        let text = minimal(replacing: "      aid: {weight: 0.5, ideal: 100}", with: "      aidd: {weight: 0.6, ideal: 100}")
        let messages = errors(of: text).map(\.message)
        #expect(messages.contains { $0.contains("unknown issue 'aidd'") })
        #expect(messages.contains("weights of party 'A' sum to 1.1; they must sum to 1"))
    }

    @Test func brokenStancesDoNotMakeUpASalienceError() {
        let text = minimal(replacing: "      flag: {salience: 60, values: {red: 0, blue: 1}}\n      aid: {salience: 40, ideal: 0}",
                           with: "      flag: {salience: 60, values: {redd: 0, blue: 1}}\n      aid: {salience: 40, ideal: 500}")
        let messages = errors(of: text).map(\.message)
        #expect(messages.count == 2, "\(messages)")
        #expect(!messages.contains { $0.contains("are all 0") })
    }

    @Test func aDuplicateProposalIsReportedWhenItsPackageIsWrong() {
        let text = minimalScenario + """
              - id: p1
                package: {border: nowhere}

            """
        let messages = errors(of: text).map(\.message)
        #expect(messages.contains { $0.contains("has no option 'nowhere'") })
        #expect(messages.contains("duplicate proposal id 'p1' (first declared at line 37)"))
    }

    @Test func aDuplicateIssueIsReportedWhenItIsBroken() {
        let text = minimal(replacing: "  - id: flag\n    options: [red, blue]\n", with: "  - id: border\n    kind: shape\n    options: [red, blue]\n")
        let messages = errors(of: text).map(\.message)
        #expect(messages.contains { $0.hasPrefix("duplicate issue id 'border'") })
        #expect(messages.contains { $0.contains("kind 'shape'") })
    }
}
