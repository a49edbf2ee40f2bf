import ArgumentParser
import ParleyKit

struct BridgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "Find the packages closest to a plan that every party accepts.",
        discussion: """
            Ranks the packages every party accepts by how few issues they change in the plan, then by \
            how little the proposer gives up, then by the Nash product, and says why each party accepts. \
            When no package is acceptable to all, shows the smallest lowering of reservation values \
            (leverage) that would open a zone, and the red lines in the way.

            Example:
              parley bridge examples/ukraine-2024-11.yaml --proposal trump-team
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "The id of the proposal to bridge from (parley evaluate lists them).")
    var proposal: String

    @ArgumentParser.Option(name: .long, help: "How many packages to show.")
    var limit: Int = 5

    @OptionGroup var space: SpaceLimitOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let report: BridgeReport
        do { report = try BridgePlan(options: space.options)(loaded, from: proposal, limit: max(1, limit)) }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: output) }
        try Output.emit(output, json: report, text: report.text())
    }
}

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Re-run the analysis with explicit changes and show what differs from the base case.",
        discussion: """
            Examples:
              parley whatif examples/ukraine-2024-11.yaml --set RU.reservation=0.6 \\
                  --set UA.reservation=0.4
              parley whatif examples/ukraine-2024-11.yaml \\
                  --drop-red-line ru-no-western-peacekeepers
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "A change (repeatable): PARTY.reservation=VALUE, PARTY.weight.ISSUE=VALUE (the other weights rescaled to keep the sum at 1) or PARTY.value.ISSUE.OPTION=VALUE; a number or [low,high].")
    var set: [String] = []

    @ArgumentParser.Option(name: .long, help: "A red line to give up, by id (repeatable).")
    var dropRedLine: [String] = []

    @OptionGroup var space: SpaceLimitOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let report: WhatIfReport
        do {
            let changes = try set.map(WhatIf.parseSetting) + dropRedLine.map { ScenarioChange.dropRedLine(RedLine.ID($0)) }
            guard !changes.isEmpty else { throw UsageError("give at least one change: --set PARTY.reservation=VALUE or --drop-red-line ID") }
            report = try WhatIf(options: space.options)(loaded, changes: changes)
        }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: output) }
        try Output.emit(output, json: report, text: report.text())
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two versions of a scenario, and what that did to the results.",
        discussion: """
            Example:
              parley diff examples/ukraine-2024-11.yaml \\
                  examples/ukraine-2024-12-hypothetical.yaml
            """)

    @Argument(help: "The older version (a Parley scenario, or a GENIUS, GeniusWeb or NegMAS folder).")
    var old: String

    @Argument(help: "The newer version, in any of the same formats.")
    var new: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let before: LoadedScenario, after: LoadedScenario
        do { before = try LoadedScenario.load(old) } catch { throw Output.fail(error, file: old, options: output) }
        do { after = try LoadedScenario.load(new) } catch { throw Output.fail(error, file: new, options: output) }
        let report: DiffReport
        do { report = try Diff()(before, after) }
        catch let error as DiagnosticError { throw Output.fail(error, file: new, options: output) }
        try Output.emit(output, json: report, text: report.text())
    }
}
