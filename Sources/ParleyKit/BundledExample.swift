import Foundation
import ParleyCore

/// The scenarios that ship with Parley.
public enum BundledExample {
    /// The file name of the founding case, as diagnostics and reports show it.
    public static let foundingCaseName = "examples/ukraine-2024-11.yaml"

    /// The text of the founding case (November 2024: Russia rejects the Trump team's proposals).
    /// - Throws: ``DiagnosticError`` when the resource is missing from the build.
    public static func foundingCase() throws(DiagnosticError) -> String {
        guard let url = Bundle.module.url(forResource: "ukraine-2024-11", withExtension: "yaml"),
              let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "the bundled example scenario is missing from this build", at: nil,
                                              help: "pass a scenario file, e.g. parley analyze examples/ukraine-2024-11.yaml")])
        }
        return text
    }
}
