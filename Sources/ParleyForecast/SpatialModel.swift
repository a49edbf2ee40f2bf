import Foundation
import ParleyCore

/// The simple spatial models of political science, each a forecast of an issue's outcome from the
/// actors' positions, saliences and capabilities.
///
/// Interpretive choices (documented here once): an actor without a position is left out; a missing
/// salience counts as 50; a missing capability as 1 (equal capabilities).
public enum SpatialModel: String, Hashable, Sendable, Codable, CaseIterable {
    /// The compromise model: the mean of the positions weighted by capability × salience (Achen
    /// 2006, "The European Union Decides", ch. 4; a computable approximation of the weighted Nash
    /// bargaining solution).
    case compromise
    /// The unweighted mean of the positions.
    case mean
    /// The weighted median (median voter with capability × salience weights): the smallest position
    /// at which the cumulative weight reaches half the total (Black 1948).
    case median
    /// The Nash bargaining solution on the issue's line with the reference point as the disagreement
    /// point (Nash 1950; weighted by capability × salience as in Achen 2006, ch. 4): the position
    /// maximising Σ w_i log(u_i(x) − u_i(rp)) with quadratic-loss utilities u_i(x) = −(x − x_i)², over
    /// the positions every weighted actor prefers to the reference point. When no such position
    /// exists (actors on both sides of the reference point, or one at it) the reference point
    /// stands. Without a reference point the model gives no forecast.
    case nash
    /// The Commission's position (DEU: the agenda setter).
    case commission
    /// The Parliament's position.
    case parliament
    /// The reference point (status quo): "nothing changes".
    case referencePoint

    /// The weight of each actor with a position: capability × salience.
    static func weighted(_ issue: SpatialIssue) -> [(position: Double, weight: Double)] {
        issue.positions.indices.compactMap { k in
            guard let position = issue.positions[k] else { return nil }
            return (position, (issue.capabilities[k] ?? 1) * (issue.saliences[k] ?? 50))
        }
    }

    /// The model's forecast for `issue`, or `nil` when it has no input (no positions, no such actor).
    public func forecast(_ issue: SpatialIssue) -> Double? {
        switch self {
        case .compromise:
            let points = Self.weighted(issue)
            let total = points.reduce(0) { $0 + $1.weight }
            guard !points.isEmpty else { return nil }
            guard total > 0 else { return points.reduce(0) { $0 + $1.position } / Double(points.count) }
            return points.reduce(0) { $0 + $1.position * $1.weight } / total
        case .mean:
            let positions = issue.positions.compactMap { $0 }
            return positions.isEmpty ? nil : positions.reduce(0, +) / Double(positions.count)
        case .median:
            let points = Self.weighted(issue).sorted { $0.position < $1.position }
            let total = points.reduce(0) { $0 + $1.weight }
            guard !points.isEmpty else { return nil }
            var cumulative = 0.0
            for point in points {
                cumulative += point.weight
                if cumulative >= total / 2 { return point.position }
            }
            return points.last?.position
        case .nash:
            return Self.nashBargaining(issue)
        case .commission:
            return issue.actors.firstIndex(of: "com").flatMap { issue.positions[$0] }
        case .parliament:
            return issue.actors.firstIndex(of: "ep").flatMap { issue.positions[$0] }
        case .referencePoint:
            return issue.referencePoint
        }
    }
}

extension SpatialModel {
    static func nashBargaining(_ issue: SpatialIssue) -> Double? {
        guard let reference = issue.referencePoint else { return nil }
        let points = weighted(issue).filter { $0.weight > 0 }
        guard !points.isEmpty else { return nil }
        // Each actor gains on the open interval between the reference point and its mirror image
        // 2x_i − rp; all must gain, so all must lie on one side of the reference point.
        let above = points.allSatisfy { $0.position > reference }, below = points.allSatisfy { $0.position < reference }
        guard above || below else { return reference }
        let reach = points.map { 2 * abs($0.position - reference) }.min()!
        var low = above ? reference : reference - reach, high = above ? reference + reach : reference
        func objective(_ x: Double) -> Double {
            points.reduce(0) { total, point in
                let gain = (reference - point.position) * (reference - point.position) - (x - point.position) * (x - point.position)
                return total + point.weight * log(max(gain, .leastNonzeroMagnitude))
            }
        }
        // The objective is concave on the interval (a sum of logs of concave functions).
        for _ in 0..<200 {
            let a = low + (high - low) / 3, b = high - (high - low) / 3
            if objective(a) < objective(b) { low = a } else { high = b }
        }
        return (low + high) / 2
    }
}

