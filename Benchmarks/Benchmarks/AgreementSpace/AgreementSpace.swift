import Benchmark
import Foundation
import ParleyAnalysis
import ParleyConflict
import ParleyCore
import ParleyForecast
import ParleyFormats
import ParleyKit
import ParleySimulation

/// A synthetic scenario: `parties` parties with random saliences and ideal points over `issues`
/// ordered issues of `options` options each, reservation 0.2 (so most packages are in the zone
/// and the frontier is large: the hard case).
func syntheticScenario(parties: Int, issues: Int, options: Int, seed: UInt64) -> Scenario {
    var rng = SeededGenerator(seed: seed)
    let issueList = (0..<issues).map { i in
        Issue(id: Issue.ID("i\(i)"), name: "issue \(i)", kind: .ordered,
              options: (0..<options).map { Option(id: Option.ID("o\($0)"), name: "o\($0)", position: Double($0)) })
    }
    let partyList = (0..<parties).map { p -> Party in
        var weights = (0..<issues).map { _ in Double.random(in: 0.1...1, using: &rng) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        let stances = weights.map { weight in
            Stance(weight: Estimate(weight), values: (0..<options).map { _ in Estimate(Double.random(in: 0...1, using: &rng)) })
        }
        return Party(id: Party.ID("P\(p)"), name: "P\(p)",
                     preferences: Preferences(reservation: Estimate(0.2), stances: stances))
    }
    var draft = ScenarioDraft(id: "synthetic", title: "synthetic", file: "synthetic")
    draft.parties = partyList
    draft.issues = issueList
    // A generated scenario is valid by construction; a failure here is a bug in the generator.
    return try! draft.validated().scenario
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(5), maxIterations: 20)
    let sizes: [(name: String, issues: Int, options: Int)] = [("10^4", 4, 10), ("10^5", 5, 10), ("10^6", 6, 10)]
    for parties in [2, 3, 4] {
        for size in sizes {
            let model = UtilityModel(syntheticScenario(parties: parties, issues: size.issues, options: size.options, seed: 7))
            Benchmark("agreement space \(size.name) packages, \(parties) parties") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try AgreementSpace.map(model))
                }
            }
        }
    }
    if let foundingCase = try? LoadedScenario.load(nil) {
        Benchmark("analyze founding case (1,944 packages, 4 parties)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Analyze()(foundingCase))
            }
        }
    }
    // The ANAC domains NegMAS was timed on (bench/compare-negmas runs NegMAS itself), read as NegMAS
    // reads them, mapped with NegMAS's conventions: the same work as NegMAS's Pareto + Nash.
    let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/data/negmas/scenarios").standardizedFileURL
    let anac: [(name: String, folder: String)] = [
        ("Energy (390,625 packages, 2 parties)", "anac/y2011/Energy"),
        ("parsCat (390,625 packages, 3 parties)", "anac/y2016/parsCat"),
        ("AMPOvsCity (1,944,000 packages, 2 parties)", "other/AMPOvsCity"),
        ("AgentHp2 (5,764,801 packages, 3 parties, GENIUS reading)", "anac/y2016/AgentHp2"),
    ]
    for (name, folder) in anac {
        let path = scenarios.appendingPathComponent(folder).path
        let normalization: UtilityNormalization = folder.hasSuffix("AgentHp2") ? .genius : .raw
        guard let loaded = try? LoadedScenario.load(path, normalization: normalization) else { continue }
        Benchmark("NegMAS conventions: \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Analyze().negmas(loaded, normalization: normalization))
            }
        }
    }
    // The Graph Model on gmcr-py's synthetic conflicts: all concepts for every state and mover.
    let conflicts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/data/gmcr/synthetic").standardizedFileURL
    for name in ["synth_o12_d4", "synth_o14_d4", "synth_o16_d3", "synth_o16_d4"] {
        guard let read = try? GMCRReader.read(contentsOf: conflicts.appendingPathComponent("\(name).gmcr").path),
              let graph = try? GraphModel(read.model) else { continue }
        Benchmark("stability: \(name) (\(graph.count) states), all concepts") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(StabilityAnalysis(try GraphModel(read.model)))
            }
        }
    }

    // Forecasting: 30 actors on 5 dimensions (the issue's size), and KTAB's 160-actor example.
    var rng = SeededGenerator(seed: 11)
    let actors = 30, dimensions = 5
    let capabilities = (0..<actors).map { _ in Double.random(in: 10...200, using: &rng) }
    let positions = (0..<actors).map { _ in (0..<dimensions).map { _ in Double.random(in: 0...100, using: &rng) } }
    let saliences = (0..<actors).map { _ -> [Double] in
        let raw = (0..<dimensions).map { _ in Double.random(in: 1...30, using: &rng) }
        let total = raw.reduce(0, +)
        return raw.map { $0 * 90 / total }
    }
    Benchmark("forecast: spatial model of politics, 30 actors x 5 dimensions (to convergence)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SpatialModelOfPolitics(capabilities: capabilities, positions: positions, saliences: saliences).run())
        }
    }
    Benchmark("forecast: expected-utility model, 30 actors x 5 dimensions (8 rounds each)") { benchmark in
        let model = ExpectedUtilityModel()
        for _ in benchmark.scaledIterations {
            for d in 0..<dimensions {
                blackHole(model.run(positions: positions.map { $0[d] }, capabilities: capabilities, saliences: saliences.map { $0[d] / 100 }))
            }
        }
    }
    let ktab = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/data/ktab").standardizedFileURL
    for name in ["dummyData-a080", "dummyData-a160"] {
        guard let scenario = try? SpatialTableReader.read(contentsOf: ktab.appendingPathComponent("\(name).csv").path) else { continue }
        Benchmark("forecast: spatial model of politics, KTAB \(name) (\(scenario.actors.count) actors)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(SpatialForecast.run(scenario, models: [.smp]))
            }
        }
    }

    // Simulation: one negotiation, Boulware against Conceder, 1000 rounds (bench/compare-negmas's
    // simulation part), as the use case runs it (reading the strategies by name, the report) and as
    // the protocol alone (its tables built in each run: they are internal to the package).
    let negmasScenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/data/negmas/scenarios").standardizedFileURL
    for (name, folder) in [("LaptopA", "anac/y2012/LaptopA"), ("Grocery", "anac/y2011/Grocery"), ("Energy", "anac/y2011/Energy")] {
        guard let loaded = try? LoadedScenario.load(negmasScenarios.appendingPathComponent(folder).path, normalization: .raw) else { continue }
        Benchmark("simulate \(name): boulware vs conceder, 1000 rounds (use case)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Simulate()(loaded, strategies: ["boulware", "conceder"], rounds: 1000))
            }
        }
        let model = UtilityModel(loaded.scenario)
        Benchmark("simulate \(name): boulware vs conceder, 1000 rounds (protocol)") { benchmark in
            for _ in benchmark.scaledIterations {
                let negotiators = [Strategy.boulware.negotiator(space: model.space), Strategy.conceder.negotiator(space: model.space)]
                blackHole(StackedAlternatingOffers(rounds: 1000).run(model, negotiators: negotiators))
            }
        }
    }
}
