import ArgumentParser
import Foundation
import ParleyKit

struct RobustnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract: "How sure the verdicts are when every range in the scenario is sampled (Monte Carlo).",
        discussion: """
            Every number written as a range [low, high] is drawn (uniformly by default) in each run; \
            weights are renormalised to sum to 1. Prints the probability that each party and all \
            parties accept each proposal, that a zone of possible agreement exists, how often each \
            package is the Nash package, and a tornado table of the judgments the result is most \
            sensitive to. Seeded and reproducible.

            Example:
              parley robustness examples/ukraine-2024-11.yaml --runs 10000 --seed 7
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "The number of Monte Carlo runs (as the report's robustness section).")
    var runs: Int = RobustnessRun.defaultRuns

    @ArgumentParser.Option(name: .long, help: "The random seed (the same seed gives the same result).")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "How ranges are sampled: uniform or triangular (mode at the midpoint).")
    var distribution: SamplingDistribution = .uniform

    @OptionGroup var space: SpaceLimitOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
    }

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let showProgress = output.format == .text && !output.quiet && isatty(STDERR_FILENO) == 1
        let total = runs
        let draw: @Sendable (Int) -> Void = { (done: Int) in
            let width = 30, filled = width * done / max(1, total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) runs".utf8))
        }
        let progress: (@Sendable (Int) -> Void)? = showProgress ? draw : nil
        let report: RobustnessReport
        do {
            report = try RobustnessRun(maxPackages: space.maxPackages)(loaded, runs: runs, seed: seed, distribution: distribution, progress: progress)
        } catch let error as DiagnosticError {
            throw Output.fail(error, file: loaded.file, options: output)
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if output.format == .json {
            print(try Output.json(report))
        } else {
            Output.printText(report.text(names: loaded.names))
        }
    }
}

extension SamplingDistribution: ExpressibleByArgument {}
