import Foundation
import ParleyCore

/// The forecasting models `parley forecast` runs.
public enum ForecastModel: String, Hashable, Sendable, Codable, CaseIterable {
    case compromise, mean, median, nash
    /// Bueno de Mesquita's expected-utility model (``ExpectedUtilityModel``), per issue.
    case eum
    /// The same run's capability × salience weighted mean after the last round (Scholz et al.
    /// 2011 recommend it beside the median).
    case eumMean
    /// KTAB's spatial model of politics (``SpatialModelOfPolitics``), all dimensions jointly.
    case smp
    case referencePoint
    /// The positions of the DEU agenda setters (backtests).
    case commission, parliament

    /// The models `parley forecast --model all` runs.
    public static let all: [ForecastModel] = [.compromise, .mean, .median, .nash, .eum, .eumMean, .smp, .referencePoint]

    /// The models of a comma-separated list, or `nil` when one is unknown.
    public static func list(_ text: String) -> [ForecastModel]? {
        var models: [ForecastModel] = []
        for name in text.split(separator: ",") {
            guard let model = ForecastModel(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            models.append(model)
        }
        return models.isEmpty ? nil : models
    }

    var simple: SpatialModel? {
        switch self {
        case .compromise: .compromise
        case .mean: .mean
        case .median: .median
        case .nash: .nash
        case .referencePoint: .referencePoint
        case .commission: .commission
        case .parliament: .parliament
        case .eum, .eumMean, .smp: nil
        }
    }
}

/// One round of a dynamic model's run on one issue.
public struct ForecastRound: Hashable, Sendable, Codable {
    /// Each actor's position after the round (round 0: the input), keyed by actor id.
    public var positions: [String: Double]
    /// The capability × salience weighted median and mean of the positions.
    public var median: Double
    public var mean: Double
    /// Each actor's position's probability of winning (the spatial model of politics).
    public var probabilities: [String: Double]?
}

/// The spread of a forecast over the draws of a Monte Carlo run.
public struct ForecastDistribution: Hashable, Sendable, Codable {
    public var runs: Int
    public var median: Double
    /// The 5th and 95th percentiles.
    public var low: Double
    public var high: Double
}

/// Forecasts of one issue (dimension).
public struct IssueForecast: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var model: String
        public var forecast: Double
        /// The option whose position is nearest the forecast (scenarios with options).
        public var nearestOption: String?
        /// The round-by-round trajectory (dynamic models).
        public var rounds: [ForecastRound]?
        /// The distribution over a Monte Carlo run's draws.
        public var distribution: ForecastDistribution?
    }

    public var id: String
    public var forecasts: [Entry]
}

/// Settings of the dynamic models.
public struct ForecastOptions: Hashable, Sendable {
    public var expectedUtility: ExpectedUtilityModel
    /// The spatial model of politics' parameters; `nil`: those the input states (KTAB XML), else
    /// KTAB's defaults.
    public var smp: SpatialModelOfPolitics.Parameters?

    public init(expectedUtility: ExpectedUtilityModel = ExpectedUtilityModel(), smp: SpatialModelOfPolitics.Parameters? = nil) {
        self.expectedUtility = expectedUtility
        self.smp = smp
    }
}

public enum SpatialForecast {
    /// Each model's forecast on every dimension of `scenario`, ranges at their midpoints. Missing
    /// data: an actor without a position on a dimension is left out there; a missing salience
    /// counts as 50.
    public static func run(_ scenario: SpatialScenario, models: [ForecastModel],
                           options: ForecastOptions = ForecastOptions()) -> [IssueForecast] {
        let joint = models.contains(.smp) ? spatialModelOfPolitics(scenario, options: options, trajectory: true) : []
        return scenario.dimensions.indices.map { d in
            let issue = scenario.issue(d)
            return IssueForecast(id: issue.id, forecasts: models.compactMap { model in
                model == .smp ? (joint.isEmpty ? nil : joint[d]) : entry(model, issue, options)
            })
        }
    }

