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

/// Printing helpers shared by the commands.
enum Output {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func json<T: Encodable>(_ value: T) throws -> String { try JSONRendering.text(value) }

    /// Prints diagnostics (rendered on stderr, or as JSON on stdout) and exits with code 1.
    static func fail(_ error: DiagnosticError, file: String?, options: OutputOptions) -> ExitCode {
        switch options.format {
        case .json:
            let document = DiagnosticsDocument(file: file, diagnostics: error.diagnostics)
            if let text = try? json(document) { print(text) }
        case .text:
            standardError(error.rendered())
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
        standardError(loaded.error(loaded.warnings).rendered())
    }
}

/// Diagnostics as JSON, printed with `--format json` when input is bad.
struct DiagnosticsDocument: Encodable {
    var contract = "parley.diagnostics/1"
    var file: String?
    var diagnostics: [Diagnostic]
}
