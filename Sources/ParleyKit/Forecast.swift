import ParleyCore
import ParleyForecast
import ParleyFormats

/// The result of `parley backtest`: each model's mean absolute error against recorded outcomes.
public struct BacktestReport: Hashable, Sendable, Codable {
    public var contract = "parley.backtest/1"
    public var file: String
    /// The capability scheme: equal, council-votes, council-power or table.
    public var capabilities: String
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

/// Where a backtest's capabilities come from: a built-in scheme, or a table of `actor,capability`
/// rows (its text, or a path).
public enum BacktestCapabilities: Sendable {
    case scheme(CapabilityScheme)
    case table(text: String, file: String)
    case tableFile(String)

    /// A built-in scheme by name (`equal`, `council-votes`, `council-power`), else a table's path.
    public init(_ argument: String) {
        if let kind = CapabilityScheme.Kind(rawValue: argument), let scheme = CapabilityScheme(kind) {
            self = .scheme(scheme)
        } else {
            self = .tableFile(argument)
        }
    }

    /// The scheme, reading the table when there is one.
    /// - Throws: ``DiagnosticError`` when the table cannot be read or has bad rows.
    public func scheme() throws(DiagnosticError) -> CapabilityScheme {
        switch self {
        case .scheme(let scheme): scheme
        case .table(let text, let file): .table(try CapabilityTable.read(text, file: file))
        case .tableFile(let path): .table(try CapabilityTable.read(contentsOf: path))
        }
    }
}

/// The `backtest` use case.
///
/// ```swift
/// let report = try BacktestRun()("deu3-dev.tsv", models: ForecastModel.allCases, capabilities: .scheme(.councilPower))
/// ```
public struct BacktestRun: Sendable {
    public init() {}

    /// Backtests on the DEU table at `path`; see ``callAsFunction(text:file:models:capabilities:settings:)``.
    /// - Throws: ``DiagnosticError`` when the file cannot be read or is not a DEU table.
    public func callAsFunction(_ path: String, models: [ForecastModel], capabilities: BacktestCapabilities = .scheme(.equal),
                               settings: ForecastSettings = ForecastSettings()) throws(DiagnosticError) -> BacktestReport {
        try callAsFunction(text: try ScenarioReader.readText(at: path), file: path, models: models, capabilities: capabilities,
                           settings: settings)
    }

    /// Each model's mean absolute error on the DEU III table in `text`.
    /// - Parameter file: the name diagnostics and the report give the table.
    /// - Throws: ``DiagnosticError`` when the text is not a DEU table or the capability table is bad.
    public func callAsFunction(text: String, file: String, models: [ForecastModel], capabilities: BacktestCapabilities = .scheme(.equal),
                               settings: ForecastSettings = ForecastSettings()) throws(DiagnosticError) -> BacktestReport {
        let issues = try DEUReader.read(text, file: file)
        let scheme = try capabilities.scheme()
        let capabilityText = switch scheme {
        case .equal: "capabilities are equal"
        case .councilVotes: "capabilities: Council votes by period (population under the double majority), equal under unanimity, Commission and Parliament as the largest state"
        case .councilPower: "capabilities: Shapley-Shubik index in the Council by period, equal under unanimity, Commission and Parliament as the largest state"
        case .table: "capabilities from the supplied table (1 for actors not in it)"
        }
        return BacktestReport(
            file: file, capabilities: scheme.name, models: Backtest.run(issues, models: models, capabilities: scheme, options: settings.options()),
            missingData: "Missing data: blank cells, 999 and values outside 0..100 are missing; an actor without a position is left out; "
                + "a missing salience counts as 50; \(capabilityText); an issue counts for a model when it has an outcome and the model a forecast.",
            issuesInFile: issues.count, issuesWithOutcome: issues.filter { $0.outcome != nil }.count)
    }
}

/// What `parley forecast` reads: a scenario (Parley's format or another negotiation format), or a
/// spatial table (KTAB CSV or XML, an `Actor,Capability,Position,Salience` CSV).
public enum ForecastInput: Sendable {
    case scenario(LoadedScenario)
    case spatial(SpatialScenario, file: String)

    /// Reads `path` (the bundled founding case when `nil`): `.csv` files as spatial tables, XML
    /// whose root is KTAB's `<Scenario>` as KTAB XML (both through ``read(text:file:)``), anything
    /// else as a scenario in any format ``LoadedScenario/load(_:normalization:)`` reads, folders included.
    public static func load(_ path: String?, normalization: UtilityNormalization = .genius) throws(DiagnosticError) -> ForecastInput {
        if let path, path.lowercased().hasSuffix(".csv") {
            return try read(text: try ScenarioReader.readText(at: path), file: path)
        }
        if let path, path.lowercased().hasSuffix(".xml") {
            let text = try ScenarioReader.readText(at: path)
            if KTABXMLReader.recognises(text) { return try read(text: text, file: path) }
        }
        return .scenario(try LoadedScenario.load(path, normalization: normalization))
    }

