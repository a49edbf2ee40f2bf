import ParleyAnalysis
import ParleyCore
import ParleyReport

/// The `analyze` use case: evaluate every proposal and map the agreement space.
public struct Analyze: Sendable {
    public var options: AgreementSpaceOptions

    public init(options: AgreementSpaceOptions = AgreementSpaceOptions()) { self.options = options }

    /// Runs the analysis and renders it as a report.
    /// - Throws: ``DiagnosticError`` when the outcome space is too large to enumerate.
    public func callAsFunction(_ loaded: LoadedScenario) throws(DiagnosticError) -> AnalysisReport {
        try compute(loaded).report(loaded)
    }

    /// Runs the analysis once: the compiled model, the agreement space and every proposal's
    /// evaluation, for use cases that render several views of it (the HTML report, bridges).
    /// - Throws: ``DiagnosticError`` when the outcome space is too large to enumerate.
    public func compute(_ loaded: LoadedScenario) throws(DiagnosticError) -> Analysis {
        let scenario = loaded.scenario
        let model = UtilityModel(scenario)
        let space = try mapSpace(model, loaded)
        return Analysis(model: model, space: space,
                        evaluations: scenario.proposals.map { ($0, model.evaluate($0.package, in: scenario)) })
    }

    /// The agreement space with NegMAS 0.16.0's conventions (exact reservation comparisons, its
    /// solution definitions, ties listed).
    public func negmas(_ loaded: LoadedScenario, normalization: UtilityNormalization) throws(DiagnosticError) -> NegMASReport {
        var exact = self
        exact.options.reservationTolerance = 0
        let model = UtilityModel(loaded.scenario)
        let space = try exact.mapSpace(model, loaded)
        return NegMASReport(scenario: loaded.scenario, file: loaded.file, normalization: normalization, model: model, space: space)
    }

    func mapSpace(_ model: UtilityModel, _ loaded: LoadedScenario) throws(DiagnosticError) -> AgreementSpace {
        do {
            return try AgreementSpace.map(model, options: options)
        } catch {
            throw Self.tooLarge(error, loaded)
        }
    }

    /// Checks that every package of the space can be enumerated within `options.maxPackages`,
    /// without mapping the space (for use cases that enumerate it themselves, like simulation).
    func checkEnumerable(_ model: UtilityModel, _ loaded: LoadedScenario) throws(DiagnosticError) {
        guard let count = model.space.count, count <= options.maxPackages else {
            throw Self.tooLarge(OutcomeSpaceTooLarge(packages: model.space.approximateCount, limit: options.maxPackages), loaded)
        }
    }

    private static func tooLarge(_ error: OutcomeSpaceTooLarge, _ loaded: LoadedScenario) -> DiagnosticError {
        let sizes = loaded.scenario.issues.map { "\($0.id) \($0.options.count)" }.joined(separator: " × ")
        let count = error.packages.approximateCountText
        return loaded.error([Diagnostic(
            .error,
            "the outcome space has \(count) packages (\(sizes)), more than the limit of \(error.limit.grouped) that can be enumerated",
            at: loaded.locations["issues"] ?? .start(of: loaded.file),
            help: "merge or drop options, or use a coarser step on numeric issues; 'parley analyze FILE --sample 1000000' analyses a random sample, and 'parley analyze --max-packages N' raises the limit")])
    }
}

/// One analysis of a scenario, computed once and rendered as often as needed.
public struct Analysis: Sendable {
    public var model: UtilityModel
    public var space: AgreementSpace
    /// Every proposal with its evaluation, in scenario order.
    public var evaluations: [(Proposal, PackageEvaluation)]

    /// The analysis as the `analyze` report.
    public func report(_ loaded: LoadedScenario) -> AnalysisReport {
        AnalysisReport(scenario: loaded.scenario, file: loaded.file, warnings: loaded.warnings, model: model,
                       evaluations: evaluations, space: space)
    }
}

/// The `evaluate` use case: one proposal's verdicts.
public struct Evaluate: Sendable {
    public init() {}

    /// Evaluates proposal `id`.
    /// - Throws: ``DiagnosticError`` when the scenario has no such proposal.
    public func callAsFunction(_ loaded: LoadedScenario, proposal id: String) throws(DiagnosticError) -> EvaluationResult {
        let scenario = loaded.scenario
        let proposal = try loaded.proposal(id)
        let model = UtilityModel(scenario)
        let builder = ReportBuilder(scenario: scenario, model: model)
        return EvaluationResult(scenario: builder.summary(file: loaded.file),
                                proposal: builder.proposal(proposal, model.evaluate(proposal.package, in: scenario)))
    }
}

/// A mistake in how a command was called (exit code 2), as opposed to bad input (exit code 1).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
