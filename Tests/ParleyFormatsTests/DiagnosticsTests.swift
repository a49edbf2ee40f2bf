import Foundation
import ParleyCore
import ParleyFormats
import Testing

// Every bad-input test below starts from `minimalScenario`, changes one thing, and checks the first
// error's message, its exact line and column in "bad.yaml", and that it comes with help.
//
// Some tests state the behaviour the decoder should have rather than the one it has today; each of
// those says so in a comment starting "Expected:".
//
// Line numbers of `minimalScenario` (the tests refer to them):
//
//  1 parley: 1
//  2 id: mini
//  3 title: Minimal scenario
//  4 sources:
//  5   - id: src
//  6     title: A source
//  7 parties:
//  8   - id: A
//  9   - id: B
// 10 issues:
// 11   - id: border
// 12     kind: ordered
// 13     options:
// 14       - id: north
// 15         position: 0
// 16       - id: south
// 17         position: 100
// 18   - id: aid
// 19     range: {min: 0, max: 100, step: 50}
// 20   - id: flag
// 21     options: [red, blue]
// 22 preferences:
// 23   A:
// 24     reservation: 0.3
// 25     issues:
// 26       border: {weight: 0.5, values: {north: 1, south: 0}, source: src, confidence: high}
// 27       aid: {weight: 0.5, ideal: 100}
// 28     red-lines:
// 29       - id: a-no-south
// 30         forbid: {border: south}
// 31   B:
// 32     reservation: 0.2
// 33     issues:
// 34       flag: {salience: 60, values: {red: 0, blue: 1}}
// 35       aid: {salience: 40, ideal: 0}
// 36 proposals:
// 37   - id: p1
// 38     proposer: A
// 39     package: {border: north, aid: 50, flag: red}

/// A small valid scenario with one issue of each kind, weights and saliences, a source, a red line
/// and a proposal.
private let minimalScenario = """
    parley: 1
    id: mini
    title: Minimal scenario
    sources:
      - id: src
        title: A source
    parties:
      - id: A
      - id: B
    issues:
      - id: border
        kind: ordered
        options:
          - id: north
            position: 0
          - id: south
            position: 100
      - id: aid
        range: {min: 0, max: 100, step: 50}
      - id: flag
        options: [red, blue]
    preferences:
      A:
        reservation: 0.3
        issues:
          border: {weight: 0.5, values: {north: 1, south: 0}, source: src, confidence: high}
          aid: {weight: 0.5, ideal: 100}
        red-lines:
          - id: a-no-south
            forbid: {border: south}
      B:
        reservation: 0.2
        issues:
          flag: {salience: 60, values: {red: 0, blue: 1}}
          aid: {salience: 40, ideal: 0}
    proposals:
      - id: p1
        proposer: A
        package: {border: north, aid: 50, flag: red}

    """

private let fileName = "bad.yaml"

/// `minimalScenario` with `old`, which must occur in it exactly once, replaced by `new`.
private func minimal(replacing old: String, with new: String,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let pieces = minimalScenario.components(separatedBy: old)
    #expect(pieces.count == 2, "the minimal scenario must contain \(old.debugDescription) exactly once",
            sourceLocation: sourceLocation)
    return pieces.joined(separator: new)
}

