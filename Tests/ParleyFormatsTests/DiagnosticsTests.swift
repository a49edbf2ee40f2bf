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
let minimalScenario = """
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

let fileName = "bad.yaml"

/// `minimalScenario` with `old`, which must occur in it exactly once, replaced by `new`.
func minimal(replacing old: String, with new: String,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let pieces = minimalScenario.components(separatedBy: old)
    #expect(pieces.count == 2, "the minimal scenario must contain \(old.debugDescription) exactly once",
            sourceLocation: sourceLocation)
    return pieces.joined(separator: new)
}

/// Every diagnostic reading `text` produces; records an issue when `text` decodes without errors.
func diagnostics(of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
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
func errors(of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    diagnostics(of: text, sourceLocation: sourceLocation).filter { $0.severity == .error }
}

/// Checks one diagnostic: its message contains `message`, it points at `line`:`column` of
/// "bad.yaml", it has help, and the help contains `help` when given.
func check(_ diagnostic: Diagnostic, _ message: String, line: Int, column: Int, help: String? = nil,
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
func expectFirstError(in text: String, _ message: String, line: Int, column: Int, help: String? = nil,
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
func firstErrorMatches(_ text: String, _ message: String, line: Int, column: Int) -> Bool {
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
}
