import ArgumentParser
import ParleyKit

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the spatial models against recorded outcomes (the DEU III format).",
        discussion: """
            Prints each model's mean absolute error on the 0..100 scale and the number of issues used.

            Example:
              parley backtest ../shared/data/deu3/deu3-dev.tsv --model all
            """)

    @Argument(help: "A DEU III table (tab-separated, p<actor>/s<actor>/rp/out columns).")
    var file: String

    @ArgumentParser.Option(name: .long, help: "The model: all, or one of compromise, mean, median, commission, parliament, referencePoint.")
    var model: String = "all"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard model == "all" || SpatialModel(rawValue: model) != nil else {
            throw ValidationError("unknown model '\(model)'; the models: all, \(SpatialModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let models = model == "all" ? SpatialModel.allCases : [SpatialModel(rawValue: model)!]
        let report: BacktestReport
        do { report = try BacktestRun()(file, models: models) }
        catch let error as DiagnosticError { throw Output.fail(error, file: file, options: output) }
        print(output.format == .json ? try Output.json(report) : report.text(), terminator: output.format == .json ? "\n" : "")
    }
}

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast the outcome of a scenario's ordered and numeric issues with the spatial models.",
        discussion: """
            Each party's position is its ideal position, or the position of the option it values most; \\
            its salience its weight × 100; its capability as the scenario states.

            Example:
              parley forecast examples/ukraine-2024-11.yaml --model all
            """)

    @Argument(help: "A scenario file. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "all, or one of compromise, mean, median, referencePoint.")
    var model: String = "all"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard model == "all" || SpatialModel(rawValue: model) != nil else {
            throw ValidationError("unknown model '\(model)'; the models: all, \(SpatialModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let models: [SpatialModel] = model == "all" ? [.compromise, .mean, .median, .referencePoint] : [SpatialModel(rawValue: model)!]
        let report = ForecastRun()(loaded, models: models)
        print(output.format == .json ? try Output.json(report) : report.text(loaded.scenario), terminator: output.format == .json ? "\n" : "")
    }
}