    /// The spatial model of politics on all dimensions at once: one entry per dimension, `nil`
    /// where it cannot run. Actors without a position on every dimension are left out; a missing
    /// salience counts as 50; an actor whose saliences add up to more than 100 has them scaled to
    /// 100 (KTAB's saliences are shares of attention); actors with no capability or no salience
    /// are left out (the model divides by both).
    public static func spatialModelOfPolitics(_ scenario: SpatialScenario, options: ForecastOptions, trajectory: Bool) -> [IssueForecast.Entry?] {
        let nd = scenario.dimensions.count
        var included: [Int] = [], positions: [[Double]] = [], saliences: [[Double]] = [], capabilities: [Double] = []
        for a in scenario.actors.indices {
            let position = scenario.positions[a].compactMap { $0?.value }
            var salience = scenario.saliences[a].map { $0?.value ?? 50 }
            let total = salience.reduce(0, +)
            guard position.count == nd, scenario.capabilities[a].value > 0, total > 0 else { continue }
            if total > 100 { salience = salience.map { $0 * 100 / total } }
            included.append(a); positions.append(position); saliences.append(salience); capabilities.append(scenario.capabilities[a].value)
        }
        guard included.count >= 2, nd >= 1 else { return [IssueForecast.Entry?](repeating: nil, count: nd) }
        let parameters = options.smp ?? (try? SpatialModelOfPolitics.Parameters(ktab: scenario.parameters)) ?? .init()
        let adjustments = scenario.idealAdjustments.compactMap { adjustment -> (Int, Int, Double)? in
            guard let a = included.firstIndex(of: adjustment.adjusting), let r = included.firstIndex(of: adjustment.reference) else { return nil }
            return (a, r, adjustment.adjust)
        }
        let run = SpatialModelOfPolitics(capabilities: capabilities, positions: positions, saliences: saliences,
                                         idealAdjustments: adjustments, parameters: parameters).run()
        let names = included.map { scenario.actors[$0] }
        return (0..<nd).map { d in
            let final = run.positions.last!, probabilities = run.probabilities.last!
            let winner = probabilities.indices.max { probabilities[$0] < probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 > $1) }!
            let rounds = trajectory ? run.positions.indices.map { t in
                let issue = SpatialIssue(id: scenario.dimensions[d], actors: names, positions: run.positions[t].map { $0[d] },
                                         saliences: saliences.map { $0[d] }, capabilities: capabilities)
                return ForecastRound(positions: Dictionary(uniqueKeysWithValues: zip(names, run.positions[t].map { $0[d] })),
                                     median: SpatialModel.median.forecast(issue) ?? .nan, mean: SpatialModel.compromise.forecast(issue) ?? .nan,
                                     probabilities: Dictionary(uniqueKeysWithValues: zip(names, run.probabilities[t])))
            } : nil
            return IssueForecast.Entry(model: ForecastModel.smp.rawValue, forecast: final[winner][d], rounds: rounds)
        }
    }

    public static func entry(_ model: ForecastModel, _ issue: SpatialIssue, _ options: ForecastOptions, trajectory: Bool = true) -> IssueForecast.Entry? {
        if let simple = model.simple {
            return simple.forecast(issue).map { .init(model: model.rawValue, forecast: $0) }
        }
        if model == .smp {
            let present = issue.positions.indices.filter { issue.positions[$0] != nil }
            let scenario = SpatialScenario(name: issue.id, actors: present.map { issue.actors[$0] },
                                           capabilities: present.map { Estimate(issue.capabilities[$0] ?? 1) }, dimensions: [issue.id],
                                           positions: present.map { [Estimate(issue.positions[$0]!)] },
                                           saliences: present.map { [issue.saliences[$0].map(Estimate.init)] },
                                           referencePoints: [issue.referencePoint])
            return spatialModelOfPolitics(scenario, options: options, trajectory: trajectory)[0]
        }
        let present = issue.positions.indices.filter { issue.positions[$0] != nil }
        guard !present.isEmpty else { return nil }
        let x = present.map { issue.positions[$0]! }, c = present.map { issue.capabilities[$0] ?? 1 }
        let s = present.map { (issue.saliences[$0] ?? 50) / 100 }
        let rounds = options.expectedUtility.run(positions: x, capabilities: c, saliences: s)
        return .init(model: model.rawValue, forecast: model == .eumMean ? rounds.last!.mean : rounds.last!.median, rounds: trajectory ? rounds.map { round in
            ForecastRound(positions: Dictionary(uniqueKeysWithValues: zip(present.map { issue.actors[$0] }, round.positions)),
                          median: round.median, mean: round.mean)
        } : nil)
    }

    /// The forecasts at the ranges' midpoints (with trajectories), each with its distribution over
    /// `runs` draws of every range (uniform), computed in chunks on all cores; the same seed gives
    /// the same result whatever the number of cores.
    public static func monteCarlo(_ scenario: SpatialScenario, models: [ForecastModel], options: ForecastOptions = ForecastOptions(),
                                  runs: Int, seed: UInt64, progress: (@Sendable (Int) -> Void)? = nil) -> [IssueForecast] {
        var point = run(scenario, models: models, options: options)
        let dimensions = scenario.dimensions.count, modelCount = models.count
        // values[(d * models + m) * runs + r]
        let values = Locked([Double](repeating: .nan, count: dimensions * modelCount * runs))
        let chunk = 64, chunks = (runs + chunk - 1) / chunk
        let done = Locked(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var rng = SeededGenerator.stream(seed: seed, index: c)
            let range = (c * chunk)..<min(runs, (c + 1) * chunk)
            var local = [Double](repeating: .nan, count: dimensions * modelCount * range.count)
            for (k, _) in range.enumerated() {
                let draw = scenario.draw(using: &rng)
                let joint = models.contains(.smp) ? spatialModelOfPolitics(draw, options: options, trajectory: false) : []
                for d in 0..<dimensions {
                    let issue = draw.issue(d)
                    for (m, model) in models.enumerated() {
                        let forecast = model == .smp ? joint[d] : entry(model, issue, options, trajectory: false)
                        if let value = forecast?.forecast {
                            local[(d * modelCount + m) * range.count + k] = value
                        }
                    }
                }
            }
            values.withLock { all in
                for slot in 0..<(dimensions * modelCount) {
                    for k in 0..<range.count { all[slot * runs + range.lowerBound + k] = local[slot * range.count + k] }
                }
            }
            if let progress {
                progress(done.withLock { value -> Int in value += range.count; return value })
            }
        }
        let all = values.withLock { $0 }
        for d in 0..<dimensions {
            for (m, model) in models.enumerated() {
                let sample = all[((d * modelCount + m) * runs)..<((d * modelCount + m + 1) * runs)].filter { !$0.isNaN }.sorted()
                guard !sample.isEmpty, let e = point[d].forecasts.firstIndex(where: { $0.model == model.rawValue }) else { continue }
                point[d].forecasts[e].distribution = ForecastDistribution(
                    runs: sample.count, median: quantile(sample, 0.5), low: quantile(sample, 0.05), high: quantile(sample, 0.95))
            }
        }
        return point
    }

    /// The `p` quantile of sorted values, interpolating linearly between order statistics.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}

public enum ScenarioForecast {
    /// Each model's forecast for every ordered or numeric issue of `scenario`, with the option
    /// nearest each forecast; a Monte Carlo run over the scenario's ranges when `runs` is given.
    public static func run(_ scenario: Scenario, models: [ForecastModel], options: ForecastOptions = ForecastOptions(),
                           runs: Int? = nil, seed: UInt64 = 1, progress: (@Sendable (Int) -> Void)? = nil) -> [IssueForecast] {
        let spatial = SpatialScenario(scenario)
        var forecasts = runs.map { SpatialForecast.monteCarlo(spatial, models: models, options: options, runs: $0, seed: seed, progress: progress) }
            ?? SpatialForecast.run(spatial, models: models, options: options)
        for f in forecasts.indices {
            guard let issue = scenario.issues.first(where: { $0.id.rawValue == forecasts[f].id }) else { continue }
            for e in forecasts[f].forecasts.indices {
                let value = forecasts[f].forecasts[e].forecast
                forecasts[f].forecasts[e].nearestOption = issue.options.min {
                    abs(($0.position ?? 0) - value) < abs(($1.position ?? 0) - value)
                }?.id.rawValue
            }
        }
        return forecasts
    }
}