/// A model's accuracy on recorded outcomes.
public struct BacktestResult: Hashable, Sendable, Codable {
    public var model: String
    /// Mean absolute error on the 0..100 scale; NaN when no issue was scored (`null` in JSON).
    public var mae: Double
    /// The issues with an outcome and a forecast.
    public var issues: Int

    public init(model: String, mae: Double, issues: Int) {
        (self.model, self.mae, self.issues) = (model, mae, issues)
    }

    enum CodingKeys: String, CodingKey { case model, mae, issues }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        mae = try container.decodeIfPresent(Double.self, forKey: .mae) ?? .nan
        issues = try container.decode(Int.self, forKey: .issues)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        if mae.isNaN { try container.encodeNil(forKey: .mae) } else { try container.encode(mae, forKey: .mae) }
        try container.encode(issues, forKey: .issues)
    }
}

/// Where the actors' capabilities come from in a backtest on EU data.
public enum CapabilityScheme: Hashable, Sendable {
    /// Every actor 1 (the file's capabilities when it states them).
    case equal
    /// Member states: their Council votes in the period of the decision (population under the
    /// double majority); under unanimity all equal. Commission and Parliament: each weighted like
    /// the largest member state with a position on the issue.
    case councilVotes
    /// As ``councilVotes`` with each state's Shapley-Shubik index in the qualified-majority game
    /// of the period (``CouncilPower``) in place of its votes.
    case councilPower
    /// A table of capabilities by actor id; actors not in it count 1.
    case table([String: Double])

    /// The schemes by name: the built-in ones, and `table` for a supplied table.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case equal
        case councilVotes = "council-votes"
        case councilPower = "council-power"
        case table
    }

    public var kind: Kind {
        switch self {
        case .equal: .equal
        case .councilVotes: .councilVotes
        case .councilPower: .councilPower
        case .table: .table
        }
    }

    /// The scheme of a built-in kind; `nil` for ``Kind/table``, which needs its table.
    public init?(_ kind: Kind) {
        switch kind {
        case .equal: self = .equal
        case .councilVotes: self = .councilVotes
        case .councilPower: self = .councilPower
        case .table: return nil
        }
    }

    public var name: String { kind.rawValue }

    /// The issue with its capabilities set by the scheme (Thomson & Hosli 2006's Council-centric
    /// reading for the Commission and Parliament; a veto for every state under unanimity). An
    /// issue without a decision date keeps equal capabilities under the Council schemes; a state
    /// not a member at the time gets the members' mean.
    public func apply(_ issue: SpatialIssue) -> SpatialIssue {
        var issue = issue
        switch self {
        case .equal:
            return issue
        case .table(let table):
            issue.capabilities = issue.actors.map { table[$0] ?? 1 }
            return issue
        case .councilVotes, .councilPower:
            guard let day = issue.decided else { return issue }
            let unanimity = issue.votingRule?.lowercased().hasPrefix("unan") == true
            let regime = CouncilPower.regime(year: day.year, month: day.month, day: day.day)
            let table = unanimity ? Dictionary(uniqueKeysWithValues: CouncilPower.members(regime).map { ($0, 1.0) })
                : self == .councilVotes ? CouncilPower.votes(regime) : CouncilPower.shapleyShubik(regime)
            let memberMean = table.values.reduce(0, +) / Double(max(1, table.count))
            var capabilities = issue.actors.map { actor -> Double? in
                CouncilPower.states.contains(actor) ? (table[actor] ?? memberMean) : nil
            }
            let largest = issue.actors.indices.compactMap { issue.positions[$0] == nil ? nil : capabilities[$0] }.max() ?? 1
            for k in issue.actors.indices where capabilities[k] == nil {
                capabilities[k] = ["com", "ep"].contains(issue.actors[k]) ? largest : 1
            }
            issue.capabilities = capabilities
            return issue
        }
    }
}

public enum Backtest {
    /// Each model's mean absolute error over the issues that have an outcome and a forecast.
    public static func run(_ issues: [SpatialIssue], models: [ForecastModel], capabilities: CapabilityScheme = .equal,
                           options: ForecastOptions = ForecastOptions()) -> [BacktestResult] {
        let prepared = issues.filter { $0.outcome != nil }.map(capabilities.apply)
        return models.map { model in
            // Issues are independent: on all cores.
            let errors = Parallel.map(count: prepared.count, parallel: prepared.count > 8) { k -> Double? in
                let issue = prepared[k]
                guard let outcome = issue.outcome,
                      let forecast = SpatialForecast.entry(model, issue, options, trajectory: false)?.forecast else { return nil }
                return abs(forecast - outcome)
            }.compactMap { $0 }
            return BacktestResult(model: model.rawValue, mae: errors.isEmpty ? .nan : errors.reduce(0, +) / Double(errors.count),
                                  issues: errors.count)
        }
    }
}
