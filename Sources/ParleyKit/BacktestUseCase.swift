import ParleyCore
import ParleyForecast
import ParleyFormats

/// The result of `parley backtest`: each model's mean absolute error against recorded outcomes.
public struct BacktestReport: Hashable, Sendable, Codable {
    public var contract = "parley.backtest/1"
    public var file: String
    public var models: [BacktestResult]
    /// How missing data was handled, in words.
    public var missingData: String
    public var issuesInFile: Int
    public var issuesWithOutcome: Int

    public func text() -> String {
        var table = ["Backtest on \(file): \(issuesWithOutcome) of \(issuesInFile) issues have a recorded outcome", missingData, ""]
        let width = max(5, models.map(\.model.count).max() ?? 5)
        table.append("model".padding(toLength: width, withPad: " ", startingAt: 0) + "     MAE  issues")
        for model in models.sorted(by: { $0.mae < $1.mae }) {
            let mae = model.mae.isNaN ? "-" : model.mae.formatted(decimals: 2)
            table.append(model.model.padding(toLength: width, withPad: " ", startingAt: 0)
                         + String(repeating: " ", count: max(1, 8 - mae.count)) + mae
                         + String(repeating: " ", count: max(1, 8 - String(model.issues).count)) + String(model.issues))
        }
        return table.joined(separator: "\n") + "\n"
    }
}

/// The `backtest` use case.
public struct BacktestRun: Sendable {
    public init() {}

    /// - Throws: ``DiagnosticError`` when the file is not a readable DEU table.
    public func callAsFunction(_ path: String, models: [SpatialModel]) throws -> BacktestReport {
        let issues = try DEUReader.read(contentsOf: path)
        return BacktestReport(
            file: path, models: Backtest.run(issues, models: models),
            missingData: "Missing data: blank cells, 999 and values outside 0..100 are missing; an actor without a position is left out; "
                + "a missing salience counts as 50; capabilities are equal; an issue counts for a model when it has an outcome and the model a forecast.",
            issuesInFile: issues.count, issuesWithOutcome: issues.filter { $0.outcome != nil }.count)
    }
}

/// The result of `parley forecast`.
public struct ForecastReport: Hashable, Sendable, Codable {
    public var contract = "parley.forecast/1"
    public var file: String
    public var issues: [IssueForecast]

    public func text(_ scenario: Scenario) -> String {
        var out = ["Forecasts for the ordered and numeric issues of \(scenario.title) (0..100 scale positions)", ""]
        for forecast in issues {
            guard let issue = scenario.issues.first(where: { $0.id.rawValue == forecast.id }) else { continue }
            out.append(issue.name)
            for entry in forecast.forecasts {
                let option = issue.options.first { $0.id.rawValue == entry.nearestOption }?.name ?? entry.nearestOption
                out.append("  \(entry.model.padding(toLength: 16, withPad: " ", startingAt: 0)) \(entry.forecast.formatted(decimals: 1).leftPadded(6))  nearest: \(option)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The `forecast` use case for a scenario's scaled issues.
public struct ForecastRun: Sendable {
    public init() {}

    public func callAsFunction(_ loaded: LoadedScenario, models: [SpatialModel]) -> ForecastReport {
        ForecastReport(file: loaded.file, issues: ScenarioForecast.run(loaded.scenario, models: models))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
