import Foundation
import ParleyCore
import ParleyFormats
import Testing

/// Every format reaches a `Scenario` only through the one validator: duplicate ids and other broken
/// invariants are located diagnostics in every format, never a trap further on.
@Suite struct OneWayInTests {
    static func folder(_ files: [String: String]) throws -> String {
        try ImportDiagnosticsTests.folder(files)
    }

    @Test func geniusDuplicateOptionValuesAreLocated() throws {
        let domain = ImportDiagnosticsTests.domain.replacingOccurrences(of: "value=\"high\"", with: "value=\"low\"")
        let profile = ImportDiagnosticsTests.profile("1", "0.5")
        let path = try Self.folder(["domain.xml": domain, "a.xml": profile, "b.xml": profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first { $0.severity == .error })
        #expect(diagnostic.message == "duplicate option id 'low' in issue 'price' (first declared at line 5)")
        #expect(diagnostic.location?.file.hasSuffix("domain.xml") == true)
        #expect(diagnostic.location?.line == 6)
        #expect(diagnostic.help != nil)
    }

    @Test func geniusDuplicateIssueNamesAreLocated() throws {
        let domain = ImportDiagnosticsTests.domain.replacingOccurrences(of: "</objective>", with: """
            <issue index="2" name="price" type="discrete"><item index="1" value="x"/></issue>
            </objective>
            """)
        let profile = ImportDiagnosticsTests.profile("1", "0.5")
        let path = try Self.folder(["domain.xml": domain, "a.xml": profile, "b.xml": profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusReader.read(folder: path) }
        #expect(error.diagnostics.contains { $0.message.hasPrefix("duplicate issue id 'price'") && $0.location?.line == 8 })
    }

    @Test func geniusWebDuplicateValuesAndProfileNamesAreLocated() throws {
        let domain = "{\"name\": \"d\", \"issuesValues\": {\"price\": {\"values\": [\"low\", \"low\"]}}}"
        func profile(_ name: String) -> String {
            """
            {"LinearAdditiveUtilitySpace": {
              "issueWeights": {"price": 1},
              "issueUtilities": {"price": {"discreteutils": {"valueUtilities": {"low": 1}}}},
              "name": "\(name)"
            }}
            """
        }
        let path = try Self.folder(["d.json": domain, "a.json": profile("same"), "b.json": profile("same")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusWebReader.read(folder: path) }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("duplicate option id 'low' in issue 'price'") })
        let party = try #require(error.diagnostics.first { $0.message.hasPrefix("duplicate party id 'same'") })
        #expect(party.location?.file.hasSuffix("b.json") == true)
        #expect(party.location?.line == 4)
        #expect(party.message.contains("a.json:4"))
    }

    @Test func negmasDuplicatePartyNamesAndIssuesAreLocated() throws {
        let domain = """
            issues:
            - {name: q, type: ContiguousIssue, values: [1, 3]}
            - {name: q, type: CategoricalIssue, values: [a, b]}
            name: d
            type: DiscreteCartesianOutcomeSpace
            """
        let profile = "name: same\ntype: LinearAdditiveUtilityFunction\nvalues:\n- {type: IdentityFun}\n- {type: TableFun, mapping: {a: 1, b: 0}}\nweights: [0.5, 0.5]\n"
        let path = try Self.folder(["d.yml": domain, "a.yml": profile, "b.yml": profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try NegMASYAMLReader.read(folder: path) }
        let issue = try #require(error.diagnostics.first { $0.message.hasPrefix("duplicate issue id 'q'") })
        #expect(issue.location?.line == 3)
        let party = try #require(error.diagnostics.first { $0.message.hasPrefix("duplicate party id 'same'") })
        #expect(party.location?.file.hasSuffix("b.yml") == true)
        #expect(party.location?.line == 1)
    }

    @Test func negmasNonNumericCardinalValuesAreLocated() throws {
        let domain = "issues:\n- {name: q, type: DiscreteCardinalIssue, values: [1, two]}\nname: d\ntype: DiscreteCartesianOutcomeSpace\n"
        let profile = "name: NAME\ntype: LinearAdditiveUtilityFunction\nvalues:\n- {type: IdentityFun}\nweights: [1]\n"
        let path = try Self.folder(["d.yml": domain, "a.yml": profile.replacingOccurrences(of: "NAME", with: "a"),
                                    "b.yml": profile.replacingOccurrences(of: "NAME", with: "b")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try NegMASYAMLReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "issue 'q' is numeric but options 'two' have no position")
        #expect(diagnostic.location?.line == 2)
    }

    @Test func parleyFilesPassTheSameValidator() throws {
        // The validator is the last gate of the Parley decoder too: a draft with a duplicate reaches it
        // only through a reader, so check the validator directly on a draft.
        var draft = ScenarioDraft(id: "t", title: "t", file: "t.yaml")
        let issue = Issue(id: "x", name: "x", kind: .categorical, options: [Option(id: "a", name: "a"), Option(id: "b", name: "b")])
        draft.append(issue, at: SourceLocation(file: "t.yaml", line: 3, column: 3))
        draft.append(issue, at: SourceLocation(file: "t.yaml", line: 7, column: 3))
        let stance = Stance(weight: Estimate(1), values: [Estimate(1), Estimate(.nan)])
        let party = Party(id: "A", name: "A", preferences: Preferences(reservation: Estimate(0), stances: [stance, stance]))
        draft.append(party, at: SourceLocation(file: "t.yaml", line: 10, column: 3))
        draft.append(party, at: SourceLocation(file: "t.yaml", line: 12, column: 3))
        draft.proposals = [Proposal(id: "p", name: "p", proposer: "Z", package: Package(options: [5, nil]))]
        let error = try #require(throws: DiagnosticError.self) { try draft.validated() }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("duplicate issue id 'x' (first declared at line 3)"))
        #expect(messages.contains("duplicate party id 'A' (first declared at line 10)"))
        #expect(messages.contains { $0.contains("values option 'b' of issue 'x'") && $0.hasSuffix("not a finite number") })
        #expect(messages.contains("proposal 'p' is by 'Z', which is not a party"))
        #expect(messages.contains("proposal 'p' chooses option number 6 of issue 'x', which has 2"))
        #expect(error.diagnostics.allSatisfy { $0.location != nil })
    }

    @Test func aValidDraftBecomesAScenario() throws {
        var draft = ScenarioDraft(id: "t", title: "t", file: "t")
        draft.append(Issue(id: "x", name: "x", kind: .ordered, options: [Option(id: "a", name: "a", position: 0),
                                                                         Option(id: "b", name: "b", position: 100)]), at: nil)
        for id in ["A", "B"] {
            let stance = Stance(weight: Estimate(1), values: [Estimate(1), Estimate(0)])
            draft.append(Party(id: Party.ID(id), name: id, preferences: Preferences(reservation: Estimate(0.5), stances: [stance])), at: nil)
        }
        let scenario = try draft.validated().scenario
        #expect(scenario.parties.count == 2 && scenario.issues.count == 1)
    }
}

@Suite struct FileSizeLimitTests {
    @Test func aFileOverTheLimitIsRefusedWithItsSize() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-big-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ScenarioReader.maxFileSize + 1))   // a sparse file: no memory used
        try handle.close()
        let error = try #require(throws: DiagnosticError.self) { try ScenarioReader.read(contentsOf: path) }
        #expect(error.diagnostics.first?.message.contains("Parley reads input files of at most 32.0 MB") == true)
    }
}

