import Foundation
import ParleyCore
import Testing
@testable import ParleyFormats

@Suite struct SpatialReaderTests {
    static let ktab = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/ktab").standardizedFileURL.path

    @Test func readsKTABsCSVFiles() throws {
        let three = try SpatialTableReader.read(contentsOf: Self.ktab + "/dummyData_3Dim.csv")
        #expect(three.actors.count == 7 && three.dimensions == ["Pstn1", "Pstn2", "Pstn3"])
        #expect(three.capabilities[0].value == 102.543)
        #expect(three.positions[2][2]?.value == 0.07 && three.saliences[2][2]?.value == 34.62)
        // The same without the final comma, and a file with its own column names.
        let noComma = try SpatialTableReader.read(contentsOf: Self.ktab + "/dummyData_3Dim-no-final-comma.csv")
        #expect(noComma.positions == three.positions)
        let six = try SpatialTableReader.read(contentsOf: Self.ktab + "/dummyData_6Dim.csv")
        #expect(six.actors.count == 27 && six.dimensions.first == "Dim0")
        let policy = try SpatialTableReader.read(contentsOf: Self.ktab + "/SOE-Policy.csv")
        #expect(policy.actors.count == 26 && policy.dimensions == ["Policy"])
        for file in ["dummyData-a040.csv", "dummyData-a080.csv", "dummyData-a160.csv", "SOE-Competitive.csv"] {
            #expect(throws: Never.self) { try SpatialTableReader.read(contentsOf: Self.ktab + "/" + file) }
        }
    }

    @Test func readsKTABsXMLWithItsParameters() throws {
        let scenario = try KTABXMLReader.read(contentsOf: Self.ktab + "/dummyData_3Dim.xml")
        #expect(scenario.actors.count == 7 && scenario.dimensions.count == 3)
        let text = try String(contentsOfFile: Self.ktab + "/smpExample.xml", encoding: .utf8)
            .replacingOccurrences(of: "<dCoord></dCoord>", with: "<dCoord>52.8</dCoord>")
        let example = try KTABXMLReader.read(text, file: "smpExample.xml")
        #expect(example.actors == ["Alice", "Bob", "Carol", "David", "Ellie"])
        #expect(example.parameters["VotingRule"] == "PropCbc" && example.parameters["PCEModel"] == "MarkovIncentive")
        #expect(example.parameters["prngSeed"] == "03507583219545544127")
        #expect(example.idealAdjustments.contains(.init(adjusting: 2, reference: 3, adjust: 0.13)))
    }

    /// The copy of KTAB's smpExample.xml has an empty coordinate (KTAB would read 0 without a
    /// word): an error at its line and column.
    @Test func anEmptyCoordinateIsAnError() throws {
        do {
            _ = try KTABXMLReader.read(contentsOf: Self.ktab + "/smpExample.xml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].message == "actor 'Alice' has an empty position on 'FirstDim'")
            #expect(error.diagnostics[0].location?.line == 32)
        }
    }

    @Test func everyProblemOfATableIsReportedWithItsLocation() {
        let text = "Actor,Capability,Position,Salience\nA,1,x,50\nA,2,30,150\nB\nC,1,5..3,20\n"
        do {
            _ = try SpatialTableReader.read(text, file: "t.csv")
            Issue.record("expected errors")
        } catch {
            let found = error.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
            #expect(found == ["2:5 expected a position, found 'x'", "3:1 actor 'A' appears twice",
                              "3:8 expected a salience (0..100, or 0..1 for every actor); 150 is out of range",
                              "4:1 row has 1 cells; the header has 4", "5:5 the range 5..3 runs backwards"])
        }
    }

    @Test func ktabTablesAreChecked() {
        let text = "s, d, 2, 1,\nActor,Description,Power,P,S,\nA, a, 10, 50, 120,\nB, b, -1, 20, 30,\nC, c, 5, 10, 10,\n"
        do {
            _ = try SpatialTableReader.read(text, file: "k.csv")
            Issue.record("expected errors")
        } catch {
            let found = error.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
            #expect(found == ["3:15 expected a salience (0..100); 120 is out of range", "4:7 expected a capability (0..1e8); -1 is out of range"])
        }
    }

    @Test func rangesAndFractionSaliences() throws {
        let scenario = try SpatialTableReader.read("Actor,Capability,Position,Salience\nA,1..2,4,0.8\nB,1,10,0.5\n", file: "t.csv")
        #expect(scenario.capabilities[0] == Estimate(low: 1, high: 2))
        #expect(scenario.saliences.map { $0[0]?.value } == [80, 50])
        #expect(scenario.isUncertain)
    }

    /// Found by fuzzing: a declared count of dimensions far beyond the file's columns allocated a
    /// name for each (10^9 of them); one near Int.max overflowed the column count.
    @Test(arguments: ["607828220", "9223372036854775807"])
    func aDimensionCountBeyondTheFileIsALocatedError(count: String) {
        let text = "XYZ, s, 1, \(count),\nActor, Description, Power, Pos, Sal\nA, a, 10, 50, 50\n"
        let error = #expect(throws: DiagnosticError.self) { try SpatialTableReader.read(text, file: "big.csv") }
        #expect(error?.diagnostics.first?.message.contains("declares \(count) dimensions") == true)
        #expect(error?.diagnostics.first?.location?.line == 1)
    }

    /// Found by fuzzing: Foundation's XML parser on Linux crashed on a processing instruction
    /// without data (`<?x?>`); such instructions are blanked out, lines and columns unchanged.
    @Test func aProcessingInstructionWithoutDataIsReadPast() throws {
        let xml = "<?xml version=\"1.0\"?>\n<?x?>\n<root><?y   ?><a/>\n<?z data?><b c=\"1\"/></root>"
        let root = try XMLTreeReader.read(xml, file: "pi.xml")
        #expect(root.children.map(\.name) == ["a", "b"])
        #expect(root.children[1].location.line == 4)
        let blanked = String(decoding: XMLTreeReader.withoutEmptyProcessingInstructions(Array(xml.utf8)), as: UTF8.self)
        #expect(blanked.hasPrefix("<?xml version"), "the declaration stays")
        #expect(!blanked.contains("<?x?>") && !blanked.contains("<?y") && blanked.contains("<?z data?>"))
        #expect(blanked.count == xml.count)
    }
}
