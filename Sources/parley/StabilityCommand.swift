import ArgumentParser
import ParleyKit

struct StabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stability",
        abstract: "Which states of a conflict are stable: the Graph Model for Conflict Resolution.",
        discussion: """
            Reads a gmcr-py conflict file (.gmcr) and prints, for every feasible state, whether it is \
            stable for each decision maker under Nash, GMR, SMR, SEQ, SIM and SEQ+SIM, the equilibria, \
            and why (who would move, and how the others can sanction it).

            Examples:
              parley stability ../shared/data/gmcr/examples/Elmira.gmcr
              parley stability Elmira.gmcr --state 7 --status-quo 1 --concept seq \\
                  --format json
              parley stability examples/ukraine-2024-11.yaml --fix surge=N restrict-aid=N
            """)

    @Argument(help: "A conflict: a gmcr-py file (.gmcr), a Parley scenario with a 'conflict' section, or a standalone conflict file (YAML or JSON).")
    var file: String

    @ArgumentParser.Option(name: .long, help: "Explain this state (1-based) instead of every equilibrium.")
    var state: Int?

    @ArgumentParser.Option(name: .customLong("status-quo"), help: "A status quo state (by its number): show a path of improvements to an equilibrium.")
    var statusQuo: Int?

    @ArgumentParser.Option(name: .long, help: "The concept whose equilibria --status-quo aims at: nash, gmr, smr, seq, sim or seqSim.")
    var concept: StabilityConcept = .nash

    @ArgumentParser.Option(name: .long, parsing: .upToNextOption,
                           help: "Hold options at a value, e.g. --fix surge=N restrict-aid=N, to see what changes without those moves.")
    var fix: [String] = []

    func validate() throws {
        for item in fix where item.split(separator: "=").count != 2 || !["Y", "N"].contains(item.split(separator: "=").last.map { String($0).uppercased() }) {
            throw ValidationError("--fix takes OPTION=Y or OPTION=N, got '\(item)'")
        }
    }

    @Flag(name: .long, help: "Print how long the analysis and the output took, on stderr.")
    var timings = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let report: StabilityReport
        do {
            let fixed = Dictionary(fix.map { item -> (String, Bool) in
                let parts = item.split(separator: "=")
                return (String(parts[0]), parts[1].uppercased() == "Y")
            }, uniquingKeysWith: { _, last in last })
            report = try Stability()(file, state: state, statusQuo: statusQuo, concept: concept, fixed: fixed)
        } catch let error as DiagnosticError {
            throw Output.fail(error, file: file, options: output)
        } catch let error as UsageError {
            throw Output.usage(error)
        }
        let analysed = clock.now
        try Output.emit(output, json: report, text: report.text())
        if timings {
            Output.standardError("timings: read and analysis \(analysed - started), output \(clock.now - analysed)")
        }
    }
}

extension StabilityConcept: ExpressibleByArgument {}
