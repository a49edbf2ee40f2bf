import Foundation
import ParleyCore

/// The scenarios that ship with Parley.
public enum BundledExample {
    /// The file name of the founding case, as diagnostics and reports show it.
    public static let foundingCaseName = "examples/ukraine-2024-11.yaml"

    /// The text of the founding case (November 2024: Russia rejects the Trump team's proposals).
    /// - Throws: ``DiagnosticError`` when the resource is missing from the build.
    public static func foundingCase() throws(DiagnosticError) -> String {
        try resource("ukraine-2024-11", missing: "the bundled example scenario is missing from this build",
                     help: "pass a scenario file, e.g. parley analyze examples/ukraine-2024-11.yaml")
    }

    /// The text of a YAML file bundled with the library.
    static func resource(_ name: String, missing: String, help: String) throws(DiagnosticError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml"),
              let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, missing, at: nil, help: help)])
        }
        return text
    }

    /// A commented template scenario to start from (what `parley init` writes): two parties, an
    /// ordered, a numeric and a categorical issue, weights and saliences, values and ideals, a red
    /// line, a range and a proposal.
    /// - Throws: ``DiagnosticError`` when the resource is missing from the build.
    public static func template() throws(DiagnosticError) -> String {
        try resource("template", missing: "the scenario template is missing from this build",
                     help: "copy examples/ukraine-2024-11.yaml and edit it instead")
    }

    /// Writes the template to `path`, never over an existing file unless `overwrite`.
    /// - Throws: ``DiagnosticError`` when the file exists or cannot be written.
    public static func writeTemplate(to path: String, overwrite: Bool = false) throws(DiagnosticError) {
        let text = try template()
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw DiagnosticError([Diagnostic(.error, "refusing to replace the existing file \(path)", at: nil,
                                              help: "choose another name, or pass --force to replace it")])
        }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot write \(path): \(error.localizedDescription)", at: nil,
                                              help: "check that the folder exists and is writable")])
        }
    }
}
