import Foundation
import ParleyAnalysis
import ParleyConflict
import ParleyCore
import ParleyForecast
import ParleyFormats
import ParleyReport

/// This build of Parley (stored with every result the workspace keeps, so a new release recomputes).
public enum ParleyVersion {
    public static let current = "0.2.0"
}

/// The analyses the workspace serves as JSON, each the same document as the command's `--format json`.
public enum StoredAnalysis: String, CaseIterable, Sendable {
    case analysis, bridge, robustness, forecast, stability

    /// The parameters the analysis takes, with their defaults (documented in the API).
    public var parameterNames: [String] {
        switch self {
        case .analysis, .stability: []
        case .bridge: ["from", "limit"]
        case .robustness: ["runs", "seed", "distribution"]
        case .forecast: ["model", "runs", "seed"]
        }
    }
}

/// The workspace's use cases on a stored scenario text: read and validate it, compute an analysis
/// as its JSON contract, compare two versions, export, and import files in any format.
public struct WorkspaceAnalyses: Sendable {
    public var options: AgreementSpaceOptions

    public init(options: AgreementSpaceOptions = AgreementSpaceOptions()) { self.options = options }

    /// The most Monte Carlo runs one request may ask for (a request computes while the client
    /// waits; larger runs are for `parley robustness` and `parley forecast`).
    public static let maxRuns = 10_000

    /// The canonical form of `parameters` for `kind` (unknown ones dropped, sorted): the key of a stored result.
    public static func canonical(_ parameters: [String: String], for kind: StoredAnalysis) -> String {
        kind.parameterNames.compactMap { name in parameters[name].map { "\(name)=\($0)" } }.joined(separator: "&")
    }

    /// The analysis `kind` of the scenario `text` (read as `file`), as the JSON the command prints.
    /// - Throws: ``DiagnosticError`` for a scenario the analysis cannot take (too large a space, no
    ///   conflict section, ...), ``UsageError`` for a bad parameter.
    public func json(_ kind: StoredAnalysis, text: String, file: String, parameters: [String: String] = [:]) throws -> String {
        switch kind {
        case .analysis:
            return try Self.render(try Analyze(options: options)(try LoadedScenario.read(text, file: file)))
        case .bridge:
            let loaded = try LoadedScenario.read(text, file: file)
            guard let from = parameters["from"] ?? loaded.scenario.proposals.first?.id.rawValue else {
                throw UsageError("the scenario has no proposal to bridge from; add one, or give from=PROPOSAL")
            }
            let limit = try Self.integer(parameters["limit"], name: "limit", default: 5, in: 1...100)
            return try Self.render(try BridgePlan(options: options)(loaded, from: from, limit: limit))
        case .robustness:
            let loaded = try LoadedScenario.read(text, file: file)
            let runs = try Self.integer(parameters["runs"], name: "runs", default: RobustnessRun.defaultRuns, in: 1...Self.maxRuns)
            let seed = try Self.seed(parameters["seed"])
            let distribution = try Self.distribution(parameters["distribution"])
            return try Self.render(try RobustnessRun(maxPackages: options.maxPackages)(loaded, runs: runs, seed: seed, distribution: distribution))
        case .forecast:
            let input = try ForecastInput.read(text: text, file: file)
            let name = parameters["model"] ?? "all"
            guard let models = name == "all" ? ForecastModel.all : ForecastModel.list(name) else {
                throw UsageError("unknown model in '\(name)'; the models: all, \(ForecastModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let runs = try Self.integer(parameters["runs"], name: "runs", default: 0, in: 0...Self.maxRuns)
            return try Self.render(try ForecastRun()(input, models: models, runs: runs > 0 ? runs : nil, seed: try Self.seed(parameters["seed"])))
        case .stability:
            return try Self.render(try Stability()(text: text, file: file))
        }
    }

    /// `parley diff` of two stored versions, as its JSON.
    public func diff(old: String, oldFile: String, new: String, newFile: String) throws -> String {
        try Self.render(try Diff()(try LoadedScenario.read(old, file: oldFile), try LoadedScenario.read(new, file: newFile)))
    }

    /// The JSON text of a report, with the final newline the command prints.
    public static func render<T: Encodable>(_ value: T) throws -> String {
        try JSONRendering.text(value) + "\n"
    }

    static func integer(_ text: String?, name: String, default value: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("\(name) must be a whole number from \(range.lowerBound.grouped) to \(range.upperBound.grouped), got '\(text)'")
        }
        return number
    }

    static func seed(_ text: String?) throws(UsageError) -> UInt64 {
        guard let text else { return 1 }
        guard let seed = UInt64(text) else { throw UsageError("seed must be a whole number from 0 to \(UInt64.max), got '\(text)'") }
        return seed
    }

    static func distribution(_ text: String?) throws(UsageError) -> SamplingDistribution {
        guard let text else { return .uniform }
        guard let distribution = SamplingDistribution(rawValue: text) else {
            throw UsageError("distribution must be uniform or triangular, got '\(text)'")
        }
        return distribution
    }
}

/// A scenario exported to a format: its files, and what the format cannot hold.
public struct ExportedScenario: Sendable {
    public var format: ScenarioFormat
    public var files: [(name: String, text: String)]
    public var dropped: [String]
}

/// The `export` use case: a stored version in another format (or Parley's own, as YAML or JSON).
public struct Export: Sendable {
    public init() {}