    /// Reads `text`, named `file` in diagnostics and reports: a spatial table when `file` ends in
    /// `.csv`, KTAB XML when it ends in `.xml` and the text is a KTAB `<Scenario>`, else a Parley scenario (YAML or JSON).
    /// Formats held in folders (GENIUS, GeniusWeb, NegMAS) need ``load(_:normalization:)``.
    /// - Throws: ``DiagnosticError`` with every problem of the text.
    public static func read(text: String, file: String) throws(DiagnosticError) -> ForecastInput {
        if file.lowercased().hasSuffix(".csv") {
            return .spatial(try SpatialTableReader.read(text, file: file), file: file)
        }
        if file.lowercased().hasSuffix(".xml"), KTABXMLReader.recognises(text) {
            return .spatial(try KTABXMLReader.read(text, file: file), file: file)
        }
        return .scenario(try LoadedScenario.read(text, file: file))
    }

    /// The model parameters the input states (KTAB XML's), by KTAB's names.
    public var statedParameters: [String: String] {
        switch self {
        case .scenario: [:]
        case .spatial(let spatial, _): spatial.parameters
        }
    }

    public var file: String {
        switch self {
        case .scenario(let loaded): loaded.file
        case .spatial(_, let file): file
        }
    }
}

/// The result of `parley forecast`.
public struct ForecastReport: Hashable, Sendable, Codable {
    public var contract = "parley.forecast/1"
    public var file: String
    public var title: String
    public var models: [String]
    /// Monte Carlo draws, when the run sampled the ranges.
    public var runs: Int?
    public var seed: UInt64?
    public var issues: [IssueForecast]
    /// The settings and readings behind the numbers, in words.
    public var notes: [String]

    /// The text report; `scenario` names issues and options when the input was a scenario.
    public func text(_ scenario: Scenario? = nil) -> String {
        var out = ["Forecasts for \(title) (positions on each issue's scale)"]
        if let runs { out.append("Monte Carlo: \(runs) draws of every range (seed \(seed ?? 0)); the band is the 5-95% interval.") }
        out.append("")
        for forecast in issues {
            let issue = scenario?.issues.first { $0.id.rawValue == forecast.id }
            out.append(issue?.name ?? forecast.id)
            var rows: [[String]] = []
            for entry in forecast.forecasts {
                var row = [entry.model, entry.forecast.formatted(decimals: 1)]
                if runs != nil {
                    row.append(entry.distribution.map { "\($0.low.formatted(decimals: 1))-\($0.high.formatted(decimals: 1))" } ?? "-")
                }
                if let issue, let option = entry.nearestOption {
                    row.append("nearest: " + (issue.options.first { $0.id.rawValue == option }?.name ?? option))
                }
                rows.append(row)
            }
            let widths = (0..<(rows.map(\.count).max() ?? 0)).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
            let numeric = runs == nil ? 1 : 2
            for row in rows {
                out.append("  " + row.enumerated().map { c, cell in
                    c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) : c <= numeric ? cell.leftPadded(widths[c]) : cell
                }.joined(separator: "  "))
            }
            let models = forecast.forecasts.map(\.model)
            for entry in forecast.forecasts {
                guard let rounds = entry.rounds, rounds.count > 1 else { continue }
                // eumMean shares eum's run: show it once.
                if entry.model == "eumMean", models.contains("eum") { continue }
                // Long runs: the first and last rounds.
                func path(_ values: [Double]) -> String {
                    let text = values.map { $0.formatted(decimals: 1) }
                    let shown = text.count > 12 ? text.prefix(5) + ["…"] + text.suffix(5) : text[...]
                    return shown.joined(separator: " → ") + (text.count > 12 ? " (\(text.count - 1) rounds)" : "")
                }
                out.append("  \(entry.model) rounds, median: " + path(rounds.map(\.median)))
                out.append("  \(entry.model) rounds, mean:   " + path(rounds.map(\.mean)))
            }
        }
        if !notes.isEmpty { out.append(""); out += notes }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The `forecast` use case.
public struct ForecastRun: Sendable {
    public init() {}

    /// The most actors KTAB's spatial model of politics is run with: it keeps actors³ utilities
    /// per turn (250 actors: 125 MB; 1,000 would need 8 GB).
    public static let smpActorLimit = 250

