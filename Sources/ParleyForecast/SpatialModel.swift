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
        case .commission:
            return issue.actors.firstIndex(of: "com").flatMap { issue.positions[$0] }
        case .parliament:
            return issue.actors.firstIndex(of: "ep").flatMap { issue.positions[$0] }
        case .referencePoint:
            return issue.referencePoint
        }
    }
}

/// A model's accuracy on recorded outcomes.
public struct BacktestResult: Hashable, Sendable, Codable {
    public var model: String
    /// Mean absolute error on the 0..100 scale.
    public var mae: Double
    /// The issues with an outcome and a forecast.
    public var issues: Int
}

public enum Backtest {
    /// Each model's mean absolute error over the issues that have an outcome and a forecast.
    public static func run(_ issues: [SpatialIssue], models: [SpatialModel]) -> [BacktestResult] {
        models.map { model in
            let errors = issues.compactMap { issue -> Double? in
                guard let outcome = issue.outcome, let forecast = model.forecast(issue) else { return nil }
                return abs(forecast - outcome)
            }
            return BacktestResult(model: model.rawValue, mae: errors.isEmpty ? .nan : errors.reduce(0, +) / Double(errors.count),
                                  issues: errors.count)
        }
    }
}
