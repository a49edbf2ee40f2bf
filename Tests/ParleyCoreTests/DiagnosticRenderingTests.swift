import ParleyCore
import Testing

@Suite struct DiagnosticRenderingTests {
    @Test func rendersTheLineAndACaretUnderTheColumn() {
        let source = "parley: 1\npreferences:\n  RU:\n    weights: {nato: 0.7, troops: 0.5}\n"
        let diagnostic = Diagnostic(.error, "weights of party 'RU' sum to 1.2; they must sum to 1",
                                    at: SourceLocation(file: "u.yaml", line: 4, column: 5),
                                    help: "divide each weight by 1.2")
        #expect(diagnostic.rendered(source: source) == """
            error: weights of party 'RU' sum to 1.2; they must sum to 1
             --> u.yaml:4:5
              |
            4 |     weights: {nato: 0.7, troops: 0.5}
              |     ^
              = help: divide each weight by 1.2
            """)
    }

    @Test func rendersWithoutSourceOrLocation() {
        let missing = Diagnostic(.error, "no such file: x.yaml", at: nil, help: "check the path")
        #expect(missing.rendered(source: nil) == "error: no such file: x.yaml\n  = help: check the path")
        let error = DiagnosticError([missing, Diagnostic(.warning, "w", at: .start(of: "x.yaml"))])
        #expect(error.rendered().hasSuffix("1 error, 1 warning"))
    }

    @Test func keepsTabsSoTheCaretLinesUp() {
        let diagnostic = Diagnostic(.error, "bad", at: SourceLocation(file: "t", line: 1, column: 3))
        #expect(diagnostic.rendered(source: "\tab").contains("1 | \tab\n  | \t ^"))
    }
}

@Suite struct EstimateTests {
    @Test func midpointAndRange() {
        let estimate = Estimate(low: 0.3, high: 0.5)
        #expect(estimate.value == 0.4)
        #expect(estimate.isUncertain)
        #expect(!Estimate(0.2).isUncertain)
        #expect(estimate.description == "[0.3, 0.5]")
    }

    @Test(arguments: [(0.5, 2, "0.50"), (-0.004, 2, "0.00"), (1234.5678, 1, "1234.6"), (-0.126, 2, "-0.13"), (3, 0, "3")])
    func formatsWithFixedDecimals(value: Double, decimals: Int, expected: String) {
        #expect(value.formatted(decimals: decimals) == expected)
    }

    @Test func seededGeneratorRepeats() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
    }
}

@Suite struct LineEndingTests {
    @Test func windowsLineEndingsRenderTheRightLine() {
        let diagnostic = Diagnostic(.error, "bad", at: SourceLocation(file: "w.yaml", line: 2, column: 1))
        #expect(diagnostic.rendered(source: "first\r\nsecond\r\nthird").contains("2 | second\n"))
    }
}
