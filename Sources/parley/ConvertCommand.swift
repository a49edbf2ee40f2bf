import ArgumentParser
import ParleyKit

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a scenario between Parley, GENIUS, GeniusWeb and NegMAS formats.",
        discussion: """
            Parley's own format (a file) keeps every judgment: values, weights, ranges, reservation \
            values, red lines, proposals, sources and quotes, the conflict section and leverage; it does \
            not keep comments or layout. The others are written as a folder of files. What a target \
            format cannot hold (comments, red lines, sources and quotes, ranges, proposals...) is listed \
            on stderr as dropped, never lost silently. Existing files, and the input itself, are never \
            replaced without --force.

            Examples:
              parley convert path/to/anac/y2012/LaptopA laptop.yaml --to parley
              parley convert examples/ukraine-2024-11.yaml out/ukraine --to genius
            """)

    @Argument(help: "The scenario to read: a Parley file, or a GENIUS, GeniusWeb or NegMAS folder.")
    var input: String

    @Argument(help: "Where to write: a file for --to parley, a folder for the others.")
    var output: String

    @ArgumentParser.Option(name: .long, help: "The target format: parley, genius, geniusweb or negmas.")
    var to: ScenarioFormat

    @ArgumentParser.Option(name: .long, help: "How to read imported utility functions: genius (default), raw or normalized.")
    var normalization: UtilityNormalization = .genius

    @Flag(name: .long, help: "Replace existing files (and the input itself).")
    var force = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let loaded: LoadedScenario
        do { loaded = try LoadedScenario.load(input, normalization: normalization) } catch {
            throw Output.fail(error, file: input, options: outputOptions)
        }
        Output.warnings(loaded, options: outputOptions)
        let result: ScenarioWriter.Result
        do { result = try Convert()(loaded, to: output, format: to, overwrite: force) } catch {
            throw Output.fail(error, file: output, options: outputOptions)
        }
        if outputOptions.format == .json {
            print(try Output.json(result))
            return
        }
        print("wrote \(result.files.count) file\(result.files.count == 1 ? "" : "s"): \(result.files.joined(separator: ", "))")
        if !result.dropped.isEmpty, !outputOptions.quiet {
            Output.standardError("dropped (the \(result.format) format cannot hold them):\n"
                + result.dropped.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}

extension ScenarioFormat: ExpressibleByArgument {}