    /// - Parameter json: for Parley's format, JSON instead of YAML.
    public func callAsFunction(_ loaded: LoadedScenario, format: ScenarioFormat, json: Bool = false) throws(DiagnosticError) -> ExportedScenario {
        if format == .parley, json {
            let text: String
            do { text = try ParleyWriter.json(loaded.scenario) } catch {
                throw DiagnosticError([Diagnostic(.error, "cannot write JSON: \(error)", at: nil)])
            }
            return ExportedScenario(format: format, files: [("scenario.json", text)], dropped: [])
        }
        var dropped = ScenarioWriter.dropped(loaded.scenario, format: format)
        if format == .parley, loaded.format == .parley, Convert.comments(in: loaded.text).lines > 0 {
            dropped.insert("comments of the stored text (download the version itself to keep them)", at: 0)
        }
        return ExportedScenario(format: format, files: try ScenarioWriter.files(loaded.scenario, format: format), dropped: dropped)
    }
}

/// The `import` use case: files a user uploads (one Parley scenario, or the files of a GENIUS,
/// GeniusWeb or NegMAS domain, or a KTAB/gmcr-py file) become a Parley scenario text to store.
public struct ImportFiles: Sendable {
    public init() {}

    /// What an import stores: the text (the upload itself for a Parley file, else the scenario
    /// written as Parley YAML), its media type, the validated scenario and a note on the conversion.
    public struct Imported: Sendable {
        public var text: String
        public var mediaType: String
        public var loaded: LoadedScenario
        public var note: String
    }

    /// The most bytes an import may hold in all.
    public static let maxBytes = 32 << 20