    static func smpMemory(_ actors: Int) -> String {
        let bytes = Double(actors) * Double(actors) * Double(actors) * 8
        return bytes >= 1e9 ? "\((bytes / 1e9).formatted(decimals: 1)) GB" : "\(Int((bytes / 1e6).rounded())) MB"
    }

    /// Forecasts every issue of `input` with `models`; `settings` are read with the parameters the
    /// input states, which they override.
    /// - Parameters:
    ///   - runs: Monte Carlo draws of every range in the input; `nil`: the midpoints only.
    ///   - progress: called with the number of draws done so far.
    /// - Throws: ``DiagnosticError`` when no issue of a scenario can be forecast (every issue
    ///   categorical): saying why, rather than printing nothing.
    public func callAsFunction(_ input: ForecastInput, models: [ForecastModel], settings: ForecastSettings = ForecastSettings(),
                               runs: Int? = nil, seed: UInt64 = 1, progress: (@Sendable (Int) -> Void)? = nil) throws(DiagnosticError) -> ForecastReport {
        let options = settings.options(stated: input.statedParameters)
        let actors: Int
        switch input {
        case .scenario(let loaded): actors = loaded.scenario.parties.count
        case .spatial(let spatial, _): actors = spatial.actors.count
        }
        if models.contains(.smp), actors > Self.smpActorLimit {
            throw DiagnosticError([Diagnostic(
                .error, "KTAB's spatial model of politics keeps actors³ numbers per turn: \(actors.grouped) actors would need "
                    + "\(Self.smpMemory(actors)); it runs with at most \(Self.smpActorLimit) actors (\(Self.smpMemory(Self.smpActorLimit)))",
                at: .start(of: input.file),
                help: "leave the model out (--model compromise,median,nash,eum), or merge actors into blocs")])
        }
        let issues: [IssueForecast], title: String
        switch input {
        case .scenario(let loaded):
            issues = ScenarioForecast.run(loaded.scenario, models: models, options: options, runs: runs, seed: seed, progress: progress)
            title = loaded.scenario.title
            if issues.isEmpty {
                let categorical = loaded.scenario.issues.filter { $0.kind == .categorical }.map { "'\($0.id)'" }
                throw loaded.error([Diagnostic(
                    .error, "no issue of \(loaded.file) can be forecast: the spatial models place parties on a scale, and "
                        + (categorical.count == loaded.scenario.issues.count ? "every issue is categorical (\(categorical.joined(separator: ", ")))"
                           : "no ordered or numeric issue has parties with positions on it"),
                    at: loaded.locations["issues"] ?? .start(of: loaded.file),
                    help: "make an issue 'kind: ordered' with a position (0..100) for each option, or numeric, and give the parties ideals or values on it")])
            }
        case .spatial(let spatial, _):
            issues = runs.map { SpatialForecast.monteCarlo(spatial, models: models, options: options, runs: $0, seed: seed, progress: progress) }
                ?? SpatialForecast.run(spatial, models: models, options: options)
            title = spatial.name
        }
        var notes = ["Missing data: an actor without a position on an issue is left out there; a missing salience counts as 50; a missing capability as 1."]
        if models.contains(.eum) || models.contains(.eumMean) {
            let eum = options.expectedUtility
            notes.append("eum: Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert & Smith (2011), \(eum.rounds) rounds, "
                         + "Q = \(eum.statusQuoProbability.decimalText), "
                         + (eum.reading == .printed ? "the equations as printed" : eum.reading == .scholzCode ? "the reading of Scholz et al.'s program" : "a custom reading")
                         + " (docs/forecasting.md); "
                         + "eum = the median voter position after the last round, eumMean = the capability × salience weighted mean.")
        }
        if models.contains(.smp) {
            let parameters = options.smp.map { p in
                "voting rule \(p.votingRule.rawValue), victory probability \(p.victoryProbability.rawValue), election \(p.pce.rawValue), "
                    + "\(p.transitions.rawValue) transitions, risk range \(p.riskRange.rawValue), risk adjustment \(p.riskAdjust.rawValue), "
                    + "third-party commitment \(p.thirdPartyCommit.rawValue), interpolation \(p.interpolation.rawValue), bargains \(p.bargainModel.rawValue)"
            } ?? "KTAB's parameters unless the file states others"
            notes.append("smp: KTAB's spatial model of politics on all issues at once (\(parameters)); "
                         + "runs until a turn moves the actors less than 2% of the first turn's movement; "
                         + "forecast = the final position with the highest probability of winning.")
        }
        if models.contains(.nash) {
            notes.append("nash: needs a reference point (status quo); the reference point stands when no position is better for every actor.")
        }
        return ForecastReport(file: input.file, title: title, models: models.map(\.rawValue), runs: runs, seed: runs == nil ? nil : seed,
                              issues: issues, notes: notes)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
