import Foundation
import ParleyCore
import ParleyFormats

/// A gmcr-py conflict (`.gmcr`) becomes a scenario's `conflict:` section: the workspace's "Import
/// a conflict" on a scenario's history page. A gmcr-py file states preferences over states, not
/// utilities over packages, so it is not a scenario of its own; in a scenario, the stability
/// analysis reads it as `parley stability` reads the file.
public struct ImportConflict: Sendable {
    public init() {}

    /// The text of `loaded` with its conflict replaced by the one `file` holds (read and checked as
    /// `parley stability FILE` reads it), through the one validator.
    /// - Throws: ``DiagnosticError`` located in the uploaded file.
    public func callAsFunction(_ loaded: LoadedScenario, file: (name: String, data: Data)) throws(DiagnosticError) -> (text: String, note: String) {
        guard let text = String(data: file.data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "\(file.name) is not UTF-8 text", at: .start(of: file.name), help: "save the file as UTF-8")])
        }
        let read = try GMCRReader.read(text, file: file.name)
        var scenario = loaded.scenario
        let replaced = scenario.conflict != nil
        scenario.conflict = read.model
        let yaml: String
        do { yaml = try ParleyWriter.yaml(scenario) } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot write the scenario with its conflict as YAML: \(error)", at: nil)])
        }
        _ = try LoadedScenario.read(yaml, file: loaded.file)
        let note = "Conflict \(replaced ? "replaced by" : "imported from") \(file.name): \(read.model.decisionMakers.count) decision makers, "
            + "\(read.model.options.count) options"
        return (yaml, note)
    }
}