/// Hostile YAML is refused with a located error, never a hang or a memory blow-up.
@Suite struct HostileYAMLTests {
    @Test func anAliasBombIsRefused() {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let name = String(UnicodeScalar(UInt8(97 + level)))
            let previous = String(UnicodeScalar(UInt8(96 + level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("parley: *i")
        let error = #expect(throws: DiagnosticError.self) { try ScenarioReader.read(lines.joined(separator: "\n"), file: "bomb.yaml") }
        #expect(error?.diagnostics.first?.message.contains("aliases (*name) repeat too much") == true)
        #expect(error?.diagnostics.first?.location?.file == "bomb.yaml")
    }

    @Test func deepNestingIsRefused() {
        let text = "parley: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let error = #expect(throws: DiagnosticError.self) { try ScenarioReader.read(text, file: "deep.yaml") }
        #expect(error?.diagnostics.first?.message.contains("nests deeper than 256 levels") == true)
    }

    @Test func ordinaryAliasesStillWork() throws {
        let text = """
            parley: 1
            id: t
            title: t
            parties: [{id: A}, {id: B}]
            issues: [{id: x, options: [a, b]}]
            preferences:
              A: &same {reservation: 0.2, issues: {x: {weight: 1, values: {a: 1, b: 0}}}}
              B: *same
            """
        #expect(try ScenarioReader.read(text, file: "t.yaml").scenario.parties.count == 2)
    }
}

extension HostileYAMLTests {
    static let profile = """
        <utility_space><objective name="root"><issue index="1" name="x" type="discrete"><item index="1" value="a" evaluation="1"/>\
        <item index="2" value="b" evaluation="0"/></issue><weight index="1" value="1"/></objective></utility_space>
        """

    @Test(arguments: ["<!ENTITY xxe SYSTEM \"file:///etc/hostname\">",
                      "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                        + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                        + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                        + "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">"])
    func xmlEntitiesAreNeverExpandedOrFetched(declaration: String) throws {
        let entity = declaration.contains("SYSTEM") ? "xxe" : "i"
        let domain = "<?xml version=\"1.0\"?><!DOCTYPE d [\(declaration)]><negotiation_template><utility_space><objective name=\"root\">"
            + "<issue index=\"1\" name=\"&\(entity);\" type=\"discrete\"><item index=\"1\" value=\"a\"/><item index=\"2\" value=\"b\"/></issue>"
            + "</objective></utility_space></negotiation_template>"
        let path = try ImportDiagnosticsTests.folder(["domain.xml": domain, "a.xml": Self.profile, "b.xml": Self.profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("is not well-formed XML"))
        #expect(diagnostic.location?.file.hasSuffix("domain.xml") == true)
    }

    @Test(arguments: ["1e400", ".nan", ".inf", "-1e999"])
    func numbersThatAreNotFiniteAreLocatedErrors(number: String) {
        let text = "parley: 1\nid: t\ntitle: t\nparties: [{id: A}, {id: B}]\nissues: [{id: x, options: [a, b]}]\n"
            + "preferences:\n  A: {reservation: \(number), issues: {x: {weight: 1, values: {a: 1, b: 0}}}}\n"
            + "  B: {reservation: 0.1, issues: {x: {weight: 1, values: {a: 0, b: 1}}}}\n"
        let error = #expect(throws: DiagnosticError.self) { try ScenarioReader.read(text, file: "n.yaml") }
        #expect(error?.diagnostics.first?.location?.line == 7)
    }

    @Test func invalidUTF8AndAByteOrderMarkAreHandled() throws {
        let folder = try ImportDiagnosticsTests.folder([:])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = (folder as NSString).appendingPathComponent("bad.yaml")
        FileManager.default.createFile(atPath: bad, contents: Data([0x70, 0x61, 0xFF, 0xFE, 0x0A]))
        let error = try #require(throws: DiagnosticError.self) { try ScenarioReader.read(contentsOf: bad) }
        #expect(error.diagnostics.first?.message.contains("is not UTF-8") == true)
        // A byte-order mark is read past: the error is about the content, at line 1.
        let bom = (folder as NSString).appendingPathComponent("bom.yaml")
        FileManager.default.createFile(atPath: bom, contents: Data([0xEF, 0xBB, 0xBF]) + Data("parley: 1\nid: x\n".utf8))
        let bomError = try #require(throws: DiagnosticError.self) { try ScenarioReader.read(contentsOf: bom) }
        #expect(bomError.diagnostics.first?.message == "the scenario has no 'title'")
    }
}
