import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

/// The use cases read text as well as paths (a server passes an upload's text and its name), with
/// the same results and diagnostics naming the text by the name given.
@Suite struct TextInputTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data").standardizedFileURL.path

    static func text(_ path: String) throws -> String { try String(contentsOfFile: data + "/" + path, encoding: .utf8) }

    @Test func stabilityFromText() throws {
        let path = Self.data + "/gmcr/examples/Elmira.gmcr"
        let fromPath = try Stability()(path, statusQuo: 1)
        let fromText = try Stability()(text: try Self.text("gmcr/examples/Elmira.gmcr"), file: "Elmira.gmcr", statusQuo: 1)
        #expect(fromText.states == fromPath.states)
        #expect(fromText.equilibria == fromPath.equilibria)
        #expect(fromText.conflict.file == "Elmira.gmcr")
    }

    @Test func stabilityDiagnosticsNameTheText() throws {
        let text = """
            {"options": [{"name": "a"}, {"name": "b"}], "useManualPreferenceRanking": true,
             "decisionMakers": [{"name": "X", "options": [0], "preferenceRanking": [1, 2, 3]},
                                {"name": "Y", "options": [1], "preferenceRanking": [4, 3, 2, 1]}]}
            """
        let error = try #require(throws: DiagnosticError.self) { try Stability()(text: text, file: "upload.gmcr") }
        let first = try #require(error.diagnostics.first)
        #expect(first.message == "decision maker 'X' does not rank state 4")
        #expect(first.location == SourceLocation(file: "upload.gmcr", line: 2, column: 72))
        #expect(error.sources["upload.gmcr"] == text)
    }

    /// Holding an option fixed renumbers the states: a numbered ranking no longer fits, and says where.
    @Test func fixingAnOptionRechecksANumberedRanking() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try Stability()(text: try Self.text("gmcr/examples/Elmira.gmcr"), file: "Elmira.gmcr", fixed: ["Insist": false])
        }
        #expect(error.diagnostics.contains { $0.message.hasPrefix("decision maker 'MoE' ranks state 9, but there are 6 feasible states") })
        #expect(error.diagnostics.allSatisfy { $0.location?.file == "Elmira.gmcr" })
    }

    @Test(arguments: ["ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim.xml", "bdm/ec_car_emissions_bdm1994.csv"])
    func forecastFromText(file: String) throws {
        let fromPath = try ForecastRun()(try ForecastInput.load(Self.data + "/" + file), models: [.compromise, .eum, .smp])
        let fromText = try ForecastRun()(try ForecastInput.read(text: try Self.text(file), file: file), models: [.compromise, .eum, .smp])
        #expect(fromText.issues == fromPath.issues)
        #expect(fromText.file == file)
    }

    @Test func forecastOfAScenarioText() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/ukraine-2024-11.yaml")
            .standardizedFileURL.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fromText = try ForecastRun()(try ForecastInput.read(text: text, file: "ukraine.yaml"), models: [.median])
        let fromPath = try ForecastRun()(try ForecastInput.load(path), models: [.median])
        #expect(fromText.issues == fromPath.issues)
        let error = try #require(throws: DiagnosticError.self) { try ForecastInput.read(text: "Actor,Capability,Position,Salience\nA,x,1,1\n", file: "t.csv") }
        #expect(error.diagnostics.first?.location?.file == "t.csv")
    }

    @Test func backtestFromText() throws {
        let file = "deu3/deu3-dev.tsv"
        let text = try Self.text(file)
        let fromPath = try BacktestRun()(Self.data + "/" + file, models: [.compromise, .median], capabilities: .scheme(.councilPower))
        let fromText = try BacktestRun()(text: text, file: "deu3-dev.tsv", models: [.compromise, .median], capabilities: .scheme(.councilPower))
        #expect(fromText.models == fromPath.models)
        #expect(fromText.capabilities == "council-power")
        // A capability table given as text: actors not in it count 1.
        let table = try BacktestRun()(text: text, file: "deu3-dev.tsv", models: [.compromise],
                                      capabilities: .table(text: "actor,capability\nde,29\nfr,29\n", file: "caps.csv"))
        #expect(table.capabilities == "table")
        #expect(table.models[0].mae != fromText.models.first { $0.model == "compromise" }?.mae)
        let bad = try #require(throws: DiagnosticError.self) {
            try BacktestRun()(text: text, file: "deu3-dev.tsv", models: [.compromise], capabilities: .table(text: "de,29\nfr,many\n", file: "caps.csv"))
        }
        #expect(bad.diagnostics.map(\.message) == ["expected a capability (a number ≥ 0), found 'many'"])
        #expect(bad.diagnostics.first?.location?.file == "caps.csv")
    }

    @Test func capabilityArgumentsAreSchemesOrTables() throws {
        #expect(try BacktestCapabilities("council-votes").scheme() == .councilVotes)
        #expect(try BacktestCapabilities("equal").scheme() == .equal)
        guard case .tableFile("caps.csv") = BacktestCapabilities("caps.csv") else { Issue.record("expected a table file"); return }
    }

    /// The settings become the engines' parameters in the use case: a KTAB override applies over
    /// what the input states, and a bad one is a usage error.
    @Test func forecastSettings() throws {
        let input = try ForecastInput.load(Self.data + "/ktab/dummyData_3Dim.csv")
        let plain = try ForecastRun()(input, models: [.smp])
        let propCbc = try ForecastRun()(input, models: [.smp], settings: try ForecastSettings(ktab: ["VotingRule": "PropCbc"]))
        #expect(plain.issues != propCbc.issues)
        #expect(propCbc.notes.contains { $0.contains("voting rule propCbc") })
        #expect(throws: UsageError.self) { try ForecastSettings(ktab: ["VotingRule": "Plurality"]) }
        let printed = try ForecastRun()(input, models: [.eum], settings: try ForecastSettings(rounds: 3, reading: .printed))
        #expect(printed.notes.contains { $0.contains("3 rounds") && $0.contains("the equations as printed") })
        #expect(ExpectedUtilityModel.Reading.Named.allCases.map(\.reading) == [.scholzCode, .printed])
    }
}

