import Foundation
import ParleyCore

/// Reads a Parley scenario from a YAML or JSON file into a validated ``Scenario``.
///
/// ```swift
/// let decoded = try ScenarioReader.read(contentsOf: "examples/ukraine-2024-11.yaml")
/// decoded.scenario.title
/// ```
public enum ScenarioReader {
    /// Reads and validates the scenario in `text`, reporting problems against `file`.
    /// - Throws: ``DiagnosticError`` with every problem, carrying `text` so they render with their lines.
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> DecodedScenario {
        do {
            let root = try YAMLDocumentReader.read(text, file: file)
            return try ScenarioDecoder().decode(root)
        } catch {
            throw DiagnosticError(error.diagnostics, sources: [file: text])
        }
    }

    /// Reads and validates the scenario in the file at `path`.
    /// - Throws: ``DiagnosticError`` when the file is missing or unreadable, or the scenario is invalid.
    public static func read(contentsOf path: String) throws(DiagnosticError) -> DecodedScenario {
        let text = try readText(at: path)
        var decoded = try read(text, file: path)
        decoded.sourceText = text
        return decoded
    }

    /// The largest input file read (bytes): reading takes several times a file's size in memory.
    public static let maxFileSize = 32 << 20

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\((Double(bytes) / Double(1 << 20)).formatted(decimals: 1)) MB" : "\(bytes.grouped) bytes"
    }

    /// The text of the file at `path`, or a diagnostic saying why it cannot be read (no file, a
    /// folder, unreadable, larger than ``maxFileSize``, not UTF-8).
    public static func readText(at path: String) throws(DiagnosticError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError([Diagnostic(.error, "no such file: \(path)", at: nil,
                                              help: "check the path; run 'parley analyze' with no file for the bundled example")])
        }
        guard !isDirectory.boolValue else {
            throw DiagnosticError([Diagnostic(.error, "\(path) is a folder, not a scenario file", at: nil,
                                              help: "name the .yaml or .json scenario file inside it")])
        }
        // stat(2) rather than the file manager's attributes, which also look up the owner's name
        // (reading the user and group databases on every file).
        var status = stat()
        if stat(path, &status) == 0, Int(status.st_size) > maxFileSize {
            let size = Int(status.st_size)
            throw DiagnosticError([Diagnostic(
                .error, "\(path) is \(Self.megabytes(size)); Parley reads input files of at most \(Self.megabytes(maxFileSize))",
                at: .start(of: path),
                help: "a scenario this large is most likely not one a person wrote: check the file; split a generated one, or coarsen its options")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError([Diagnostic(.error, "cannot read \(path)", at: nil, help: "check the file's permissions")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "\(path) is not UTF-8 text", at: .start(of: path),
                                              help: "save the file as UTF-8")])
        }
        return text
    }
}
