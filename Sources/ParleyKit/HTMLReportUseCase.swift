import ParleyAnalysis
import ParleyConflict
import ParleyForecast
import ParleyCore
import ParleyReport

/// The `report` use case: every analysis of a scenario in one self-contained HTML file.
public struct MakeReport: Sendable {
    /// The optional sections a report can leave out (`--no-forecast`, ...).
    public enum Section: String, CaseIterable, Hashable, Sendable {
        case bridges, robustness, stability, forecast, simulation
    }

    /// The sections left out on request; each is listed at the end of the report as left out.
    public var without: Set<Section> = []
    /// The most packages the agreement space may have.
    public var maxPackages: Int

    public init(without: Set<Section> = [], maxPackages: Int = AgreementSpaceOptions().maxPackages) {
        self.without = without
        self.maxPackages = maxPackages
    }

    /// - Parameters:
    ///   - bridgeFrom: the proposal to bridge from (the first proposal by default).
    ///   - runs: Monte Carlo runs for the robustness section (0: no section).
    ///   - strategies: the strategies of the simulated negotiation (one per party, a shorter list is
    ///     repeated; empty: no simulation section), over `rounds` rounds.
    /// - Throws: ``DiagnosticError`` for a space too large to enumerate.
    ///   - maxPoints: the most packages drawn per chart (more are thinned, and the report says so).
    ///   - moderated: also play the moderated protocol and show its conversation (nil: for a game with
    ///     a proposer, a party whose role is `p1`).
    public func callAsFunction(_ loaded: LoadedScenario, bridgeFrom: String? = nil, runs: Int = 2_000, seed: UInt64 = 1,
                               maxPoints: Int = 3_000, strategies: [String] = ["boulware"], rounds: Int = 100,
                               moderated: Bool? = nil) throws -> String {
        let scenario = loaded.scenario
        // The agreement space is mapped once; the analysis, bridge and chart sections render it.
        let computed = try Analyze(options: AgreementSpaceOptions(maxPackages: maxPackages)).compute(loaded)
        let model = computed.model, space = computed.space
        let analysis = computed.report(loaded)
        let bridge = without.contains(.bridges) ? nil
            : try (bridgeFrom ?? scenario.proposals.first?.id.rawValue).map { try BridgePlan(options: AgreementSpaceOptions(maxPackages: maxPackages))(loaded, from: $0, analysis: computed) }
        let robustness = !without.contains(.robustness) && runs > 0 && !scenario.uncertainPreferenceJudgments.isEmpty
            ? try RobustnessRun(maxPackages: maxPackages)(loaded, runs: runs, seed: seed, distribution: .uniform) : nil
        var stability: StabilityReport?
        var conflictError: String?
        if !without.contains(.stability), let conflict = scenario.conflict {
            do { stability = StabilityReport(StabilityAnalysis(try GraphModel(conflict)), file: loaded.file) } catch {
                conflictError = "\(error)"
            }
        }
        var report = HTMLReport(scenario: scenario, analysis: analysis, space: space, bridge: bridge, robustness: robustness,
                                stability: stability)
        report.maxPoints = maxPoints
        // Forecasts, with their Monte Carlo bands when the scenario's positions, saliences or
        // capabilities are ranges.
        let uncertain = runs > 0 && SpatialScenario(scenario).isUncertain
        let tooManyForSMP = scenario.parties.count > ForecastRun.smpActorLimit
        let forecasts = without.contains(.forecast) ? []
            : ScenarioForecast.run(scenario, models: ForecastModel.all.filter { !tooManyForSMP || $0 != .smp }, runs: uncertain ? runs : nil, seed: seed)
        report.forecasts = forecasts.isEmpty ? nil : forecasts
        if !without.contains(.simulation), !strategies.isEmpty, (model.space.count ?? .max) <= Self.simulationLimit {
            report.simulation = try Simulate()(loaded, strategies: strategies, rounds: rounds)
            // A game with a proposer (an LLM-Deliberation game) is also played under the moderated protocol.
            if moderated ?? scenario.parties.contains(where: { $0.attributes["role"] == "p1" }) {
                report.moderated = try Simulate().moderated(loaded, strategies: strategies, seed: seed)
            }
        }
        // Sections left out on request say so; the others that are missing say why.
        report.leftOut = Section.allCases.filter(without.contains).map { "\($0.title): left out (--no-\($0.rawValue))." }
            + Self.missing(scenario, runs: runs, strategies: strategies, packages: model.space.approximateCount,
                           hasForecasts: !forecasts.isEmpty, conflictError: conflictError, tooManyForSMP: tooManyForSMP)
                .filter { !without.contains($0.section) }.map(\.note)
        return report.html()
    }

    /// The most packages the report's simulated negotiation tabulates.
    public static let simulationLimit = 2_000_000

    /// Why each section that is missing is missing, and how to get it.
    static func missing(_ scenario: Scenario, runs: Int, strategies: [String], packages: Double, hasForecasts: Bool,
                        conflictError: String?, tooManyForSMP: Bool) -> [(section: Section, note: String)] {
        var notes: [(Section, String)] = []
        if runs == 0 {
            notes.append((.robustness, "Robustness: --runs 0 was given; give a number of Monte Carlo runs to include it."))
        } else if scenario.uncertainPreferenceJudgments.isEmpty {
            notes.append((.robustness, "Robustness: the scenario states no ranges (write a number as [low, high] to say how sure it is)."))
        }
        if scenario.conflict == nil {
            notes.append((.stability, "Moves and threats: the scenario has no 'conflict' section."))
        } else if let conflictError {
            notes.append((.stability, "Moves and threats: the conflict cannot be analysed: \(conflictError)"))
        }
        if !hasForecasts {
            notes.append((.forecast, "Forecasts: the spatial models need ordered or numeric issues with positions; every issue here is categorical."))
        }
        if tooManyForSMP {
            notes.append((.forecast, "Forecast by KTAB's spatial model of politics: it runs with at most \(ForecastRun.smpActorLimit) actors "
                + "(it keeps actors³ numbers); this scenario has \(scenario.parties.count.grouped)."))
        }
        if strategies.isEmpty {
            notes.append((.simulation, "Simulated negotiation: no strategies were given (--strategies)."))
        } else if packages > Double(simulationLimit) {
            notes.append((.simulation, "Simulated negotiation: the space has \(packages.approximateCountText) packages, more than the "
                + "\(simulationLimit.grouped) the report tabulates; run parley simulate FILE on its own."))
        }
        return notes.map { (section: $0.0, note: $0.1) }
    }
}

extension MakeReport.Section {
    /// The section's name in the report.
    public var title: String {
        switch self {
        case .bridges: "Bridges"
        case .robustness: "Robustness"
        case .stability: "Moves and threats"
        case .forecast: "Forecasts"
        case .simulation: "Simulated negotiation"
        }
    }
}
