import ParleyAnalysis
import ParleyCore
import ParleyReport

/// The `analyze` use case: evaluate every proposal and map the agreement space.
public struct Analyze: Sendable {
    public var options: AgreementSpaceOptions
    /// Called with (packages visited, packages to visit) while the space is mapped, for a progress
    /// display on long runs.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(options: AgreementSpaceOptions = AgreementSpaceOptions(), progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.options = options
        self.progress = progress
    }

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
            let total = options.sample ?? model.space.count ?? 0
            return try AgreementSpace.map(model, options: options, progress: progress.map { report in { @Sendable done in report(done, total) } })
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
        return evaluate(loaded, try loaded.proposal(id))
    }

    /// Evaluates an ad-hoc package written `issue=option,issue=option` (ids or names; issues left
    /// out take their status quo, or stay open).
    /// - Throws: ``DiagnosticError`` naming every issue or option that does not exist, with the
    ///   nearest spelling.
    public func callAsFunction(_ loaded: LoadedScenario, package text: String) throws(DiagnosticError) -> EvaluationResult {
        let package = try Self.package(text, in: loaded)
        return evaluate(loaded, Proposal(id: "package", name: "The package \(text)", package: package))
    }

    func evaluate(_ loaded: LoadedScenario, _ proposal: Proposal) -> EvaluationResult {
        let scenario = loaded.scenario
        let model = UtilityModel(scenario)
        let builder = ReportBuilder(scenario: scenario, model: model)
        return EvaluationResult(scenario: builder.summary(file: loaded.file),
                                proposal: builder.proposal(proposal, model.evaluate(proposal.package, in: scenario)))
    }

    /// Reads `issue=option,...` against the scenario's issues and options (ids or names).
    static func package(_ text: String, in loaded: LoadedScenario) throws(DiagnosticError) -> Package {
        let scenario = loaded.scenario
        var options = [Int?](repeating: nil, count: scenario.issues.count)
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ help: String) {
            problems.append(Diagnostic(.error, "--package \(text): \(message)", at: nil, help: help))
        }
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                problem("'\(part)' is not issue=option", "write the package as issue=option,issue=option")
                continue
            }
            guard let i = scenario.issues.firstIndex(where: { $0.id.rawValue == pair[0] || $0.name == pair[0] }) else {
                let ids = scenario.issues.map(\.id.rawValue)
                problem("no issue '\(pair[0])'", (DecodingContext.suggestion(for: pair[0], among: ids).map { "did you mean '\($0)'? " } ?? "")
                        + "the issues: \(ids.joined(separator: ", "))")
                continue
            }
            let issue = scenario.issues[i]
            guard let o = issue.options.firstIndex(where: { $0.id.rawValue == pair[1] || $0.name == pair[1] }) else {
                let ids = issue.options.map(\.id.rawValue)
                problem("issue '\(issue.id)' has no option '\(pair[1])'", (DecodingContext.suggestion(for: pair[1], among: ids).map { "did you mean '\($0)'? " } ?? "")
                        + "its options: \(ids.joined(separator: ", "))")
                continue
            }
            if options[i] != nil { problem("issue '\(issue.id)' is named twice", "name each issue once") }
            options[i] = o
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return Package(options: options)
    }
}

/// A mistake in how a command was called (exit code 2), as opposed to bad input (exit code 1).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Analyze {
    /// Readies a thread of the pool the analyses run on, for a program about to run one
    /// (``PackageWalk/prepareWorkers()``).
    public static func prepareWorkers() { PackageWalk.prepareWorkers() }
}
