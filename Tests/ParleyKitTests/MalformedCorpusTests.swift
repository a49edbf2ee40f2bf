import Foundation
import ParleyKit
import Testing

/// The malformed corpus (`Malformed/`, made by scripts/make-malformed-corpus): the founding case
/// broken one way a file. Each is read as `parley validate` reads it and must be refused with
/// exactly its expected diagnostics, every one located (golden files `NAME.expected`:
/// `severity line:column message | help`, one a line).
@Suite struct MalformedCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Malformed")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theCorpusHoldsAtLeast150Files() {
        #expect(Self.files.count >= 150)
    }

    @Test func everyFileIsRefusedWithItsExpectedDiagnostics() throws {
        var mismatches: [String] = []
        for file in Self.files {
            let path = Self.folder.appendingPathComponent(file).path
            let expected = try String(contentsOfFile: path.replacingOccurrences(of: ".yaml", with: ".expected"), encoding: .utf8)
            let diagnostics: [Diagnostic]
            do {
                _ = try LoadedScenario.load(path)
                mismatches.append("\(file): read without an error")
                continue
            } catch {
                diagnostics = error.diagnostics
            }
            do {
                #expect(diagnostics.contains { $0.severity == .error }, "\(file)")
                #expect(diagnostics.allSatisfy { ($0.location?.line ?? 0) > 0 }, "\(file): a diagnostic without its line")
                let lines = diagnostics.map { d in
                    "\(d.severity.rawValue) \(d.location?.line ?? 0):\(d.location?.column ?? 0) \(d.message)" + (d.help.map { " | \($0)" } ?? "")
                }.joined(separator: "\n") + "\n"
                if lines != expected { mismatches.append("\(file):\n  expected: \(expected)  found:    \(lines)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) files differ (scripts/make-malformed-corpus re-records them after a deliberate change):\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }
}
