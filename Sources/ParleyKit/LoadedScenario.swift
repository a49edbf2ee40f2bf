import ParleyCore
import ParleyFormats

/// A scenario read from a file (or the bundled example), with its warnings and its text.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var warnings: [Diagnostic]
    public var locations: SourceMap
    /// The path as the user gave it, or the bundled example's name.
    public var file: String
    /// The file's text, for rendering diagnostics with their lines.
    public var text: String

    /// Reads and validates the scenario at `path`, or the bundled founding case when `path` is nil.
    /// - Throws: ``DiagnosticError`` with every problem found.
    public static func load(_ path: String?) throws(DiagnosticError) -> LoadedScenario {
        let file = path ?? BundledExample.foundingCaseName
        let text: String
        if let path { text = try ScenarioReader.readText(at: path) } else { text = try BundledExample.foundingCase() }
        return try read(text, file: file)
    }

    /// Reads and validates a scenario held in memory, reporting problems against `file`.
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> LoadedScenario {
        let decoded = try ScenarioReader.read(text, file: file)
        return LoadedScenario(scenario: decoded.scenario, warnings: decoded.warnings, locations: decoded.locations,
                              file: file, text: text)
    }

    /// A diagnostic error carrying this scenario's text, so it renders with source lines.
    public func error(_ diagnostics: [Diagnostic]) -> DiagnosticError {
        DiagnosticError(diagnostics, sources: [file: text])
    }
}
