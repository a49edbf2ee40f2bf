import Foundation
import ParleyCore

/// Writes a scenario in any format Parley reads, and says what the target format cannot hold.
///
/// ```swift
/// let result = try ScenarioWriter.write(scenario, to: "out/LaptopA", format: .genius)
/// result.dropped   // ["sources and quotes", "red lines (2)", ...]
/// ```
public enum ScenarioWriter {
    /// The outcome of a conversion: the files written and what was left out or changed.
    public struct Result: Hashable, Sendable, Codable {
        public var contract = "parley.conversion/1"
        public var format: String
        public var files: [String]
        /// What the target format cannot hold, each in a few words.
        public var dropped: [String]
    }

    /// Writes `scenario` to `path` (a file for Parley's format, a folder for the others).
    ///
    /// Nothing is written over an existing file, nor over one of `inputs` (the files the scenario
    /// was read from), unless `overwrite` is set; every file is checked before any is written.
    /// - Throws: ``DiagnosticError`` when a file exists (naming them all) or cannot be written.
    public static func write(_ scenario: Scenario, to path: String, format: ScenarioFormat, overwrite: Bool = false,
                             inputs: [String] = []) throws(DiagnosticError) -> Result {
        var files = try self.files(scenario, format: format)
        let directory: String? = format == .parley ? nil : path
        if format == .parley { files[0].name = path }
        let targets = files.map { file in directory.map { ($0 as NSString).appendingPathComponent(file.name) } ?? file.name }
        if !overwrite {
            let inputPaths = Set(inputs.map(canonical))
            let clashes = targets.filter { inputPaths.contains(canonical($0)) }
            let existing = targets.filter { FileManager.default.fileExists(atPath: $0) && !inputPaths.contains(canonical($0)) }
            var problems: [Diagnostic] = []
            if !clashes.isEmpty {
                problems.append(Diagnostic(.error, "refusing to write over the input \(clashes.joined(separator: ", "))", at: nil,
                                           help: "write to another path; comments and formatting of the input would be lost (--force replaces it anyway)"))
            }
            if !existing.isEmpty {
                let shown = existing.prefix(5).joined(separator: ", ") + (existing.count > 5 ? " and \(existing.count - 5) more" : "")
                problems.append(Diagnostic(.error, "refusing to replace existing file\(existing.count == 1 ? "" : "s") \(shown)", at: nil,
                                           help: "choose another path, or pass --force to replace \(existing.count == 1 ? "it" : "them")"))
            }
            if !problems.isEmpty { throw DiagnosticError(problems) }
        }
        var written: [String] = []
        if let directory {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw DiagnosticError([Diagnostic(.error, "cannot create the folder \(directory): \(error.localizedDescription)", at: nil)])
            }
        }
        for (file, target) in zip(files, targets) {
            let parent = (target as NSString).deletingLastPathComponent
            if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            do { try file.text.write(toFile: target, atomically: true, encoding: .utf8) } catch {
                throw DiagnosticError([Diagnostic(.error, "cannot write \(target): \(error.localizedDescription)", at: nil,
                                                  help: "check that the folder exists and is writable")])
            }
            written.append(target)
        }
        return Result(format: format.rawValue, files: written, dropped: dropped(scenario, format: format))
    }

    /// The files `scenario` becomes in `format`, by name (one `scenario.yaml` for Parley's format;
    /// a folder's files for the others), without writing anything.
    /// - Throws: ``DiagnosticError`` when the YAML cannot be produced.
    public static func files(_ scenario: Scenario, format: ScenarioFormat) throws(DiagnosticError) -> [(name: String, text: String)] {
        switch format {
        case .parley:
            do { return [("scenario.yaml", try ParleyWriter.yaml(scenario))] } catch {
                throw DiagnosticError([Diagnostic(.error, "cannot write YAML: \(error)", at: nil)])
            }
        case .genius: return GeniusWriter.files(scenario)
        case .geniusWeb: return GeniusWebWriter.files(scenario)
        case .negmas: return NegMASYAMLWriter.files(scenario)
        case .llmDeliberation: return LLMDeliberationWriter.files(scenario)
        }
    }

    /// What `format` cannot hold of `scenario`.
    public static func dropped(_ scenario: Scenario, format: ScenarioFormat) -> [String] {
        guard format != .parley else { return [] }
        var dropped: [String] = []
        let preferences = scenario.parties.map(\.preferences)
        let redLines = preferences.reduce(0) { $0 + $1.redLines.count }
        if redLines > 0 { dropped.append("red lines (\(redLines))") }
        if !scenario.proposals.isEmpty { dropped.append("proposals (\(scenario.proposals.count))") }
        if scenario.conflict != nil { dropped.append("the conflict section (moves and threats)") }
        if !scenario.leverage.isEmpty { dropped.append("leverage moves (\(scenario.leverage.count))") }
        let sourced = !scenario.sources.isEmpty || preferences.contains { p in
            p.reservationProvenance != .none || p.stances.contains { $0.map { $0.provenance != .none } ?? false }
        }
        if sourced { dropped.append("sources, quotes, notes and confidence levels") }
        let ranges = preferences.contains { p in
            p.reservation.isUncertain || p.stances.contains { s in
                s.map { $0.weight.isUncertain || $0.values.contains(where: \.isUncertain) } ?? false
            }
        } || scenario.parties.contains { $0.capability?.isUncertain ?? false }
        if ranges { dropped.append("ranges (their midpoints are written)") }
        if scenario.parties.contains(where: { $0.capability != nil }) { dropped.append("capabilities") }
        if scenario.issues.contains(where: { $0.statusQuo != nil }) { dropped.append("status-quo options") }
        if scenario.issues.contains(where: { $0.kind == .ordered }) { dropped.append("option positions of ordered issues") }
        if scenario.parties.contains(where: { $0.name != $0.id.rawValue }) { dropped.append("party names (files are named by party id)") }
        switch format {
        case .genius:
            if preferences.contains(where: { $0.offset != 0 }) { dropped.append("utility offsets") }
            if preferences.contains(where: { !GeniusWriter.keepsUtilities($0) }) {
                dropped.append("the utility scale: GENIUS reads each issue's best evaluation as 1 and normalises weights, so utilities are rescaled")
            }
            if scenario.issues.contains(where: { $0.kind == .numeric }) { dropped.append("numeric issue kinds (written as discrete issues)") }
        case .geniusWeb:
            if preferences.contains(where: { $0.offset != 0 }) { dropped.append("utility offsets") }
            if preferences.contains(where: { $0.reservation.value != 0 }) {
                dropped.append("reservation values (GeniusWeb holds a reservation bid, not a value)")
            }
            if preferences.contains(where: { $0.discount != nil }) { dropped.append("discount factors") }
            if scenario.issues.contains(where: { $0.kind == .numeric }) { dropped.append("numeric issue kinds (written as discrete values)") }
        case .negmas:
            if preferences.contains(where: { $0.discount != nil }) { dropped.append("discount factors") }
        case .llmDeliberation:
            // The layout keeps party names (config.txt) and one proposal (the initial deal).
            dropped.removeAll { $0.hasPrefix("party names") || $0.hasPrefix("proposals") }
            if scenario.proposals.count > 1 { dropped.append("proposals other than the initial deal (\(scenario.proposals.count - 1))") }
            let whole = preferences.allSatisfy { p in
                p.stances.allSatisfy { s in s.map { s in s.values.allSatisfy { v in isWhole(s.weight.value * v.value * 100) } } ?? true }
                    && isWhole(p.reservation.value * 100)
            }
            if !whole { dropped.append("exact utilities: scores are whole numbers (utility × 100, rounded; minimums rounded up)") }
            if preferences.contains(where: { $0.offset != 0 }) { dropped.append("utility offsets") }
            let n = scenario.parties.count
            let gameRule = AgreementRule.quota(max(1, n - 1), vetoes: [])
            if case .quota(n - 1, let vetoes) = scenario.agreement, vetoes.count <= 2 {} else if scenario.agreement != gameRule {
                dropped.append("the agreement rule \(scenario.agreement) (the game's rule is n − 1 parties, p1 and p2 among them)")
            }
        case .parley:
            break
        }
        return dropped
    }

    static func isWhole(_ value: Double) -> Bool { abs(value - value.rounded()) < 1e-6 }

    /// The path with symbolic links resolved and `.`/`..` removed, to tell whether two paths name one file.
    static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return ((absolute as NSString).resolvingSymlinksInPath as NSString).standardizingPath
    }

    /// A file name made of an id: letters, digits, '-', '_' and '.' kept, anything else '_'.
    static func fileName(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
    }
}
