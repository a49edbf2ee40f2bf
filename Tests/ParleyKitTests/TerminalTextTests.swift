import Testing
@testable import ParleyReport

@Suite struct TerminalTextTests {
    @Test func proseIsWrappedWithAHangingIndent() {
        let line = "  - Russia rejects: the package breaches its red line 'No NATO membership for Ukraine in any form'"
        let wrapped = TerminalText.styled(line, width: 40, colour: false).split(separator: "\n").map(String.init)
        #expect(wrapped.allSatisfy { $0.count <= 40 })
        #expect(wrapped[0].hasPrefix("  - Russia rejects:"))
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
        // Nothing is lost: the words are the same.
        #expect(wrapped.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
        // Without a width (a file or a pipe) nothing changes; a word longer than the width stays whole.
        #expect(TerminalText.styled(line, width: nil, colour: false) == line)
        #expect(TerminalText.wrap("abcdefghijklmnop qr", width: 5) == ["abcdefghijklmnop", "  qr"])
    }

    @Test func verdictsAreColouredOnlyWhenAsked() {
        let text = "  Russia  rejects  -\n  Verdict: accepted by every party\n  acceptsX preaccepts"
        #expect(TerminalText.styled(text, width: nil, colour: false) == text)
        let coloured = TerminalText.styled(text, width: nil, colour: true)
        #expect(coloured.contains("\u{1B}[31mrejects\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32maccepted by every party\u{1B}[0m"))
        // Inside longer words nothing is coloured.
        #expect(coloured.hasSuffix("acceptsX preaccepts"))
    }

    @Test func noColorAndDumbTerminalsTurnColourOff() {
        #expect(TerminalText.colourAllowed(environment: [:]))
        #expect(TerminalText.colourAllowed(environment: ["NO_COLOR": ""]))
        #expect(!TerminalText.colourAllowed(environment: ["NO_COLOR": "1"]))
        #expect(!TerminalText.colourAllowed(environment: ["TERM": "dumb"]))
    }

    @Test func diagnosticsAreColoured() {
        let text = "error: bad\n --> f.yaml:2:3\n  |\n2 | x: y\n  |   ^\n  = help: fix it"
        let coloured = TerminalText.styledDiagnostics(text, colour: true)
        #expect(coloured.hasPrefix("\u{1B}[1;31merror\u{1B}[0m: bad"))
        #expect(coloured.contains("\u{1B}[34m-->\u{1B}[0m f.yaml:2:3"))
        #expect(coloured.contains("  |\u{1B}[31m   ^\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[36m= help:\u{1B}[0m fix it"))
        #expect(TerminalText.styledDiagnostics(text, colour: false) == text)
    }
}
