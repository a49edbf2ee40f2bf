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
        let model = ExpectedUtilityModel(reading: .init(security: .adversaries))
        let analysis = model.analyse(x, c, s, range: 6)
        let n = x.count
        #expect(analysis.median == vectors.condorcet_median_round0)
        #expect(abs(ExpectedUtilityModel.mean(x, c, s) - vectors.weighted_mean_round0) < 1e-12)
        for i in 0..<n {
            for j in 0..<n where j != i {
                #expect(abs(analysis.prevail[i * n + j] - vectors.P_i_beats_j[i][j]!) < 1e-6, "P \(i) \(j)")
                #expect(abs(analysis.firstPass[i * n + j] - vectors.EU_first_pass_r1[i][j]) < 1e-6, "EU1 \(i) \(j)")
                #expect(abs(analysis.expectedUtility[i * n + j] - vectors.EU_second_pass[i][j]) < 1e-6, "EU2 \(i) \(j)")
            }
            #expect(abs(analysis.security[i] - vectors.security[i]) < 1e-5)
            #expect(abs(analysis.riskAttitude[i] - vectors.R_i[i]) < 1e-5)
            #expect(abs(analysis.riskExponent[i] - vectors.r_i[i]) < 1e-5)
        }
    }

    @Test func printRounds() throws {
        let (x, c, s) = try Self.carEmissions()
        for reading in [ExpectedUtilityModel.Reading(), .init(conflict: .noMove), .init(selection: .leastMovement), .init(security: .responder)] {
            let rounds = ExpectedUtilityModel(reading: reading).run(positions: x, capabilities: c, saliences: s)
            print(reading, rounds.map { "\($0.median.formatted(decimals: 2))/\($0.mean.formatted(decimals: 2))" })
        }
    }
}