/// Every diagnostic reading `text` produces; records an issue when `text` decodes without errors.
private func diagnostics(of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        let decoded = try ScenarioReader.read(text, file: fileName)
        Testing.Issue.record("expected the scenario to be rejected, but it decoded (warnings: \(decoded.warnings))",
                             sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The errors (not warnings) reading `text` produces.
private func errors(of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    diagnostics(of: text, sourceLocation: sourceLocation).filter { $0.severity == .error }
}

/// Checks one diagnostic: its message contains `message`, it points at `line`:`column` of
/// "bad.yaml", it has help, and the help contains `help` when given.
private func check(_ diagnostic: Diagnostic, _ message: String, line: Int, column: Int, help: String? = nil,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostic.message.contains(message), "message: \(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(diagnostic.location?.file == fileName, sourceLocation: sourceLocation)
    #expect(diagnostic.location?.line == line, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(diagnostic.location?.column == column, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(diagnostic.help != nil, "no help for: \(diagnostic.message)", sourceLocation: sourceLocation)
    if let help {
        #expect(diagnostic.help?.contains(help) == true, "help: \(diagnostic.help ?? "none")",
                sourceLocation: sourceLocation)
    }
}

/// Checks the first error reading `text` produces (see ``check(_:_:line:column:help:sourceLocation:)``).
@discardableResult
private func expectFirstError(in text: String, _ message: String, line: Int, column: Int, help: String? = nil,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    guard let first = errors(of: text, sourceLocation: sourceLocation).first else {
        Testing.Issue.record("no error was reported; expected '\(message)' at \(line):\(column)",
                             sourceLocation: sourceLocation)
        return nil
    }
    check(first, message, line: line, column: column, help: help, sourceLocation: sourceLocation)
    return first
}

/// For exit tests: whether the first error of `text` is at `line`:`column` and mentions `message`.
private func firstErrorMatches(_ text: String, _ message: String, line: Int, column: Int) -> Bool {
    do {
        _ = try ScenarioReader.read(text, file: fileName)
        return false
    } catch {
        guard let first = error.diagnostics.first(where: { $0.severity == .error }) else { return false }
        return first.message.contains(message) && first.location?.line == line && first.location?.column == column
            && first.help != nil
    }
}

@Suite("Diagnostics for bad scenario input")
struct DiagnosticsTests {
    /// One change to the minimal scenario and the error it should cause, for parameterised tests.
    struct Edit: Sendable, CustomTestStringConvertible {
        var old: String
        var new: String
        var message: String
        var line: Int
        var column: Int

        init(_ old: String, _ new: String, _ message: String, line: Int, column: Int) {
            (self.old, self.new, self.message, self.line, self.column) = (old, new, message, line, column)
        }

        /// The minimal scenario with the change made.
        var text: String { minimal(replacing: old, with: new) }

        var testDescription: String { new.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    // MARK: The baseline

    @Test func minimalScenarioDecodesWithoutDiagnostics() throws {
        let decoded = try ScenarioReader.read(minimalScenario, file: fileName)
        #expect(decoded.warnings.isEmpty)
        #expect(decoded.scenario.parties.map(\.id.rawValue) == ["A", "B"])
        #expect(decoded.scenario.issues.map(\.id.rawValue) == ["border", "aid", "flag"])
        #expect(decoded.scenario.issues[1].options.map(\.id.rawValue) == ["0", "50", "100"])
        #expect(decoded.scenario.proposals.count == 1)
        // B's saliences 60 and 40 become weights 0.6 and 0.4.
        let stances = decoded.scenario.parties[1].preferences.stances
        #expect(abs((stances[2]?.weight.value ?? 0) - 0.6) < 1e-9)
        #expect(abs((stances[1]?.weight.value ?? 0) - 0.4) < 1e-9)
    }

    // MARK: YAML syntax and the file as a whole

    @Test func badIndentationIsAYAMLSyntaxError() {
        let text = minimal(replacing: "  - id: B\n", with: """
              - id: B
               name: Bee

            """)
        // Line 10 is "   name: Bee", indented by three spaces.
        expectFirstError(in: text, "YAML syntax error: did not find expected '-' indicator", line: 10, column: 4,
                         help: "indentation")
    }

    @Test func tabIndentationIsAYAMLSyntaxError() {
        let text = minimal(replacing: "  - id: B\n", with: "\t- id: B\n")
        expectFirstError(in: text, "found a tab character that violates indentation", line: 9, column: 1)
    }

    @Test func unclosedBracketPointsAtTheBracket() {
        let text = minimal(replacing: "    options: [red, blue]\n", with: "    options: [red, blue\n")
        // Expected: the '[' that is never closed (line 21, column 14). Observed: 22:12, the ':' of
        // "preferences:" on the next line, where libyaml gave up; the context mark (the bracket)
        // that libyaml reports is dropped by YAMLDocumentReader.
        expectFirstError(in: text, "did not find expected ',' or ']'", line: 21, column: 14)
    }

    @Test(arguments: ["", "\n\n", "   \n", "# only a comment\n"])
    func emptyFileIsReported(text: String) {
        expectFirstError(in: text, "bad.yaml is empty", line: 1, column: 1, help: "docs/scenario-format.md")
    }

    @Test(arguments: [
        ("- parley: 1\n- id: mini\n", "found a list"),
        ("just some text\n", "found text"),
    ])
    func topLevelMustBeAMapping(text: String, found: String) {
        expectFirstError(in: text, "the scenario must be a mapping of keys to values, \(found)", line: 1, column: 1,
                         help: "parley, id, title")
    }

    // MARK: The format version

    @Test func missingVersionIsReported() {
        let text = minimal(replacing: "parley: 1\n", with: "")
        expectFirstError(in: text, "the scenario has no 'parley'", line: 1, column: 1, help: "parley: 1")
    }

    @Test(arguments: ["2", "0", "1.5"])
    func unsupportedVersionIsReported(version: String) {
        let text = minimal(replacing: "parley: 1\n", with: "parley: \(version)\n")
        expectFirstError(in: text, "format version \(version) is not supported; this Parley reads version 1",
                         line: 1, column: 9, help: "parley: 1")
    }

    @Test func versionThatIsNotANumberIsReported() {
        let text = minimal(replacing: "parley: 1\n", with: "parley: one\n")
        expectFirstError(in: text, "the format version 'parley' must be a number, found text", line: 1, column: 9)
    }

    @Test func hugeVersionIsReportedWithoutCrashing() async {
        // Expected: "format version 1e+30 is not supported" at 1:9. Observed: the decoder traps in
        // `Int(number)` (ScenarioDecoder.swift:41) for a version beyond Int's range. Run in a child
        // process so the crash fails this test only.
        await #expect(processExitsWith: .success) {
            let text = minimalScenario.replacingOccurrences(of: "parley: 1\n", with: "parley: 1e30\n")
            if !firstErrorMatches(text, "is not supported", line: 1, column: 9) { exit(1) }
        }
    }

    // MARK: Keys

    @Test func unknownTopLevelKeySuggestsTheNearestKey() {
        let text = minimal(replacing: "title: Minimal scenario\n", with: """
            title: Minimal scenario
            proposal: []

            """)
        expectFirstError(in: text, "unknown key 'proposal' in the scenario", line: 4, column: 1,
                         help: "did you mean 'proposals'?")
    }

    @Test func transposedLettersInAKeySuggestTheKey() {
        let text = minimal(replacing: "title: Minimal scenario\n", with: "titel: Minimal scenario\n")
        // Expected: "did you mean 'title'?". Observed: no suggestion; the edit distance counts a
        // transposition as 2, above the threshold max(1, 5 / 3) = 1 (the same for 'scr' vs 'src').
        expectFirstError(in: text, "unknown key 'titel' in the scenario", line: 3, column: 1,
                         help: "did you mean 'title'?")
    }

    @Test func duplicateKeyPointsAtTheRepeatedKey() {
        let text = minimal(replacing: "title: Minimal scenario\n", with: """
            title: Minimal scenario
            id: again

            """)
        // Expected: "duplicate key 'id' in the scenario" at the second 'id' (4:1), as
        // DecodingContext.mapping reports it. Observed: Yams rejects the mapping first; the
        // diagnostic is "cannot read bad.yaml as YAML: Parser: expected all keys to be unique ..."
        // followed by the whole file, at 1:1.
        let first = expectFirstError(in: text, "duplicate key 'id'", line: 4, column: 1, help: "each key may appear once")
        #expect(first?.message.contains("\n") == false, "the message should be one line, not the whole file")
    }

    // MARK: Ids

    @Test func duplicatePartyIDIsReported() {
        let text = minimal(replacing: "  - id: B\n", with: "  - id: A\n")
        expectFirstError(in: text, "duplicate party id 'A' (first declared at line 8)", line: 9, column: 9,
                         help: "give every party its own id")
    }

    @Test func duplicateIssueIDIsReported() {
        let text = minimal(replacing: "  - id: flag\n", with: "  - id: border\n")
        expectFirstError(in: text, "duplicate issue id 'border' (first declared at line 11)", line: 20, column: 9,
                         help: "give every issue its own id")
    }

    @Test func duplicateOptionIDIsReported() {
        let text = minimal(replacing: "[red, blue]", with: "[red, red]")
        expectFirstError(in: text, "duplicate option id 'red' (first declared at line 21)", line: 21, column: 20,
                         help: "give every option its own id")
    }

    @Test func duplicateSourceIDIsReported() {
        let text = minimal(replacing: "    title: A source\n", with: """
                title: A source
              - id: src
                title: Again

            """)
        expectFirstError(in: text, "duplicate source id 'src' (first declared at line 5)", line: 7, column: 9)
    }

    @Test func duplicateProposalIDIsReported() {
        let text = minimalScenario + """
              - id: p1
                package: {border: south}

            """
        expectFirstError(in: text, "duplicate proposal id 'p1' (first declared at line 37)", line: 40, column: 9,
                         help: "give every proposal its own id")
    }

    @Test func duplicateRedLineIDAcrossPartiesIsReported() {
        let text = minimal(replacing: "      aid: {salience: 40, ideal: 0}\n", with: """
                  aid: {salience: 40, ideal: 0}
                red-lines:
                  - id: a-no-south
                    require: {flag: blue}

            """)
        expectFirstError(in: text, "duplicate red line id 'a-no-south' (first declared at line 29)", line: 37,
                         column: 13, help: "give every red line its own id")
    }

    // MARK: Parties

    @Test func fewerThanTwoPartiesIsReported() {
        let text = minimal(replacing: "  - id: B\n", with: "")
        expectFirstError(in: text, "a negotiation needs at least two parties; found 1", line: 8, column: 3,
                         help: "add the other parties")
    }

    @Test func partyWithoutPreferencesIsReported() {
        let text = minimal(replacing: """
              B:
                reservation: 0.2
                issues:
                  flag: {salience: 60, values: {red: 0, blue: 1}}
                  aid: {salience: 40, ideal: 0}

            """, with: "")
        expectFirstError(in: text, "party 'B' has no preferences", line: 9, column: 5, help: "add 'B:' under 'preferences:'")
    }

    // MARK: Issues

    @Test func issueWithEmptyOptionsIsReported() {
        let text = minimal(replacing: "    options: [red, blue]\n", with: "    options: []\n")
        expectFirstError(in: text, "issue 'flag' has no options", line: 21, column: 14)
    }

    @Test func positionOnACategoricalOptionIsReported() {
        let text = minimal(replacing: "    options: [red, blue]\n", with: """
                options:
                  - red
                  - {id: blue, position: 50}

            """)
        expectFirstError(in: text, "option 'blue' has a position, but issue 'flag' is categorical", line: 23,
                         column: 30, help: "kind: ordered")
    }

    @Test func orderedIssueWithPositionsOnSomeOptionsIsReported() {
        let text = minimal(replacing: "        position: 100\n", with: "")
        expectFirstError(in: text, "issue 'border' gives positions to some options but not to south", line: 14,
                         column: 7, help: "give every option a position, or none")
    }

    @Test func rangeWithMinAboveMaxIsReported() {
        let text = minimal(replacing: "{min: 0, max: 100, step: 50}", with: "{min: 100, max: 0, step: 50}")
        expectFirstError(in: text, "the range of issue 'aid' has min 100 above max 0", line: 19, column: 12,
                         help: "swap min and max")
    }

    @Test(arguments: ["0", "-5"])
    func rangeWithStepNotPositiveIsReported(step: String) {
        let text = minimal(replacing: "step: 50}", with: "step: \(step)}")
        // Expected: help, such as "use a positive step, e.g. 'step: 10'". Observed: no help.
        expectFirstError(in: text, "the range of issue 'aid' has step \(step); the step must be positive", line: 19,
                         column: 37)
    }

    @Test func rangeWithTooTinyAStepIsReportedWithoutCrashing() async {
        // Expected: "the range of issue 'aid' makes ... options; at most 10001 are allowed" at the
        // step (19:37). Observed: the decoder traps converting the option count to Int
        // (ScenarioDecoder+Issues.swift:149); so does 'max: 1e300'.
        await #expect(processExitsWith: .success) {
            let text = minimalScenario.replacingOccurrences(of: "step: 50}", with: "step: 1e-300}")
            if !firstErrorMatches(text, "the range of issue 'aid'", line: 19, column: 37) { exit(1) }
        }
    }

    @Test func unknownIssueKindIsReported() {
        let text = minimal(replacing: "    kind: ordered\n", with: "    kind: ordinal\n")
        expectFirstError(in: text, "issue 'border' has kind 'ordinal'; the kinds are categorical, ordered, numeric",
                         line: 12, column: 11, help: "kind: categorical")
    }

    // MARK: Weights and saliences

    @Test func weightsNotSummingToOneAreReported() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {weight: 0.7, ideal: 100}")
        expectFirstError(in: text, "weights of party 'A' sum to 1.2; they must sum to 1", line: 26, column: 7,
                         help: "divide each by 1.2")
    }

    @Test func weightAndSalienceMixedAcrossIssuesAreReported() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {salience: 50, ideal: 100}")
        expectFirstError(in: text, "party 'A' mixes 'weight' (border) and 'salience' (aid)", line: 26, column: 7,
                         help: "use weights (summing to 1) or saliences")
    }

    @Test func stanceWithBothWeightAndSalienceIsReported() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {weight: 0.5, salience: 50, ideal: 100}")
        expectFirstError(in: text, "the stance of party 'A' on issue 'aid' gives both 'weight' and 'salience'",
                         line: 27, column: 12, help: "keep one of them")
    }

    @Test func stanceWithNeitherWeightNorSalienceIsReported() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {ideal: 100}")
        expectFirstError(in: text, "the stance of party 'A' on issue 'aid' has no 'weight' or 'salience'",
                         line: 27, column: 12, help: "add 'weight:'")
    }

    @Test func invalidStanceDoesNotAlsoReportTheWeightSum() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {weight: half, ideal: 100}")
        let found = errors(of: text)
        // Expected: only the error about 'half'. Observed: also "weights of party 'A' sum to 0.5"
        // at 26:7, because the rejected stance is left out of the sum (likewise after any other
        // error inside a stance; a party whose only stance is rejected gets "states no stance on
        // any issue").
        #expect(found.count == 1, "\(found.map(\.message))")
        if let first = found.first {
            check(first, "the weight of issue 'aid' for party 'A' must be a number, found text", line: 27, column: 21)
        }
    }

    // MARK: Values, ideals and reservations

    @Test func valueOutsideZeroToOneIsReported() {
        let text = minimal(replacing: "values: {north: 1, south: 0}", with: "values: {north: 1.5, south: 0}")
        expectFirstError(in: text, "the value of option 'north' of issue 'border' for party 'A' is 1.5, outside 0..1",
                         line: 26, column: 45, help: "between 0 and 1")
    }

    @Test func missingOptionValueIsReported() {
        let text = minimal(replacing: "values: {north: 1, south: 0}", with: "values: {north: 1}")
        expectFirstError(in: text, "party 'A' gives no value for option 'south' of issue 'border'", line: 26,
                         column: 37, help: "give every option a value")
    }

    @Test func valueForAnUnknownOptionIsReported() {
        let text = minimal(replacing: "values: {north: 1, south: 0}", with: "values: {north: 1, south: 0, east: 0.5}")
        expectFirstError(in: text, "issue 'border' has no option 'east'", line: 26, column: 58,
                         help: "its options are: north, south")
    }

    @Test func idealOnACategoricalIssueIsReported() {
        let text = minimal(replacing: "flag: {salience: 60, values: {red: 0, blue: 1}}", with: "flag: {salience: 60, ideal: 50}")
        expectFirstError(in: text, "issue 'flag' is categorical and has no scale", line: 34, column: 35,
                         help: "give 'values' for each option")
    }

    @Test func idealOutsideTheIssueScaleIsReported() {
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {weight: 0.5, ideal: 500}")
        // Expected: an error like "the ideal position of party 'A' on issue 'aid' is 500, outside
        // 0..100". Observed: accepted; every option of 'aid' silently gets value 0.
        expectFirstError(in: text, "is 500, outside 0..100", line: 27, column: 33)
    }

    @Test func valuesAtNumericPointsAreInterpolated() throws {
        // The format documents `values: {0: 1, 100: 0}` for numeric issues, interpolated linearly.
        let text = minimal(replacing: "aid: {weight: 0.5, ideal: 100}", with: "aid: {weight: 0.5, values: {0: 0, 100: 1}}")
        // Expected: option 50 gets 0.5. Observed: "party 'A' gives no value for option '50' of issue
        // 'aid'" at 27:34, because points that coincide with option ids are taken as option values
        // and interpolation only runs when some point is not an option id.
        let decoded = try ScenarioReader.read(text, file: fileName)
        let values = try #require(decoded.scenario.parties[0].preferences.stances[1]?.values)
        #expect(values.map(\.value) == [0, 0.5, 1])
    }

    @Test(arguments: [
        Edit("    reservation: 0.3\n", "    reservation: 1.3\n",
             "the reservation value of party 'A' is 1.3, outside 0..1", line: 24, column: 18),
        Edit("    reservation: 0.3\n", "    reservation:\n      value: 2\n      source: src\n",
             "the reservation value of party 'A' is 2, outside 0..1", line: 25, column: 14),
    ])
    func reservationOutsideZeroToOneIsReported(edit: Edit) {
        expectFirstError(in: edit.text, edit.message, line: edit.line, column: edit.column, help: "between 0 and 1")
    }

    @Test func rangeWithLowAboveHighIsReported() {
        let text = minimal(replacing: "    reservation: 0.3\n", with: "    reservation: [0.5, 0.2]\n")
        expectFirstError(in: text, "the reservation value of party 'A' is the range [0.5, 0.2], whose low end exceeds its high end",
                         line: 24, column: 18, help: "[low, high]")
    }

    @Test func rangeWithThreeNumbersIsReported() {
        let text = minimal(replacing: "    reservation: 0.3\n", with: "    reservation: [0.1, 0.2, 0.3]\n")
        // Expected: help such as "write a range as [low, high]". Observed: no help.
        expectFirstError(in: text, "the reservation value of party 'A' is a list of 3 numbers; a range has exactly two",
                         line: 24, column: 18)
    }

    // MARK: Wrong types

    @Test(arguments: [
        Edit("    range: {min: 0, max: 100, step: 50}", "    range: [0, 100, 50]",
             "the range of issue 'aid' must be a mapping of keys to values, found a list", line: 19, column: 12),
        // Expected: help, as for other mappings. Observed: no help (mappings read without a list
        // of allowed keys get none).
        Edit("values: {north: 1, south: 0}", "values: [1, 0]",
             "the values of party 'A' on issue 'border' must be a mapping of keys to values, found a list",
             line: 26, column: 37),
    ])
    func listWhereAMappingIsExpectedIsReported(edit: Edit) {
        expectFirstError(in: edit.text, edit.message, line: edit.line, column: edit.column)
    }

    @Test(arguments: [
        Edit("aid: {weight: 0.5, ideal: 100}", "aid: {weight: half, ideal: 100}",
             "the weight of issue 'aid' for party 'A' must be a number, found text", line: 27, column: 21),
        Edit("    reservation: 0.2\n", "    reservation: high\n",
             "the reservation value of party 'B' must be a number, found text", line: 32, column: 18),
    ])
    func textWhereANumberIsExpectedIsReported(edit: Edit) {
        expectFirstError(in: edit.text, edit.message, line: edit.line, column: edit.column,
                         help: "write a decimal number")
    }

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
