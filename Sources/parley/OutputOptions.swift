import ArgumentParser
import Foundation
import ParleyKit

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options every command shares.
struct OutputOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "Output format: text or json (the stable machine contract).")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Print only the result: no warnings on stderr.")
    var quiet = false
}

/// The limit on the agreement space, for the commands that map it.
struct SpaceLimitOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "The most packages to enumerate (larger spaces are refused with their size; 'parley analyze --sample N' samples them).")
    var maxPackages: Int = AgreementSpaceOptions().maxPackages

    func validate() throws {
        guard maxPackages > 0 else { throw ValidationError("--max-packages must be positive") }
    }

    var options: AgreementSpaceOptions { AgreementSpaceOptions(maxPackages: maxPackages) }
}

/// Printing helpers shared by the commands.
enum Output {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws -> String { try JSONRendering.text(value) }

    /// Whether standard output (1) or standard error (2) gets colour: a terminal, and the
    /// environment allows it (NO_COLOR unset or empty, TERM not dumb).
    static func colour(_ descriptor: Int32) -> Bool {
        isatty(descriptor) != 0 && TerminalText.colourAllowed(environment: ProcessInfo.processInfo.environment)
    }

    /// Prints a text report: on a terminal, prose wrapped to its width and verdicts in colour.
    static func printText(_ text: String) {
        print(TerminalText.styled(text, width: TextTable.width, colour: colour(STDOUT_FILENO)), terminator: "")
    }

    /// Prints the JSON document or the text report, as the format says.
    static func emit<T: Encodable>(_ options: OutputOptions, json document: T, text: @autoclosure () -> String) throws {
        if options.format == .json { print(try json(document)) } else { printText(text()) }
    }

    /// Diagnostics for stderr, in colour on a terminal.
    static func diagnostics(_ error: DiagnosticError) -> String {
        TerminalText.styledDiagnostics(error.rendered(), colour: colour(STDERR_FILENO))
    }

    /// Prints diagnostics (rendered on stderr, or as JSON on stdout) and exits with code 1.
    static func fail(_ error: DiagnosticError, file: String?, options: OutputOptions) -> ExitCode {
        switch options.format {
        case .json:
            let document = DiagnosticsDocument(file: file, diagnostics: error.diagnostics)
            if let text = try? json(document) { print(text) }
        case .text:
            standardError(diagnostics(error))
        }
        return ExitCode(1)
    }

    /// Prints a usage error on stderr and exits with code 2.
    static func usage(_ error: UsageError) -> ExitCode {
        standardError("error: \(error.message)")
        return ExitCode(2)
    }

    /// Loads a scenario (or the bundled example), printing its diagnostics and exiting with code 1
    /// when it is bad, and its warnings on stderr when it loads.
    static func load(_ file: String?, normalization: UtilityNormalization = .genius, options: OutputOptions) throws -> LoadedScenario {
        let loaded: LoadedScenario
        do { loaded = try LoadedScenario.load(file, normalization: normalization) } catch { throw fail(error, file: file, options: options) }
        warnings(loaded, options: options)
        return loaded
    }

    /// Shows the warnings of a scenario that loaded, on stderr, unless quiet or JSON.
    static func warnings(_ loaded: LoadedScenario, options: OutputOptions) {
        guard options.format == .text, !options.quiet, !loaded.warnings.isEmpty else { return }
        standardError(diagnostics(loaded.error(loaded.warnings)))
    }
}

/// Diagnostics as JSON, printed with `--format json` when input is bad.
struct DiagnosticsDocument: Encodable {
    var contract = "parley.diagnostics/1"
    var file: String?
    var diagnostics: [Diagnostic]
}
