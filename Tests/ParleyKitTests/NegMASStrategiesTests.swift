import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

/// Parley's reimplementation of NegMAS's time-based negotiators plays the same negotiations as
/// NegMAS 0.16.0: Boulware (first profile, opening) against Conceder, 1000 rounds, raw utilities.
/// NegMAS's figures were measured on the same GENIUS files with `bench/compare-negmas --simulation`
/// (SAOMechanism, BoulwareTBNegotiator vs ConcederTBNegotiator): the step of agreement and the
/// agreed package.
@Suite struct NegMASStrategiesTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/negmas/scenarios").standardizedFileURL.path

    @Test(arguments: [("anac/y2012/LaptopA", 57), ("anac/y2011/Grocery", 78), ("anac/y2010/Travel", 29)])
    func agreesAtNegMASsStep(folder: String, step: Int) throws {
        let loaded = try LoadedScenario.load(Self.scenarios + "/" + folder, normalization: .raw)
        let report = try Simulate()(loaded, strategies: ["negmas-boulware", "negmas-conceder"], rounds: 1000)
        #expect(report.agreement != nil)
        #expect(report.endedInRound == step)
        #expect(report.trace.count == 2 * step)
    }

    @Test func laptopAGivesNegMASsPackage() throws {
        let loaded = try LoadedScenario.load(Self.scenarios + "/anac/y2012/LaptopA", normalization: .raw)
        let report = try Simulate()(loaded, strategies: ["negmas-boulware", "negmas-conceder"], rounds: 1000)
        #expect(report.agreement == ["External Monitor": "19'' LCD", "Harddisk": "60 Gb", "Laptop": "HP"])
    }
}
