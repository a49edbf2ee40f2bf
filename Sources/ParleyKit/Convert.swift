import ParleyCore
import ParleyFormats

/// The `convert` use case: read a scenario in one format, write it in another, and say what the
/// target format could not hold.
public struct Convert: Sendable {
    public init() {}

    /// Writes `loaded` to `path` in `format`.
    /// - Throws: ``DiagnosticError`` when the output cannot be written.
    public func callAsFunction(_ loaded: LoadedScenario, to path: String, format: ScenarioFormat)
        throws(DiagnosticError) -> ScenarioWriter.Result {
        try ScenarioWriter.write(loaded.scenario, to: path, format: format)
    }
}
