import Foundation
import ParleyCore
import ParleyFormats
import Testing

/// Diagnostics for bad issues, weights and saliences, values, ideals and reservations, and wrong types.
extension DiagnosticsTests {
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
}
