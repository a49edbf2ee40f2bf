import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct ScaleTests {
    /// A scenario of `issues` issues with `options` options each and two opposed parties.
    static func yaml(issues: Int, options: Int) -> String {
        var text = "parley: 1\nid: big\ntitle: big\nparties: [{id: A}, {id: B}]\nissues:\n"
        for i in 0..<issues {
            text += "  - id: i\(i)\n    kind: ordered\n    options: [\((0..<options).map { "o\($0)" }.joined(separator: ", "))]\n"
        }
        text += "preferences:\n"
        for (party, ideal) in [("A", 0), ("B", 100)] {
            text += "  \(party):\n    reservation: 0.2\n    issues:\n"
            for i in 0..<issues { text += "      i\(i): {salience: \(i + 1), ideal: \(ideal)}\n" }
        }
        return text
    }

    @Test func tooLargeASpaceIsALocatedErrorThatSaysHowLargeAndWhatToDo() throws {
        let text = Self.yaml(issues: 12, options: 10)
        let loaded = try LoadedScenario.read(text, file: "big.yaml")
        let error = try #require(throws: DiagnosticError.self) { try Analyze()(loaded) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("1,000,000,000,000 packages"))
        #expect(diagnostic.location == SourceLocation(file: "big.yaml", line: 6, column: 3))
        #expect(diagnostic.help?.contains("--max-packages") == true)
    }

    @Test func aHundredThousandPackagesAreMapped() throws {
        let text = Self.yaml(issues: 5, options: 10)
        let loaded = try LoadedScenario.read(text, file: "large.yaml")
        let report = try Analyze()(loaded)
        #expect(report.agreementSpace.packages == 100_000)
        #expect(report.agreementSpace.zoneSize > 0)
        #expect(!report.agreementSpace.frontier.isEmpty)
        #expect(report.agreementSpace.solutions.nash != nil)
    }
}
