import ArgumentParser
import Foundation
import ParleyKit

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Evaluate every proposal and map the agreement space.",
        discussion: """
            Prints each proposal's verdicts (utility, reservation value, margin, red lines, reason per \
            party), then the agreement space: the zone of possible agreement, its Pareto frontier, the \
            Nash, Kalai-Smorodinsky, egalitarian and utilitarian packages, or, when no package is \
            acceptable to all, the packages that come closest.

            Examples:
              parley analyze                                  # the bundled founding case
              parley analyze examples/ukraine-2024-11.yaml --format json
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "The most packages to enumerate.")
    var maxPackages: Int = AgreementSpaceOptions().maxPackages

    @ArgumentParser.Option(name: .long, help: "Definitions to use: parley, or negmas (NegMAS 0.16.0's, for comparison).")
    var conventions: Conventions = .parley

    @ArgumentParser.Option(name: .long, help: "How to read imported utility functions: genius (default), raw (as NegMAS reads them), or normalized.")
    var normalization: UtilityNormalization = .genius

    @ArgumentParser.Option(name: .long, help: "Analyse this many random packages instead of enumerating them all (for spaces too large to enumerate).")
    var sample: Int?

    @ArgumentParser.Option(name: .long, help: "The seed of --sample.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print how long reading, analysing and printing took, on stderr.")
    var timings = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard maxPackages > 0 else { throw ValidationError("--max-packages must be positive") }
        if let sample, sample <= 0 { throw ValidationError("--sample must be positive") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let loaded: LoadedScenario
        do { loaded = try LoadedScenario.load(file, normalization: normalization) } catch {
            throw Output.fail(error, file: file, options: output)
        }
        Output.warnings(loaded, options: output)
        let read = clock.now
        var options = AgreementSpaceOptions(maxPackages: maxPackages)
        options.sample = sample
        options.seed = seed
        // On a terminal, a progress bar for spaces that take more than about a second to map.
        let packages = loaded.approximatePackageCount
        let showProgress: Bool = output.format == .text && !output.quiet && isatty(STDERR_FILENO) == 1 && packages >= 5e7
        var analyze = Analyze(options: options)
        if showProgress {
            analyze.progress = { @Sendable (done: Int, total: Int) in ProgressBar.show(done, total, unit: "packages") }
        }
        let text: String
        let analysed: ContinuousClock.Instant
        if conventions == .negmas {
            let report: NegMASReport
            do { report = try analyze.negmas(loaded, normalization: normalization) } catch {
                throw Output.fail(error, file: loaded.file, options: output)
            }
            analysed = clock.now
            text = output.format == .json ? try report.jsonText() + "\n" : report.text()
        } else {
            let report: AnalysisReport
            do { report = try analyze(loaded) } catch {
                throw Output.fail(error, file: loaded.file, options: output)
            }
            analysed = clock.now
            text = output.format == .json ? try Output.json(report) + "\n" : report.text()
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if output.format == .json { print(text, terminator: "") } else { Output.printText(text) }
        if timings {
            func milliseconds(_ duration: Duration) -> String {
                let (seconds, attoseconds) = duration.components
                return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).formatted(decimals: 1) + " ms"
            }
            Output.standardError("timings: read \(milliseconds(read - started)), analysis \(milliseconds(analysed - read)), "
                + "output \(milliseconds(clock.now - analysed))")
        }
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate one proposal: who accepts, who rejects, and why.",
        discussion: """
            Examples:
              parley evaluate examples/ukraine-2024-11.yaml --proposal trump-team
              parley evaluate \\
                  --package nato=renounced,troops=european,guarantees=bilateral
              parley evaluate                     # lists the proposals
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "The id of the proposal to evaluate (without it and --package, the proposals are listed).")
    var proposal: String?

    @ArgumentParser.Option(name: .long, help: "An ad-hoc package to evaluate, issue=option,issue=option (ids or names; issues left out take their status quo).")
    var package: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if proposal != nil && package != nil { throw ValidationError("give --proposal or --package, not both") }
    }

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let result: EvaluationResult
        do {
            if let package {
                result = try Evaluate()(loaded, package: package)
            } else if let proposal {
                result = try Evaluate()(loaded, proposal: proposal)
            } else {
                let listing = ProposalListing(loaded)
                try Output.emit(output, json: listing, text: listing.text())
                return
            }
        } catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: output) }
        try Output.emit(output, json: result, text: result.text())
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and report every problem with its line and column.",
        discussion: """
            Example:
              parley validate examples/ukraine-2024-11.yaml
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded: LoadedScenario
        do { loaded = try LoadedScenario.load(file) } catch {
            if output.format == .json {
                print(try Output.json(ValidationReport(file: file ?? BundledExample.foundingCaseName, error: error)))
                throw ExitCode(1)
            }
            throw Output.fail(error, file: file, options: output)
        }
        let report = ValidationReport(loaded)
        if output.format == .json {
            print(try Output.json(report))
            return
        }
        Output.warnings(loaded, options: output)
        let packages = report.packages.map { $0.counted("package") }
            ?? "\(loaded.approximatePackageCount.approximateCountText) packages"
        print("\(loaded.file): valid scenario: \((report.parties ?? 0).counted("party", "parties")), \((report.issues ?? 0).counted("issue")), "
              + "\((report.proposals ?? 0).counted("proposal")), \(packages), \(loaded.warnings.count.counted("warning"))")
    }
}

/// Whose definitions of the agreement-space statistics to use.
enum Conventions: String, ExpressibleByArgument, CaseIterable {
    case parley, negmas
}

extension UtilityNormalization: ExpressibleByArgument {}
