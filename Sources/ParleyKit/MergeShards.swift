import Foundation
import ParleyCore
import ParleyReport

/// The `merge` use case: reads tournament shards' results and combines them, naming every file
/// that is not a complete result (an empty file, as `> shard-i.json` leaves when its task dies; a
/// truncated one; another kind of JSON) and every shard that is missing.
public struct MergeShards: Sendable {
    public init() {}

    /// The merged standings, and warnings about what is missing (with `allowPartial`).
    public struct Merged: Sendable {
        public var report: TournamentReport
        public var warnings: [Diagnostic]
    }

    /// - Parameter files: the shards' result files (path → contents).
    /// - Throws: ``DiagnosticError`` naming every unreadable file and, unless `allowPartial`, the
    ///   missing shards; ``UsageError`` when the files come from different tournaments.
    public func callAsFunction(_ files: [(path: String, data: Data)], allowPartial: Bool = false) throws -> Merged {
        var problems: [Diagnostic] = []
        var parts: [TournamentReport] = []
        var sources: [String: String] = [:]
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            sources[path] = text
            if text.allSatisfy(\.isWhitespace) {
                problems.append(Diagnostic(.error, "the file is empty: its shard produced no result", at: .start(of: path),
                                           help: "the task that wrote it failed or was killed; run that shard again (parley tournament ... --shard i/n --format json)"))
                continue
            }
            guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
                problems.append(Diagnostic(.error, "the JSON ends early or is malformed: the result is incomplete", at: Self.end(of: text, file: path),
                                           help: "the task that wrote it may have been killed while writing; run that shard again"))
                continue
            }
            do {
                parts.append(try JSONDecoder().decode(TournamentReport.self, from: data))
            } catch {
                problems.append(Diagnostic(.error, "not a tournament result (parley.tournament/1): \(Self.describe(error))", at: .start(of: path),
                                           help: "merge the files that parley tournament --shard i/n --format json wrote"))
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: sources) }
        let merged = try TournamentReport.merge(parts)
        var missing: [Diagnostic] = []
        if !merged.complete {
            missing.append(Diagnostic(allowPartial ? .warning : .error,
                                      "the result is incomplete: \(merged.matches.count) of \(merged.jobs) matches; " + Self.absentShards(merged.shards),
                                      at: nil, help: allowPartial ? nil : "run the missing shards and merge again, or pass --allow-partial to rank on what is there"))
        }
        if !allowPartial, !missing.isEmpty { throw DiagnosticError(missing, sources: sources) }
        return Merged(report: merged, warnings: missing)
    }

    /// Which shards of `i/n` are not among `shards` ("missing shards 2/4, 4/4"), naming at most 20 (a
    /// file can claim any count: the names are never all made).
    static func absentShards(_ shards: [String]) -> String {
        let parsed = shards.compactMap { shard -> (Int, Int)? in
            let parts = shard.split(separator: "/")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
            return (i, n)
        }
        guard let count = parsed.map(\.1).max() else { return "some matches are missing" }
        let present = Set(parsed.filter { $0.1 == count }.map(\.0))
        let absentCount = count - present.count
        guard absentCount > 0 else { return "some matches are missing" }
        let named = (1...count).lazy.filter { !present.contains($0) }.prefix(20).map { "\($0)/\(count)" }
        return "missing shard\(absentCount == 1 ? "" : "s") \(named.joined(separator: ", "))"
            + (absentCount > 20 ? " and \(absentCount - 20) more" : "")
    }

    /// Where a text ends: its last line and the column after its last character.
    static func end(of text: String, file: String) -> SourceLocation {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.last(where: { !$0.isEmpty }) ?? ""
        let line = (lines.lastIndex(where: { !$0.isEmpty }) ?? 0) + 1
        return SourceLocation(file: file, line: line, column: last.count + 1)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}
