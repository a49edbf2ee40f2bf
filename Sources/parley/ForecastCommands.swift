import ArgumentParser
import Foundation
import ParleyKit

/// The dynamic models' settings, shared by `forecast` and `backtest`.
struct DynamicModelOptions: ParsableArguments {
    // Not `--rounds`: that is a negotiation's rounds in simulate, report and tournament.
    @ArgumentParser.Option(name: .customLong("eum-rounds"), help: "Rounds of the expected-utility model (its bargaining rounds, not a negotiation's).")
    var rounds: Int = 8

    @ArgumentParser.Option(name: .long, help: "The expected-utility model's reading of Scholz et al. (2011): scholz (their program; reproduces their Table 2) or printed (the equations as printed).")
    var reading: ExpectedUtilityModel.Reading.Named = .scholz

    @ArgumentParser.Option(name: .long, parsing: .singleValue,
                           help: "A parameter of KTAB's spatial model of politics, as KTAB names it (repeatable): e.g. --ktab VotingRule=PropCbc --ktab PCEModel=MarkovIncentive.")
    var ktab: [String] = []

    func validate() throws {
        _ = try settings()
    }

    /// The settings the use cases read.
    func settings() throws -> ForecastSettings {
        var values: [String: String] = [:]
        for pair in ktab {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--ktab takes Name=Value, found '\(pair)'") }
            values[parts[0]] = parts[1]
        }
        do { return try ForecastSettings(rounds: rounds, reading: reading, ktab: values) }
        catch { throw ValidationError(error.message) }
    }
}

extension ExpectedUtilityModel.Reading.Named: ExpressibleByArgument {}

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the forecasting models against recorded outcomes (the DEU III format).",
        discussion: """
            Prints each model's mean absolute error on the 0..100 scale and the number of issues used.
            Capabilities: equal; council-votes (Council votes in the period of the decision, equal \
            under unanimity, Commission and Parliament weighted like the largest state); council-power \
            (the same with each state's Shapley-Shubik index); or a CSV file of actor,capability.

            Examples:
              parley backtest ../shared/data/deu3/deu3-dev.tsv --model all
              parley backtest ../shared/data/deu3/deu3-dev.tsv --model compromise \\
                  --capabilities council-power
            """)

    @Argument(help: "A DEU III table (tab-separated, p<actor>/s<actor>/rp/out columns).")
    var file: String

    @ArgumentParser.Option(name: .long, help: "all, or a comma-separated list of \(ForecastModel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: String = "all"

    @ArgumentParser.Option(name: .long, help: "\(CapabilityScheme.Kind.allCases.filter { $0 != .table }.map(\.rawValue).joined(separator: ", ")), or a CSV file of actor,capability rows.")
    var capabilities: String = "equal"

    @OptionGroup var dynamic: DynamicModelOptions

    @OptionGroup var output: OutputOptions

    var models: [ForecastModel]? {
        model == "all" ? ForecastModel.allCases : ForecastModel.list(model)
    }

    func validate() throws {
        guard models != nil else {
            throw ValidationError("unknown model in '\(model)'; the models: all, \(ForecastModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let report: BacktestReport
        do {
            report = try BacktestRun()(file, models: models!, capabilities: BacktestCapabilities(capabilities),
                                       settings: try dynamic.settings())
        } catch let error as DiagnosticError {
            throw Output.fail(error, file: error.diagnostics.first?.location?.file ?? file, options: output)
        }
        try Output.emit(output, json: report, text: report.text())
    }
}

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast the outcome of each scaled issue with the spatial models of political science.",
        discussion: """
            FILE may be a scenario (each party's position is its ideal position, or the position of the \
            option it values most; its salience its weight × 100), a KTAB CSV or XML scenario, or a CSV \
            with the columns Actor,Capability,Position,Salience. The expected-utility model (eum) prints \
            its round-by-round trajectory. Ranges in the input feed a Monte Carlo run with --runs.

            Examples:
              parley forecast examples/ukraine-2024-11.yaml --model all
              parley forecast ../shared/data/bdm/ec_car_emissions_bdm1994.csv --model eum
              parley forecast examples/ukraine-2024-11.yaml --runs 2000 --seed 7
              parley forecast ../shared/data/ktab/dummyData_3Dim.csv --model smp \\
                  --ktab VotingRule=PropCbc
            """)

    @Argument(help: "A Parley scenario (ordered and numeric issues), a KTAB CSV or XML file, or an Actor,Capability,Position,Salience table. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "all, or a comma-separated list of \(ForecastModel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: String = "all"

    @OptionGroup var dynamic: DynamicModelOptions

    @ArgumentParser.Option(name: .long, help: "Monte Carlo draws of every range in the input (0: forecast at the midpoints only).")
    var runs: Int = 0

    @ArgumentParser.Option(name: .long, help: "The Monte Carlo seed.")
    var seed: UInt64 = 1

    @OptionGroup var output: OutputOptions

    var models: [ForecastModel]? {
        model == "all" ? ForecastModel.all : ForecastModel.list(model)
    }

    func validate() throws {
        guard models != nil else {
            throw ValidationError("unknown model in '\(model)'; the models: all, \(ForecastModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard runs >= 0, runs <= 10_000_000 else { throw ValidationError("--runs must be between 0 and 10000000") }
    }

    func run() throws {
        let input: ForecastInput
        do { input = try ForecastInput.load(file) } catch { throw Output.fail(error, file: file, options: output) }
        if case .scenario(let loaded) = input { Output.warnings(loaded, options: output) }
        let settings = try dynamic.settings()
        let showProgress = runs > 0 && output.format == .text && !output.quiet && isatty(STDERR_FILENO) == 1
        let total = runs
        let progress: (@Sendable (Int) -> Void)? = showProgress ? { @Sendable done in ProgressBar.show(done, total, unit: "draws") } : nil
        let report: ForecastReport
        do { report = try ForecastRun()(input, models: models!, settings: settings, runs: runs > 0 ? runs : nil, seed: seed, progress: progress) }
        catch { throw Output.fail(error, file: file, options: output) }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        var scenario: Scenario?
        if case .scenario(let loaded) = input { scenario = loaded.scenario }
        try Output.emit(output, json: report, text: report.text(scenario))
    }
}
