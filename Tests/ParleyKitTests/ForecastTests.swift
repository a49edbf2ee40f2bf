import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct ForecastTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data").standardizedFileURL.path

    /// The JSON contract of `parley forecast`: issues[], each with id and forecasts[], each with
    /// model and forecast, and rounds[] (positions by actor, median, mean) for eum and smp.
    @Test func theJSONContractOnTheFoundingCase() throws {
        let report = try ForecastRun()(try ForecastInput.load(nil), models: ForecastModel.all)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(json["contract"] as? String == "parley.forecast/1")
        let issues = try #require(json["issues"] as? [[String: Any]])
        #expect(issues.map { $0["id"] as? String } == ["nato", "troops", "guarantees", "territory", "sanctions", "aid"])
        for issue in issues {
            let forecasts = try #require(issue["forecasts"] as? [[String: Any]])
            let models = forecasts.compactMap { $0["model"] as? String }
            #expect(["compromise", "mean", "median", "eum", "eumMean", "smp"].allSatisfy(models.contains))
            for forecast in forecasts where ["eum", "smp"].contains(forecast["model"] as? String) {
                let rounds = try #require(forecast["rounds"] as? [[String: Any]])
                #expect(rounds.count >= 2)
                let positions = try #require(rounds.first?["positions"] as? [String: Double])
                #expect(Set(positions.keys).isSubset(of: ["US", "RU", "UA", "EU"]))
                #expect(rounds.allSatisfy { $0["median"] is Double && $0["mean"] is Double })
            }
        }
    }

    /// Ranges feed a Monte Carlo run: the same seed gives the same bands, the band contains the
    /// midpoint forecast of a linear model, and a point input gives a zero-width band.
    @Test func monteCarloBands() throws {
        let text = "Actor,Capability,Position,Salience\nA,1,0..20,50\nB,1,60,50\nC,2,100,20..80\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mc-\(UUID().uuidString).csv").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let input = try ForecastInput.load(file)
        let a = try ForecastRun()(input, models: [.compromise, .median, .eum], runs: 500, seed: 3)
        let b = try ForecastRun()(input, models: [.compromise, .median, .eum], runs: 500, seed: 3)
        #expect(a == b)
        let compromise = try #require(a.issues[0].forecasts.first { $0.model == "compromise" })
        let band = try #require(compromise.distribution)
        #expect(band.runs == 500 && band.low < band.median && band.median < band.high)
        #expect(band.low < compromise.forecast && compromise.forecast < band.high)
        let other = try ForecastRun()(input, models: [.compromise], runs: 500, seed: 4)
        #expect(other.issues[0].forecasts[0].distribution != band)
        let point = try ForecastRun()(try ForecastInput.load(Self.data + "/bdm/ec_car_emissions_bdm1994.csv"), models: [.compromise], runs: 50, seed: 1)
        let pointBand = try #require(point.issues[0].forecasts[0].distribution)
        #expect(pointBand.low == pointBand.high)
    }

    @Test func ktabInputRunsTheSpatialModelOfPolitics() throws {
        let report = try ForecastRun()(try ForecastInput.load(Self.data + "/ktab/dummyData_3Dim.csv"), models: [.smp])
        #expect(report.issues.map(\.id) == ["Pstn1", "Pstn2", "Pstn3"])
        let smp = try #require(report.issues[0].forecasts.first)
        // KTAB's reference run: 11 states; the forecast is a final position of an actor.
        #expect(smp.rounds?.count == 11)
        let final = try #require(smp.rounds?.last?.positions)
        #expect(final.values.contains { abs($0 - smp.forecast) < 1e-9 })
        #expect(report.text().contains("smp rounds, median"))
    }
}

/// A forecast with nothing to forecast says why instead of printing nothing.
@Suite struct NothingToForecastTests {
    @Test func categoricalOnlyScenariosAreExplained() throws {
        let text = """
            parley: 1
            id: flags
            title: Flags
            parties: [{id: A}, {id: B}]
            issues:
              - id: flag
                options: [red, blue]
            preferences:
              A: {reservation: 0.2, issues: {flag: {weight: 1, values: {red: 1, blue: 0}}}}
              B: {reservation: 0.2, issues: {flag: {weight: 1, values: {red: 0, blue: 1}}}}
            """
        let input = try ForecastInput.read(text: text, file: "flags.yaml")
        let error = try #require(throws: DiagnosticError.self) { try ForecastRun()(input, models: ForecastModel.all) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("every issue is categorical ('flag')"))
        #expect(diagnostic.location?.line == 6)
        #expect(diagnostic.help != nil)
    }
}

extension NothingToForecastTests {
    @Test func tooManyActorsForKTABsModelIsRefusedWithTheMemoryItWouldTake() throws {
        let rows = (1...1_000).map { "a\($0),1,\($0 % 100),50" }.joined(separator: "\n")
        let input = try ForecastInput.read(text: "Actor,Capability,Position,Salience\n" + rows, file: "big.csv")
        let error = try #require(throws: DiagnosticError.self) { try ForecastRun()(input, models: [.smp]) }
        #expect(error.diagnostics.first?.message.contains("1,000 actors would need 8.0 GB") == true)
        // The other models still run on it.
        _ = try ForecastRun()(input, models: [.median])
    }
}
