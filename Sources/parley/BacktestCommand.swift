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