extension TextInputTests {
    /// A DEU table with a header and no issue scores nothing: each model's error is `null` in the
    /// JSON, not a NaN that cannot be written (the malformed corpus's find).
    @Test func aBacktestWithNothingScoredWritesNull() throws {
        let header = try #require(try Self.text("deu3/deu3-dev.tsv").split(whereSeparator: \.isNewline).first)
        let report = try BacktestRun()(text: String(header) + "\n", file: "header.tsv", models: [.median])
        #expect(report.models.allSatisfy { $0.issues == 0 && $0.mae.isNaN })
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"mae\":null"))
        let decoded = try JSONDecoder().decode(BacktestReport.self, from: Data(json.utf8))
        #expect(decoded.models.first?.mae.isNaN == true)
    }
}

extension TextInputTests {
    /// The workspace imports a KTAB table as a scenario (each dimension a numeric issue 0..100, each
    /// actor a party with its capability, ideal and salience); the scenario forecasts as the table does.
    @Test func aKTABTableImportsAsAScenarioThatForecastsTheSame() throws {
        for file in ["ktab/dummyData-a040.csv", "ktab/dummyData_3Dim.csv"] {
            let text = try Self.text(file)
            let name = (file as NSString).lastPathComponent
            let imported = try ImportFiles()([(name, Data(text.utf8))])
            let scenario = imported.loaded.scenario
            guard case .spatial(let table, _) = try ForecastInput.read(text: text, file: name) else { Issue.record("not a table"); continue }
            #expect(scenario.parties.count == table.actors.count && scenario.issues.count == table.dimensions.count)
            #expect(scenario.issues.allSatisfy { $0.kind == .numeric && $0.options.count == 11 })
            #expect(imported.loaded.warnings.contains { $0.message.contains("no reservation values") })
            let models: [ForecastModel] = [.median, .compromise, .mean]
            let fromTable = try ForecastRun()(.spatial(table, file: name), models: models)
            let fromScenario = try ForecastRun()(.scenario(imported.loaded), models: models)
            for (a, b) in zip(fromTable.issues, fromScenario.issues) {
                for (x, y) in zip(a.forecasts, b.forecasts) {
                    #expect(x.model == y.model && abs(x.forecast - y.forecast) < 1e-9, "\(file) \(x.model): \(x.forecast) vs \(y.forecast)")
                }
            }
        }
    }
}
