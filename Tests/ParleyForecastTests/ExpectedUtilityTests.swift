import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyForecast

@Suite struct ExpectedUtilityTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/bdm").standardizedFileURL.path

    static func carEmissions() throws -> (x: [Double], c: [Double], s: [Double]) {
        let scenario = try SpatialTableReader.read(contentsOf: data + "/ec_car_emissions_bdm1994.csv")
        return (scenario.positions.map { $0[0]!.value }, scenario.capabilities.map(\.value), scenario.saliences.map { $0[0]!.value / 100 })
    }

    /// The first round's quantities against vectors derived from the paper's equations for the
    /// reading with security from adversaries (../shared/data/bdm/…derived_round1_vectors.json).
    @Test func firstRoundMatchesTheDerivedVectors() throws {
        let (x, c, s) = try Self.carEmissions()
        struct Vectors: Decodable {
            var condorcet_median_round0: Double
            var weighted_mean_round0: Double
            var P_i_beats_j: [[Double?]]
            var EU_first_pass_r1: [[Double]]
            var security: [Double]
            var R_i: [Double]
            var r_i: [Double]
            var EU_second_pass: [[Double]]
        }
        let vectors = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: Self.data + "/ec_car_emissions_derived_round1_vectors.json")))
        let model = ExpectedUtilityModel(reading: .printed)
        let analysis = model.analyse(x, c, s, range: 6)
        let n = x.count
        #expect(analysis.median == vectors.condorcet_median_round0)
        #expect(abs(ExpectedUtilityModel.mean(x, c, s) - vectors.weighted_mean_round0) < 1e-12)
        for i in 0..<n {
            for j in 0..<n where j != i {
                #expect(abs(analysis.firstPrevail[i * n + j] - vectors.P_i_beats_j[i][j]!) < 1e-6, "P \(i) \(j)")
                #expect(abs(analysis.firstPass[i * n + j] - vectors.EU_first_pass_r1[i][j]) < 1e-6, "EU1 \(i) \(j)")
                #expect(abs(analysis.expectedUtility[i * n + j] - vectors.EU_second_pass[i][j]) < 1e-6, "EU2 \(i) \(j)")
            }
            #expect(abs(analysis.security[i] - vectors.security[i]) < 1e-5)
            #expect(abs(analysis.riskAttitude[i] - vectors.R_i[i]) < 1e-5)
            #expect(abs(analysis.riskExponent[i] - vectors.r_i[i]) < 1e-5)
        }
    }

    /// Scholz, Calbert & Smith (2011), Table 2: the median and mean voter positions of rounds
    /// 1-8 (Q = 1). The default reading (Scholz et al.'s program) reproduces the published path
    /// 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6 (truncated to one decimal as printed) except round 2
    /// (9.61 against 9.9), and the means within 0.1; the raw values also agree with an independent
    /// Python implementation of the same reading to 1e-3.
    @Test func reproducesScholzTable2() throws {
        let (x, c, s) = try Self.carEmissions()
        let rounds = ExpectedUtilityModel().run(positions: x, capabilities: c, saliences: s)
        #expect(rounds.count == 9)
        let published = try String(contentsOfFile: Self.data + "/ec_car_emissions_expected_scholz2011_table2.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        let python: [(Double, Double)] = [(7.000, 7.3900), (8.416, 7.4613), (9.611, 7.5525), (9.962, 7.5901), (9.962, 7.3581),
                                          (9.962, 7.3492), (7.472, 7.4149), (8.825, 7.5105), (9.671, 7.5724)]
        var error = 0.0
        for (t, row) in published.enumerated() {
            let median = rounds[t].median, mean = rounds[t].mean
            #expect(abs(median - python[t].0) < 1e-3, "round \(t) median \(median)")
            #expect(abs(mean - python[t].1) < 1e-4, "round \(t) mean \(mean)")
            func truncated(_ v: Double) -> Double { (v * 10).rounded(.down) / 10 }
            if t >= 1 {
                #expect(abs(truncated(mean) - row[2]) < 0.1 + 1e-9, "round \(t) mean")
                if t != 2 { #expect(abs(truncated(median) - row[1]) < 1e-9, "round \(t) median \(median)") }
                error += abs(median - row[1]) + abs(mean - row[2])
            }
        }
        #expect(error < 0.95)
    }

    /// The printed equations lock the median at 9.53 from round 1 (what careful reimplementations
    /// of the paper report).
    @Test func thePrintedReadingLocksAt953() throws {
        let (x, c, s) = try Self.carEmissions()
        let rounds = ExpectedUtilityModel(reading: .printed).run(positions: x, capabilities: c, saliences: s)
        #expect(abs(rounds[1].median - 9.53) < 0.01)
    }
}
