import Foundation
import ParleyCore
import ParleyFormats
import Testing

/// Malformed files of each imported format give diagnostics with file, line and column.
@Suite struct ImportDiagnosticsTests {
    /// A temporary folder holding `files` (name → text).
    static func folder(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: (path as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return path
    }

    static let domain = """
        <negotiation_template>
        <utility_space number_of_issues="1">
        <objective index="0" name="root" type="objective" etype="objective">
        <issue index="1" name="price" type="discrete" etype="discrete" vtype="discrete">
        <item index="1" value="low"/>
        <item index="2" value="high"/>
        </issue>
        </objective>
        </utility_space>
        </negotiation_template>
        """

    static func profile(_ low: String, _ high: String) -> String {
        """
        <utility_space>
        <objective index="0" name="root" type="objective" etype="objective">
        <issue index="1" name="price" type="discrete" etype="discrete" vtype="discrete">
        <item index="1" value="low" evaluation="\(low)"/>
        <item index="2" value="high" evaluation="\(high)"/>
        </issue>
        <weight index="1" value="1"/>
        </objective>
        <reservation value="0.2"/>
        </utility_space>
        """
    }

    @Test func aWellFormedGeniusFolderReads() throws {
        let path = try Self.folder(["domain.xml": Self.domain, "a.xml": Self.profile("1", "0.5"), "b.xml": Self.profile("2", "4")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioFormat.detect(path) == .genius)
        let scenario = try GeniusReader.read(folder: path).scenario
        #expect(scenario.parties.map(\.id) == ["a", "b"])
        // GENIUS semantics: b's evaluations are divided by the largest (4).
        #expect(scenario.parties[1].preferences.value(0, 0) == 0.5)
    }

    @Test func malformedXMLIsLocated() throws {
        let broken = Self.profile("1", "0.5").replacingOccurrences(of: "</issue>", with: "</isue>")
        let path = try Self.folder(["domain.xml": Self.domain, "a.xml": broken, "b.xml": Self.profile("2", "4")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("a.xml is not well-formed XML"))
        #expect(diagnostic.location?.file.hasSuffix("a.xml") == true)
        #expect(diagnostic.location?.line == 6)
        #expect(diagnostic.help != nil)
    }

    @Test func aMissingEvaluationIsLocatedAtItsItem() throws {
        let broken = Self.profile("1", "0.5").replacingOccurrences(of: "evaluation=\"0.5\"", with: "evaluation=\"lots\"")
        let path = try Self.folder(["domain.xml": Self.domain, "a.xml": broken, "b.xml": Self.profile("2", "4")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try GeniusReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "item 'high' of issue 'price' has no numeric evaluation")
        #expect(diagnostic.location?.line == 5)
    }

    @Test func malformedGeniusWebJSONIsLocated() throws {
        let domain = "{\"name\": \"d\", \"issuesValues\": {\"price\": {\"values\": [\"low\", \"high\"]}}}"
        let profile = "{\"LinearAdditiveUtilitySpace\": {\n  \"issueWeights\": {\"price\": 1},\n  \"name\": \"a\",,\n}}"
        let path = try Self.folder(["d.json": domain, "a.json": profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioFormat.detect(path) == .geniusWeb)
        let error = try #require(throws: DiagnosticError.self) { try GeniusWebReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("YAML syntax error"))
        #expect(diagnostic.location?.file.hasSuffix("a.json") == true)
        #expect(diagnostic.location?.line == 3)
    }

    @Test func malformedNegMASYAMLIsLocated() throws {
        let domain = "issues:\n- {name: q, type: ContiguousIssue, values: [1, 3]}\nname: d\ntype: DiscreteCartesianOutcomeSpace\n"
        let profile = "name: a\ntype: LinearAdditiveUtilityFunction\nvalues:\n- type: AffineFun\n  slope: [1\nweights: [1]\n"
        let path = try Self.folder(["d.yml": domain, "a.yml": profile, "b.yml": profile])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioFormat.detect(path) == .negmas)
        let error = try #require(throws: DiagnosticError.self) { try NegMASYAMLReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.location?.file.hasSuffix("a.yml") == true)
        #expect(diagnostic.location?.line == 5)
    }

    @Test func anUnsupportedNegMASValueFunctionIsLocated() throws {
        let domain = "issues:\n- {name: q, type: ContiguousIssue, values: [1, 3]}\nname: d\ntype: DiscreteCartesianOutcomeSpace\n"
        let good = "name: a\ntype: LinearAdditiveUtilityFunction\nvalues:\n- {type: AffineFun, slope: 0.5, bias: 0}\nweights: [1]\n"
        let bad = "name: b\ntype: LinearAdditiveUtilityFunction\nvalues:\n- {type: SplineFun, knots: [1, 2]}\nweights: [1]\n"
        let path = try Self.folder(["d.yml": domain, "a.yml": good, "b.yml": bad])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try NegMASYAMLReader.read(folder: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "value function type SplineFun is not supported")
        #expect(diagnostic.location?.line == 4)
        #expect(diagnostic.location?.column == 3)
    }

    @Test func aFolderInNoFormatNamesTheFormatsTried() throws {
        let path = try Self.folder(["notes.txt": "nothing here"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: DiagnosticError.self) { try ScenarioFormat.detect(path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("is a folder in no format Parley reads"))
        for format in ["GENIUS", "GeniusWeb", "NegMAS", "Parley"] { #expect(diagnostic.help?.contains(format) == true, "\(format)") }
    }
}

@Suite struct RealIssueTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/negmas/scenarios/fuzzyagent").standardizedFileURL

    @Test func aRealIssueIsDiscretisedWithAWarning() throws {
        let decoded = try GeniusReader.read(folder: Self.data.path)
        let issue = try #require(decoded.scenario.issues.first)
        #expect(issue.options.count == GeniusReader.realIssueSteps)
        #expect(issue.options.first?.position == 10 && issue.options.last?.position == 40)
        #expect(decoded.warnings.contains { $0.message.contains("discretised into 101") })
        // seller: -0.3333333 + 0.03333333 x, not shifted by the lower bound: 0 at 10, 1 at 40.
        let seller = try #require(decoded.scenario.parties.first { $0.id == "seller_utility" })
        #expect(abs(seller.preferences.value(0, 0) - 0) < 1e-6)
        #expect(abs(seller.preferences.value(0, 100) - 1) < 1e-6)
    }
}
