import ArgumentParser
import Foundation
import ParleyKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write every analysis of a scenario to one self-contained HTML file with charts.",
        discussion: """
            The file has no script and loads nothing from the network: it opens from disk and prints.

            Example:
              parley report examples/ukraine-2024-11.yaml -o report.html --runs 5000
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: [.short, .customLong("output")], help: "The HTML file to write.")
    var output: String = "report.html"

    @ArgumentParser.Option(name: .long, help: "The proposal to bridge from (default: the first).")
    var proposal: String?

    @ArgumentParser.Option(name: .long, help: "Monte Carlo runs for the robustness section (0: leave it out).")
    var runs: Int = RobustnessRun.defaultRuns

    @ArgumentParser.Option(name: .long, help: "The seed of the robustness runs.")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "Strategies of the simulated negotiation, comma-separated (empty: leave the section out).")
    var strategies: String = "boulware"

    @ArgumentParser.Option(name: .long, help: "Rounds of the simulated negotiation.")
    var rounds: Int = 100

    @Flag(name: .customLong("no-bridges"), help: "Leave out the bridges and leverage section.")
    var noBridges = false
    @Flag(name: .customLong("no-robustness"), help: "Leave out the robustness section (as --runs 0).")
    var noRobustness = false
    @Flag(name: .customLong("no-stability"), help: "Leave out the moves-and-threats section.")
    var noStability = false
    @Flag(name: .customLong("no-forecast"), help: "Leave out the forecasts.")
    var noForecast = false
    @Flag(name: .customLong("no-simulation"), help: "Leave out the simulated negotiation.")
    var noSimulation = false

    @OptionGroup var space: SpaceLimitOptions

    @OptionGroup var options: OutputOptions

    var without: Set<MakeReport.Section> {
        var sections: Set<MakeReport.Section> = []
        if noBridges { sections.insert(.bridges) }
        if noRobustness { sections.insert(.robustness) }
        if noStability { sections.insert(.stability) }
        if noForecast { sections.insert(.forecast) }
        if noSimulation { sections.insert(.simulation) }
        return sections
    }

    func run() throws {
        let loaded = try Output.load(file, options: options)
        let html: String
        do { html = try MakeReport(without: without, maxPackages: space.maxPackages)(loaded, bridgeFrom: proposal, runs: max(0, runs), seed: seed,
                                       strategies: strategies.split(separator: ",").map(String.init), rounds: max(1, rounds)) }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: options) }
        do { try html.write(toFile: output, atomically: true, encoding: .utf8) } catch {
            Output.standardError("error: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if options.format == .json {
            print(try Output.json(WrittenFile(file: output, bytes: html.utf8.count)))
        } else if !options.quiet {
            print("wrote \(output)")
        }
    }
}

/// What `report --format json` prints: the file written (the report itself is HTML).
struct WrittenFile: Encodable {
    var contract = "parley.written/1"
    var file: String
    var bytes: Int
}
