import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyReport
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

    /// The format the scenario was read from.
    public var format: ScenarioFormat = .parley

    /// Reads and validates the scenario at `path` (a Parley file or a folder in another format),
    /// or the bundled founding case when `path` is nil.
    /// - Parameter normalization: how imported utility functions are read (GENIUS semantics by default).
    /// - Throws: ``DiagnosticError`` with every problem found.
    public static func load(_ path: String?, normalization: UtilityNormalization = .genius) throws(DiagnosticError)
        -> LoadedScenario {
        guard let path else { return try read(try BundledExample.foundingCase(), file: BundledExample.foundingCaseName) }
        switch try ScenarioFormat.detect(path) {
        case .parley:
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let file = isDirectory.boolValue
                ? (try FolderListingKit.single(in: path)) : path
            return try read(try ScenarioReader.readText(at: file), file: file)
        case let format:
            let decoded = try format.read(folder: path, normalization: normalization)
            var loaded = LoadedScenario(scenario: decoded.scenario, warnings: decoded.warnings, locations: decoded.locations,
                                        file: path, text: "")
            loaded.format = format
            return loaded
        }
    }

    /// Reads and validates a scenario held in memory, reporting problems against `file`.
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> LoadedScenario {
        let decoded = try ScenarioReader.read(text, file: file)
        return LoadedScenario(scenario: decoded.scenario, warnings: decoded.warnings, locations: decoded.locations,
                              file: file, text: text)
    }

    /// The proposal with `id`.
    /// - Throws: ``DiagnosticError`` naming the proposals there are (and a near miss): an id that is
    ///   not in the file is bad input, not a usage error.
    public func proposal(_ id: String) throws(DiagnosticError) -> Proposal {
        if let proposal = scenario.proposal(Proposal.ID(id)) { return proposal }
        throw unknown("proposal", id, among: scenario.proposals.map(\.id.rawValue))
    }

    /// The diagnostic for an id the command line names that the scenario does not have.
    public func unknown(_ kind: String, _ id: String, among ids: [String]) -> DiagnosticError {
        let hint = DecodingContext.suggestion(for: id, among: ids).map { "did you mean '\($0)'? " } ?? ""
        let plural = kind.hasSuffix("y") ? kind.dropLast() + "ies" : kind + "s"
        return error([Diagnostic(.error, "\(file) has no \(kind) '\(id)'", at: locations["scenario"] ?? .start(of: file),
                                 help: hint + (ids.isEmpty ? "it has no \(plural)" : "its \(plural): \(ids.joined(separator: ", "))"))])
    }

    /// A diagnostic error carrying this scenario's text, so it renders with source lines.
    public func error(_ diagnostics: [Diagnostic]) -> DiagnosticError {
        DiagnosticError(diagnostics, sources: [file: text])
    }
}

enum FolderListingKit {
    /// The one Parley scenario file in a folder.
    static func single(in folder: String) throws(DiagnosticError) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
        guard names.count == 1 else {
            throw DiagnosticError([Diagnostic(.error, "\(folder) holds \(names.count) scenario files", at: nil,
                                              help: "name the scenario file to read")])
        }
        return (folder as NSString).appendingPathComponent(names[0])
    }
}

extension LoadedScenario {
    /// The names of the scenario's parties and issues, for rendering reports as text.
    public var names: Names {
        Names(ReportBuilder(scenario: scenario, model: UtilityModel(scenario)).summary(file: file))
    }
}

/// The proposals of a scenario, listed (what `parley evaluate` prints without a proposal).
public struct ProposalListing: Hashable, Sendable, Codable {
    public var contract = "parley.proposals/1"
    public var file: String
    public var proposals: [Entry]

    public struct Entry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var proposer: String?
    }

    public init(_ loaded: LoadedScenario) {
        file = loaded.file
        proposals = loaded.scenario.proposals.map { proposal in
            Entry(id: proposal.id.rawValue, name: proposal.name,
                  proposer: proposal.proposer.flatMap { id in loaded.scenario.parties.first { $0.id == id }?.name })
        }
    }

    public func text() -> String {
        guard !proposals.isEmpty else {
            return "\(file) has no proposals; evaluate a package of your own with --package issue=option,issue=option\n"
        }
        var out = ["\(file) has \(proposals.count.counted("proposal")); evaluate one with --proposal ID:"]
        for proposal in proposals {
            out.append("  \(proposal.id)  \(proposal.name)" + (proposal.proposer.map { " (by \($0))" } ?? ""))
        }
        out.append("or a package of your own with --package issue=option,issue=option")
        return out.joined(separator: "\n") + "\n"
    }
}

extension LoadedScenario {
    /// The number of complete packages, approximate beyond 2^53 (never overflowing).
    public var approximatePackageCount: Double { OutcomeSpace(scenario).approximateCount }
}
