import Foundation
import ParleyCore

/// The scenario formats Parley reads, and how a path is matched to one.
public enum ScenarioFormat: String, Hashable, Sendable, CaseIterable {
    /// Parley's own YAML or JSON file.
    case parley
    /// A folder with a GENIUS XML domain and one utility-space file per party.
    case genius
    /// A folder with a GeniusWeb JSON domain and `LinearAdditiveUtilitySpace` profiles.
    case geniusWeb = "geniusweb"
    /// A folder with a NegMAS YAML domain (`type: ...OutcomeSpace`) and one utility function per party.
    case negmas
    /// A game of the LLM-Deliberation benchmark: `config.txt`, `global_instructions.txt`, `scores_files/`.
    case llmDeliberation = "llm-deliberation"

    /// Reads a folder in this format.
    public func read(folder: String, normalization: UtilityNormalization) throws(DiagnosticError) -> DecodedScenario {
        switch self {
        case .parley: return try ScenarioReader.read(contentsOf: folder)
        case .genius: return try GeniusReader.read(folder: folder, normalization: normalization)
        case .geniusWeb: return try GeniusWebReader.read(folder: folder, normalization: normalization)
        case .negmas: return try NegMASYAMLReader.read(folder: folder, normalization: normalization)
        case .llmDeliberation: return try LLMDeliberationReader.read(folder: folder)
        }
    }

    /// Finds the format of `path` (a file or a folder).
    /// - Throws: ``DiagnosticError`` naming the formats tried when none fits.
    public static func detect(_ path: String) throws(DiagnosticError) -> ScenarioFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError([Diagnostic(.error, "no such file or folder: \(path)", at: nil,
                                              help: "check the path; run 'parley analyze' with no path for the bundled example")])
        }
        guard isDirectory.boolValue else { return .parley }
        if LLMDeliberationReader.isGame(path) { return .llmDeliberation }
        let xml = (try? FolderListing.files(in: path, extensions: ["xml"])) ?? []
        if xml.contains(where: { rootElement(of: $0) == "negotiation_template" }) { return .genius }
        let json = (try? FolderListing.files(in: path, extensions: ["json"])) ?? []
        if json.contains(where: { head(of: $0).contains("\"issuesValues\"") || head(of: $0).contains("\"LinearAdditiveUtilitySpace\"") }) {
            return .geniusWeb
        }
        let yaml = (try? FolderListing.files(in: path, extensions: ["yaml", "yml"])) ?? []
        if yaml.contains(where: { head(of: $0).range(of: #"(?m)^type:\s*\w*OutcomeSpace"#, options: .regularExpression) != nil }) {
            return .negmas
        }
        if (json + yaml).count == 1 { return .parley }
        throw DiagnosticError([Diagnostic(
            .error, "\(path) is a folder in no format Parley reads",
            at: nil,
            help: "tried: a GENIUS domain (an .xml file whose root is <negotiation_template>, with one <utility_space> file per party); "
                + "a GeniusWeb domain (a .json file with \"issuesValues\") with LinearAdditiveUtilitySpace profiles; "
                + "a NegMAS YAML domain (a .yml file with 'type: ...OutcomeSpace') with one utility function per party; "
                + "an LLM-Deliberation game (config.txt, global_instructions.txt and scores_files/); a folder holding a single Parley scenario (.yaml or .json). Name a scenario file directly, or check the folder")])
    }

    /// The first 64 KiB of a file as text.
    static func head(of file: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: file) else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readData(ofLength: 65_536), as: UTF8.self)
    }

    /// The name of the first element of an XML file, read from its first few kilobytes.
    static func rootElement(of file: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        var rest = Substring(head)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let first = rest.first else { return nil }
            if first == "?" || first == "!" { continue }
            return String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ":" })
        }
        return nil
    }
}
