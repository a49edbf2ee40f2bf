import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyForecast

@Suite struct BacktestTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/deu3/deu3-dev.tsv").standardizedFileURL.path

    /// Mean absolute errors on the DEU III development half, checked against an independent
    /// computation (a short Python script over the same file with the same missing-data rules:
    /// blank, 999 or out-of-range values missing; missing salience 50; equal capabilities).
    @Test func simpleModelsOnTheDevelopmentHalf() throws {
        let issues = try DEUReader.read(contentsOf: Self.file)
        #expect(issues.count == 186)
        let results = Dictionary(uniqueKeysWithValues: Backtest.run(issues, models: SpatialModel.allCases).map { ($0.model, $0) })
        let expected: [(SpatialModel, Double, Int)] = [(.compromise, 24.03, 182), (.mean, 25.03, 182), (.median, 30.29, 182),
                                                       (.parliament, 35.22, 161), (.commission, 41.22, 180), (.referencePoint, 47.36, 129)]
        for (model, mae, count) in expected {
            let result = try #require(results[model.rawValue])
            #expect(abs(result.mae - mae) < 0.005, "\(model): \(result.mae)")
            #expect(result.issues == count, "\(model)")
        }
        // The compromise model is the strongest simple baseline, as on all of DEU III (23.61 there).
        #expect(results["compromise"]!.mae < results["median"]!.mae)
    }

    @Test func modelsOnAHandMadeIssue() {
        let issue = SpatialIssue(id: "i", actors: ["com", "ep", "a", "b"], positions: [100, 0, 20, nil],
                                 saliences: [50, nil, 100, 80], capabilities: [1, 1, 2, 1], referencePoint: 10, outcome: 30)
        // Weights: com 50, ep 50 (missing salience), a 200; b has no position.
        let compromise: Double = (100.0 * 50 + 20.0 * 200) / 300.0
        #expect(SpatialModel.compromise.forecast(issue) == compromise)
        #expect(SpatialModel.mean.forecast(issue) == 40)
        #expect(SpatialModel.median.forecast(issue) == 20)   // cumulative weight from 0: 50, 250 ≥ 150
        #expect(SpatialModel.commission.forecast(issue) == 100)
        #expect(SpatialModel.referencePoint.forecast(issue) == 10)
    }

    @Test func aRaggedRowIsLocated() {
        let text = "isnr\tpcom\tscom\tout\nx1\t10\t50\t20\nx2\t10\t50\n"
        #expect(throws: DiagnosticError.self) { try DEUReader.read(text, file: "d.tsv") }
        do { _ = try DEUReader.read(text, file: "d.tsv") } catch {
            #expect(error.diagnostics.first?.message == "row 3 has 3 cells; the header has 4")
            #expect(error.diagnostics.first?.location?.line == 3)
        }
    }
}

@Suite struct ScenarioForecastTests {
    @Test func theFoundingCasesScaledIssuesAreForecast() throws {
        let scenario = try ScenarioReader.read(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/ukraine-2024-11.yaml").standardizedFileURL.path).scenario
        let forecasts = ScenarioForecast.run(scenario, models: [.compromise, .median])
        // Six ordered issues; the legal form is categorical.
        #expect(forecasts.map(\.id) == ["nato", "troops", "guarantees", "territory", "sanctions", "aid"])
        // Aid: positions 0 (RU, restricted), 100 (UA, surge), 50 (US, EU: continue); weights
        // capability × weight × 100 = 1.5, 1.5, 3.5, 1: (0 + 150 + 175 + 50) / 7.5 = 50.
        let aid = try #require(forecasts.last?.forecasts.first)
        #expect(aid.model == "compromise")
        #expect(abs(aid.forecast - 50) < 1e-9)
        #expect(aid.nearestOption == "continue")
    }
}
