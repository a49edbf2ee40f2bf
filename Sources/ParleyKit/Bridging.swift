import ParleyAnalysis
import ParleyCore
import ParleyReport

/// The `bridge` use case: the packages closest to a plan that every party accepts.
public struct BridgePlan: Sendable {
    public var options: AgreementSpaceOptions
    public init(options: AgreementSpaceOptions = AgreementSpaceOptions()) { self.options = options }

    /// - Throws: ``DiagnosticError`` for an unknown proposal or a space too large.
    public func callAsFunction(_ loaded: LoadedScenario, from id: String, limit: Int = 5) throws -> BridgeReport {
        try callAsFunction(loaded, from: id, limit: limit, analysis: Analyze(options: options).compute(loaded))
    }

    /// Bridges from proposal `id` over an analysis already computed (the HTML report's).
    /// - Throws: ``DiagnosticError`` for an unknown proposal.
    public func callAsFunction(_ loaded: LoadedScenario, from id: String, limit: Int = 5, analysis: Analysis) throws -> BridgeReport {
        let scenario = loaded.scenario
        let proposal = try loaded.proposal(id)
        let model = analysis.model, space = analysis.space
        let bridges = space.zoneSize == 0 ? [] : model.bridges(from: proposal.package,
                                                               proposer: proposal.proposer.flatMap(scenario.partyIndex), limit: limit)
        let planEvaluation = analysis.evaluations.first { $0.0.id == proposal.id }?.1 ?? model.evaluate(proposal.package, in: scenario)
        var report = BridgeReport(scenario: scenario, model: model, proposal: proposal, planEvaluation: planEvaluation,
                                  bridges: bridges.map { ($0, model.evaluate($0.package, in: scenario)) }, space: space)
        report.scenario.file = loaded.file
        if space.zoneSize == 0, !scenario.leverage.isEmpty {
            report.add((try? LeverageSearch.combinations(scenario, options: options)) ?? [], original: scenario)
        }
        return report
    }
}

/// The `whatif` use case: the analysis with explicit changes, against the base case.
public struct WhatIf: Sendable {
    public var options: AgreementSpaceOptions
    public init(options: AgreementSpaceOptions = AgreementSpaceOptions()) { self.options = options }

    /// - Throws: ``DiagnosticError`` for a change naming what does not exist or setting a value a
    ///   scenario file could not hold (the same rules as the file's).
    /// - Parameter base: the analysis of `loaded` when the caller has it already (the workspace
    ///   keeps it per version, so a what-if request maps only the changed space).
    public func callAsFunction(_ loaded: LoadedScenario, changes: [ScenarioChange], base: AnalysisReport? = nil) throws -> WhatIfReport {
        let changed: Scenario
        do { changed = try loaded.scenario.applying(changes) } catch {
            throw loaded.error([Diagnostic(.error, error.message, at: loaded.locations["scenario"] ?? .start(of: loaded.file),
                                           help: "change the value on the command line (--set PARTY.reservation=VALUE, --drop-red-line ID)")])
        }
        var variant = loaded
        variant.scenario = changed
        let analyze = Analyze(options: options)
        return WhatIfReport(changes: changes, base: try base ?? analyze(loaded), changed: try analyze(variant))
    }

    /// Parses `PARTY.reservation=VALUE`, `PARTY.weight.ISSUE=VALUE` or `PARTY.value.ISSUE.OPTION=VALUE`
    /// (a number or `[low,high]`).
    public static func parseSetting(_ text: String) throws -> ScenarioChange {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let target = parts.first?.split(separator: ".", omittingEmptySubsequences: false).map(String.init) ?? []
        let usage = "--set takes PARTY.reservation=VALUE, PARTY.weight.ISSUE=VALUE, PARTY.value.ISSUE.OPTION=VALUE, "
            + "PARTY.ideal.ISSUE=VALUE or PARTY.salience.ISSUE=VALUE, "
            + "e.g. --set RU.reservation=0.6; got '\(text)'"
        guard parts.count == 2, target.count >= 2 else { throw UsageError(usage) }
        let value = parts[1].trimmingWhitespaceAndBrackets()
        let numbers = value.split(separator: ",").compactMap { Double($0.trimmingWhitespaceAndBrackets()) }
        let estimate: Estimate
        switch numbers.count {
        case 1: estimate = Estimate(numbers[0])
        case 2 where numbers[0] <= numbers[1]: estimate = Estimate(low: numbers[0], high: numbers[1])
        default: throw UsageError("'\(parts[1])' is not a number or a range [low,high]")
        }
        let party = Party.ID(target[0])
        switch (target[1], target.count) {
        case ("reservation", 2): return .reservation(party: party, value: estimate)
        case ("weight", 3): return .weight(party: party, issue: Issue.ID(target[2]), value: estimate)
        case ("ideal", 3): return .ideal(party: party, issue: Issue.ID(target[2]), value: estimate)
        case ("salience", 3): return .salience(party: party, issue: Issue.ID(target[2]), value: estimate)
        case ("value", 4...):
            return .value(party: party, issue: Issue.ID(target[2]), option: Option.ID(target[3...].joined(separator: ".")), value: estimate)
        default: throw UsageError(usage)
        }
    }
}

extension StringProtocol {
    func trimmingWhitespaceAndBrackets() -> String {
        String(self.drop { $0.isWhitespace || $0 == "[" }.reversed().drop { $0.isWhitespace || $0 == "]" }.reversed())
    }
}

/// The `robustness` use case: a seeded Monte Carlo run over every judgment written as a range.
public struct RobustnessRun: Sendable {
    /// The most packages each draw's agreement space may have.
    public var maxPackages: Int

    public init(maxPackages: Int = AgreementSpaceOptions().maxPackages) { self.maxPackages = maxPackages }

    /// The Monte Carlo runs of the robustness command and the report's robustness section alike.
    public static let defaultRuns = 2_000

    /// - Throws: ``DiagnosticError`` when the outcome space is too large to enumerate.
    public func callAsFunction(_ loaded: LoadedScenario, runs: Int, seed: UInt64, distribution: SamplingDistribution,
                               progress: (@Sendable (Int) -> Void)? = nil, shouldStop: (@Sendable () -> Bool)? = nil) throws -> RobustnessReport {
        let scenario = loaded.scenario
        let model = UtilityModel(scenario)
        let options = AgreementSpaceOptions(maxPackages: maxPackages)
        try Analyze(options: options).checkEnumerable(model, loaded)   // a space too large is a located diagnostic
        let robustness = try Robustness.run(scenario, runs: runs, seed: seed, distribution: distribution, options: options, progress: progress,
                                            shouldStop: shouldStop)
        if let shouldStop, shouldStop() { throw CancellationError() }
        return RobustnessReport(robustness, scenario: scenario, model: model)
    }
}

/// The `diff` use case: two versions of a scenario, and what the differences do to the results.
public struct Diff: Sendable {
    public init() {}

    /// - Throws: ``DiagnosticError`` when either file is bad.
    public func callAsFunction(_ old: LoadedScenario, _ new: LoadedScenario) throws -> DiffReport {
        let analyze = Analyze()
        return DiffReport(old: old.file, new: new.file, changes: ScenarioDiff(old.scenario, new.scenario).changes,
                          base: try analyze(old), changed: try analyze(new))
    }
}
