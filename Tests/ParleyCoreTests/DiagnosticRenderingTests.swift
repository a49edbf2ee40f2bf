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

/// Rendering stays proportionate to what is wrong, whatever the size of the file.
@Suite struct BoundedRenderingTests {
    @Test func aLongLineIsShownAsAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 500_000) + "X" + String(repeating: "b", count: 500_000)
        let error = DiagnosticError([Diagnostic(.error, "bad value", at: SourceLocation(file: "big.json", line: 1, column: 500_001))],
                                    sources: ["big.json": line])
        let text = error.rendered()
        #expect(text.utf8.count < 1_000)
        let lines = text.split(separator: "\n").map(String.init)
        let source = lines.first { $0.hasPrefix("1 | ") }!
        let caret = lines.first { $0.contains("^") }!
        // The caret sits under the X.
        let column = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        #expect(Array(source)[column] == "X")
        #expect(source.hasPrefix("1 | …") && source.hasSuffix("…"))
    }

    @Test func manyDiagnosticsAreCappedAndCountedByKind() {
        let text = (1...5_000).map { "option\($0): x" }.joined(separator: "\n")
        let diagnostics = (1...5_000).map { Diagnostic(.error, "unknown option 'option\($0)'", at: SourceLocation(file: "f.yaml", line: $0, column: 1)) }
        let rendered = DiagnosticError(diagnostics, sources: ["f.yaml": text]).rendered()
        #expect(rendered.contains("... and 4,900 more (--format json lists every one):"))
        #expect(rendered.contains("4,900 × error: unknown option '…'"))
        #expect(rendered.hasSuffix("5,000 errors"))
        // The lines shown are the right ones (indexed once, not re-split per diagnostic).
        #expect(rendered.contains("100 | option100: x"))
    }

    @Test func lineEndsOfEveryKindCountAsOne() {
        let lines = SourceLines("a\r\nb\rc\nd")
        #expect(lines.count == 4)
        #expect((1...4).map { lines.line($0)! } == ["a", "b", "c", "d"])
        #expect(lines.line(5) == nil && lines.line(0) == nil)
    }
}
