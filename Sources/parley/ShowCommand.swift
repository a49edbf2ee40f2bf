import ArgumentParser
import ParleyKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a scenario without analysing it: parties, issues and options, stances, red-line rules, proposals.",
        discussion: """
            Reads a Parley file or a GENIUS, GeniusWeb or NegMAS folder.

            Examples:
              parley show
              parley show examples/ukraine-2024-11.yaml --format json
            """)

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded = try Output.load(file, options: output)
        let sheet = ScenarioSheet(loaded.scenario, file: loaded.file)
        try Output.emit(output, json: sheet, text: sheet.text())
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented template scenario to start from.",
        discussion: """
            The template has two parties, an ordered, a numeric and a categorical issue, weights and \
            saliences, option values and ideal points, a red line, a range and a proposal, each \
            explained in a comment. Edit it, then run 'parley validate FILE' and 'parley analyze FILE'.

            Example:
              parley init my-negotiation.yaml
            """)

    @Argument(help: "The file to write.")
    var file: String = "scenario.yaml"

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        do { try BundledExample.writeTemplate(to: file, overwrite: force) } catch {
            throw Output.fail(error, file: file, options: output)
        }
        if !output.quiet { print("wrote \(file); next: parley validate \(file)") }
    }
}
