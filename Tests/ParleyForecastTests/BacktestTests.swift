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
        let results = Dictionary(uniqueKeysWithValues: Backtest.run(issues, models: [.compromise, .mean, .median, .parliament, .commission, .referencePoint]).map { ($0.model, $0) })
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

    /// Council capabilities (Shapley-Shubik index by period, equal under unanimity, Commission and
    /// Parliament as the largest state) beat equal capabilities on the development half; the
    /// figures match an independent Python computation over the same file (exact index by dynamic
    /// programming, the same date repairs).
    @Test func councilCapabilitiesBeatTheCompromiseBaseline() throws {
        let issues = try DEUReader.read(contentsOf: Self.file)
        let votes = Backtest.run(issues, models: [.compromise], capabilities: .councilVotes)[0]
        let power = Backtest.run(issues, models: [.compromise], capabilities: .councilPower)[0]
        #expect(abs(votes.mae - 23.54) < 0.005, "\(votes.mae)")
        #expect(abs(power.mae - 23.51) < 0.005, "\(power.mae)")
        #expect(power.issues == 182)
        #expect(power.mae < Backtest.run(issues, models: [.compromise])[0].mae)
        // Every issue of the file gets a decision date.
        #expect(issues.allSatisfy { $0.decided != nil })
    }

    /// The EU-15 qualified-majority game [62; 10,10,10,10,8,5,5,5,5,4,4,3,3,3,2]: the published
    /// Shapley-Shubik indices (large states 0.117, Luxembourg 0.021), and indices sum to 1.
    @Test func shapleyShubikIndexOfTheEU15Council() {
        let index = CouncilPower.shapleyShubik(.eu15)
        #expect(abs(index["de"]! - 0.1167) < 0.0005)
        #expect(abs(index["lu"]! - 0.0208) < 0.0005)
        #expect(abs(index.values.reduce(0, +) - 1) < 1e-9)
        // A small game by hand: [3; 2, 1, 1]: player 0 pivotal in 4 of 6 orderings.
        let small = CouncilPower.shapleyShubik(weights: [2, 1, 1], quota: 3)
        #expect(abs(small[0] - 4.0 / 6) < 1e-12 && abs(small[1] - 1.0 / 6) < 1e-12)
        // The double majority also sums to 1.
        #expect(abs(CouncilPower.shapleyShubik(.doubleMajority).values.reduce(0, +) - 1) < 1e-9)
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
