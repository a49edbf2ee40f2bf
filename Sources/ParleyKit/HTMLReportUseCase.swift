import ParleyAnalysis
import ParleyConflict
import ParleyForecast
import ParleyCore
import ParleyReport

/// The `report` use case: every analysis of a scenario in one self-contained HTML file.
public struct MakeReport: Sendable {
    public init() {}

    /// - Parameters:
    ///   - bridgeFrom: the proposal to bridge from (the first proposal by default).
    ///   - runs: Monte Carlo runs for the robustness section (0: no section).
    ///   - strategies: the strategies of the simulated negotiation (one per party, a shorter list is
    ///     repeated; empty: no simulation section), over `rounds` rounds.
    /// - Throws: ``DiagnosticError`` for a space too large to enumerate.
    ///   - maxPoints: the most packages drawn per chart (more are thinned, and the report says so).
    public func callAsFunction(_ loaded: LoadedScenario, bridgeFrom: String? = nil, runs: Int = 2_000, seed: UInt64 = 1,
                               maxPoints: Int = 3_000, strategies: [String] = ["boulware"], rounds: Int = 100) throws -> String {
        let scenario = loaded.scenario
        // The agreement space is mapped once; the analysis, bridge and chart sections render it.
        let computed = try Analyze().compute(loaded)
        let model = computed.model, space = computed.space
        let analysis = computed.report(loaded)
        let bridge = try (bridgeFrom ?? scenario.proposals.first?.id.rawValue).map { try BridgePlan()(loaded, from: $0, analysis: computed) }
        let robustness = runs > 0 && !scenario.uncertainPreferenceJudgments.isEmpty
            ? try RobustnessRun()(loaded, runs: runs, seed: seed, distribution: .uniform) : nil
        var stability: StabilityReport?
        if let conflict = scenario.conflict, let graph = try? GraphModel(conflict) {
            stability = StabilityReport(StabilityAnalysis(graph), file: loaded.file)
        }
        var report = HTMLReport(scenario: scenario, analysis: analysis, space: space, bridge: bridge, robustness: robustness,
                                stability: stability)
        report.maxPoints = maxPoints
        // Forecasts, with their Monte Carlo bands when the scenario's positions, saliences or
        // capabilities are ranges.
        let uncertain = runs > 0 && SpatialScenario(scenario).isUncertain
        let forecasts = ScenarioForecast.run(scenario, models: ForecastModel.all, runs: uncertain ? runs : nil, seed: seed)
        report.forecasts = forecasts.isEmpty ? nil : forecasts
        if !strategies.isEmpty, (model.space.count ?? .max) <= 2_000_000 {
            report.simulation = try Simulate()(loaded, strategies: strategies, rounds: rounds)
        }
        return report.html()
    }
}