    /// Reads `files` (name → bytes).
    /// - Throws: ``DiagnosticError`` with every problem, located in the uploaded file.
    public func callAsFunction(_ files: [(name: String, data: Data)]) throws(DiagnosticError) -> Imported {
        guard !files.isEmpty else {
            throw DiagnosticError([Diagnostic(.error, "no file was uploaded", at: nil, help: "choose a scenario file (or a domain's files) to import")])
        }
        let total = files.reduce(0) { $0 + $1.data.count }
        guard total <= Self.maxBytes else {
            throw DiagnosticError([Diagnostic(.error, "the upload holds \(total.grouped) bytes, more than the \(Self.maxBytes.grouped) an import may", at: nil)])
        }
        if files.count == 1, let file = files.first, Self.pathExtension(file.name) == "gmcr" {
            throw DiagnosticError([Diagnostic(.error, "\(file.name) is a gmcr-py conflict: it states preferences over states, not a scenario's utilities",
                                              at: .start(of: file.name),
                                              help: "open a scenario and use “Import a conflict” on its page to make this its conflict (the stability analysis reads it)")])
        }
        // A spatial table (KTAB CSV or XML): its actors, dimensions, positions and saliences become a scenario.
        if files.count == 1, let file = files.first, Self.pathExtension(file.name) == "csv"
            || (Self.pathExtension(file.name) == "xml" && KTABXMLReader.recognises(String(decoding: file.data, as: UTF8.self))) {
            return try spatialTable(file)
        }
        if files.count == 1, let file = files.first, ["yaml", "yml", "json"].contains(Self.pathExtension(file.name)) {
            let text = try Self.text(file)
            if let parley = try? LoadedScenario.read(text, file: file.name) {
                return Imported(text: text, mediaType: Self.mediaType(file.name), loaded: parley, note: "Imported \(file.name)")
            }
            // A Parley file with errors is reported as such, unless it is another tool's single-file format.
            if !Self.looksForeign(text) { _ = try LoadedScenario.read(text, file: file.name) }
        }
        // Another format: the files go in a private folder, read as the command line reads a folder.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                let name = (file.name as NSString).lastPathComponent
                guard !name.isEmpty, name != ".", name != ".." else { continue }
                try file.data.write(to: folder.appendingPathComponent(name))
            }
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot keep the upload for reading: \(error.localizedDescription)", at: nil)])
        }
        let loaded = try LoadedScenario.load(folder.path)
        let yaml: String
        do { yaml = try ParleyWriter.yaml(loaded.scenario) } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot write the imported scenario as YAML: \(error)", at: nil)])
        }
        let names = files.map(\.name).joined(separator: ", ")
        let dropped = ScenarioWriter.dropped(loaded.scenario, format: loaded.format)
        var note = "Imported \(names) (\(loaded.format.rawValue))"
        if !dropped.isEmpty { note += "; the source format has no \(dropped.listed)" }
        var stored = try LoadedScenario.read(yaml, file: "scenario.yaml")
        stored.warnings = loaded.warnings + stored.warnings
        return Imported(text: yaml, mediaType: "application/yaml", loaded: stored, note: note)
    }

    /// A KTAB CSV or XML table as a scenario (``SpatialScenarioImport``).
    func spatialTable(_ file: (name: String, data: Data)) throws(DiagnosticError) -> Imported {
        let text = try Self.text(file)
        guard case .spatial(let table, _) = try ForecastInput.read(text: text, file: file.name) else {
            throw DiagnosticError([Diagnostic(.error, "\(file.name) is not a spatial table", at: .start(of: file.name))])
        }
        let decoded = try SpatialScenarioImport.scenario(table, file: file.name)
        let yaml: String
        do { yaml = try ParleyWriter.yaml(decoded.scenario) } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot write the imported scenario as YAML: \(error)", at: nil)])
        }
        var stored = try LoadedScenario.read(yaml, file: "scenario.yaml")
        stored.warnings = decoded.warnings + stored.warnings
        let note = "Imported \(file.name) (a spatial table: \(table.actors.count) actors, \(table.dimensions.count) dimensions, "
            + "each a numeric issue from 0 to 100 in steps of 10); it states no reservation values: every party's is 0 until you set it"
        return Imported(text: yaml, mediaType: "application/yaml", loaded: stored, note: note)
    }

    static func pathExtension(_ name: String) -> String { (name as NSString).pathExtension.lowercased() }

    static func mediaType(_ name: String) -> String { pathExtension(name) == "json" ? "application/json" : "application/yaml" }

    static func text(_ file: (name: String, data: Data)) throws(DiagnosticError) -> String {
        guard let text = String(data: file.data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "\(file.name) is not UTF-8 text", at: .start(of: file.name),
                                              help: "save the file as UTF-8")])
        }
        return text
    }

    /// A single YAML or JSON file of another tool (GeniusWeb's domain or profile, NegMAS's).
    static func looksForeign(_ text: String) -> Bool {
        text.contains("\"issuesValues\"") || text.contains("\"LinearAdditiveUtilitySpace\"")
            || text.range(of: #"(?m)^type:\s*\w*OutcomeSpace"#, options: .regularExpression) != nil
    }
}

/// The workspace's analysis pages: each renders sections of the HTML report (the same renderer).
public enum AnalysisPage: String, CaseIterable, Sendable {
    case overview, proposals, space, bridges, robustness, stability, forecasts, simulation, tournament

    public var title: String {
        switch self {
        case .overview: "Scenario"
        case .proposals: "Proposals and verdicts"
        case .space: "Agreement space"
        case .bridges: "Bridges and leverage"
        case .robustness: "Robustness"
        case .stability: "Moves and threats"
        case .forecasts: "Forecasts"
        case .simulation: "Simulated negotiation"
        case .tournament: "Tournament"
        }
    }

    /// The parameters the page takes.
    public var parameterNames: [String] {
        switch self {
        case .overview, .proposals, .space, .stability: []
        case .bridges: ["from"]
        case .robustness: ["runs", "seed"]
        case .forecasts: ["runs", "seed"]
        case .simulation: ["strategies", "rounds"]
        case .tournament: ["strategies", "rounds", "repetitions", "seed"]
        }
    }

    /// Pages that may take long and run off the request path with progress.
    public var isLong: Bool { self == .robustness || self == .tournament }
}

extension WorkspaceAnalyses {
    /// The canonical parameters of a page (the key of its stored HTML).
    public static func canonical(_ parameters: [String: String], for page: AnalysisPage) -> String {
        page.parameterNames.compactMap { name in parameters[name].map { "\(name)=\($0)" } }.joined(separator: "&")
    }

    /// The HTML fragment of `page` for the scenario `text`.
    /// - Parameters:
    ///   - progress: called with (done, total) while a long page computes.
    ///   - shouldStop: asked while a long page computes; when it answers true, the work stops and
    ///     `CancellationError` is thrown.
    ///   - partial: called with the standings so far while a tournament's matches finish.
    public func page(_ page: AnalysisPage, text: String, file: String, parameters: [String: String] = [:],
                     progress: (@Sendable (Int, Int) -> Void)? = nil, shouldStop: (@Sendable () -> Bool)? = nil,
                     partial: (@Sendable (String) -> Void)? = nil) throws -> String {
        let loaded = try LoadedScenario.read(text, file: file)
        let computed = try Analyze(options: options).compute(loaded)
        var report = HTMLReport(scenario: loaded.scenario, analysis: computed.report(loaded), space: computed.space)
        switch page {
        case .overview: return report.fragment([.scenario])
        case .proposals: return report.fragment([.proposals])
        case .space: return report.fragment([.space, .gap])
        case .bridges:
            guard let from = parameters["from"] ?? loaded.scenario.proposals.first?.id.rawValue else {
                throw UsageError("the scenario has no proposal to bridge from")
            }
            report.bridge = try BridgePlan(options: options)(loaded, from: from, analysis: computed)
            return report.fragment([.bridges])
        case .robustness:
            guard !loaded.scenario.uncertainPreferenceJudgments.isEmpty else {
                throw UsageError("the scenario states no ranges; write a number as [low, high] to say how sure it is")
            }
            let runs = try Self.integer(parameters["runs"], name: "runs", default: RobustnessRun.defaultRuns, in: 1...Self.maxRuns)
            let total = runs
            report.robustness = try RobustnessRun(maxPackages: options.maxPackages)(
                loaded, runs: runs, seed: try Self.seed(parameters["seed"]), distribution: .uniform,
                progress: progress.map { report in { @Sendable done in report(done, total) } }, shouldStop: shouldStop)
            return report.fragment([.robustness])
        case .stability:
            guard let conflict = loaded.scenario.conflict else { throw UsageError("the scenario has no 'conflict' section") }
            do { report.stability = StabilityReport(StabilityAnalysis(try GraphModel(conflict)), file: loaded.file) } catch {
                throw DiagnosticError(error.diagnostics, sources: [file: text])
            }
            return report.fragment([.stability])
        case .forecasts:
            let runs = try Self.integer(parameters["runs"], name: "runs", default: 0, in: 0...Self.maxRuns)
            let tooMany = loaded.scenario.parties.count > ForecastRun.smpActorLimit
            let forecasts = ScenarioForecast.run(loaded.scenario, models: ForecastModel.all.filter { !tooMany || $0 != .smp },
                                                 runs: runs > 0 ? runs : nil, seed: try Self.seed(parameters["seed"]))
            guard !forecasts.isEmpty else {
                throw UsageError("the spatial models need ordered or numeric issues with positions; every issue here is categorical")
            }
            report.forecasts = forecasts
            return report.fragment([.forecasts])
        case .simulation:
            let strategies = (parameters["strategies"] ?? "boulware").split(separator: ",").map { String($0).trimmingWhitespace() }
            let rounds = try Self.integer(parameters["rounds"], name: "rounds", default: 100, in: 1...10_000)
            guard (computed.model.space.count ?? .max) <= MakeReport.simulationLimit else {
                throw UsageError("the space is larger than the \(MakeReport.simulationLimit.grouped) packages a simulation tabulates")
            }
            report.simulation = try Simulate()(loaded, strategies: strategies, rounds: rounds)
            return report.fragment([.simulation])
        case .tournament:
            // Only the catalogue's strategies: a page never starts a program (external agents are
            // for the command line).
            let strategies = (parameters["strategies"] ?? "boulware,conceder,tit-for-tat,nash-seeking")
                .split(separator: ",").map { String($0).trimmingWhitespace() }
            let rounds = try Self.integer(parameters["rounds"], name: "rounds", default: 100, in: 1...2_000)
            let repetitions = try Self.integer(parameters["repetitions"], name: "repetitions", default: 1, in: 1...10)
            guard (computed.model.space.count ?? .max) <= MakeReport.simulationLimit else {
                throw UsageError("the space is larger than the \(MakeReport.simulationLimit.grouped) packages a tournament tabulates")
            }
            // Played in parts (shards, each on all cores), so that the standings so far can be shown
            // as matches finish; merged, the parts are the whole tournament.
            let seed = try Self.seed(parameters["seed"])
            var tournament: TournamentReport?
            let parts = 8
            for part in 1...parts {
                let done = tournament?.matches.count ?? 0
                let shard = try Tournament()([loaded], strategies: strategies, rounds: rounds, repetitions: repetitions, seed: seed,
                                             shard: (part, parts), progress: progress.map { report in { @Sendable finished, total in
                                                 report(done + finished, max(total * parts, done + total))
                                             } })
                tournament = try tournament.map { try TournamentReport.merge([$0, shard]) } ?? shard
                if let shouldStop, shouldStop() { throw CancellationError() }
                if part < parts, let tournament { partial?(tournament.text()) }
            }
            guard let tournament else { throw UsageError("the tournament has no matches") }
            return "<section id=\"tournament\"><h2>Tournament</h2><p>Every strategy in every seat, \(rounds) rounds, "
                + "\(repetitions.counted("repetition")); the standings and the matches as <code>parley tournament</code> prints them.</p>"
                + "<pre class=\"tournament\">\(tournament.text().markupEscaped)</pre></section>"
        }
    }

    /// What-if: the analysis with `settings` (`PARTY.reservation=VALUE`, ...) and red lines dropped.
    /// - Parameter base: the analysis of the unchanged scenario, when the caller keeps it.
    /// - Parameter leverage: leverage moves to apply (by id): each shifts a reservation value by the
    ///   midpoint of its change or drops a red line, as `parley bridge` applies them.
    public func whatIf(_ loaded: LoadedScenario, settings: [String], dropRedLines: [String], leverage: [String] = [],
                       base: AnalysisReport? = nil) throws -> WhatIfReport {
        var changes = try settings.map(WhatIf.parseSetting) + dropRedLines.map { ScenarioChange.dropRedLine(RedLine.ID($0)) }
        for id in leverage {
            guard let move = loaded.scenario.leverage.first(where: { $0.id.rawValue == id }) else {
                throw UsageError("the scenario has no leverage move '\(id)'; its moves: \(loaded.scenario.leverage.map(\.id.rawValue).joined(separator: ", "))")
            }
            switch move.effect {
            case .reservation(let party, let change): changes.append(.shiftReservation(party: party, by: change.value))
            case .dropRedLine(let redLine): changes.append(.dropRedLine(redLine))
            }
        }
        return try WhatIf(options: options)(loaded, changes: changes, base: base)
    }
}

