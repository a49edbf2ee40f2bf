import Foundation
import ParleyKit
import Testing

/// The malformed corpus's other formats (`Malformed/FORMAT/`, made by scripts/make-malformed-corpus):
/// small real GENIUS, GeniusWeb, NegMAS and LLM-Deliberation folders and KTAB, gmcr-py and DEU III
/// files, each broken one way. Each is read as its command reads it (`validate` for the folders,
/// `forecast`, `stability`, `backtest` for the files) and must be refused with exactly its expected
/// diagnostics (`NAME.expected`: `severity FILE line:column message | help`, paths relative to the
/// format's folder).
@Suite struct MalformedFormatsTests {
    static let root = MalformedCorpusTests.folder

    /// The formats and how their command reads a case.
    static let readers: [(format: String, read: @Sendable (String) throws -> Void)] = [
        ("genius", { _ = try LoadedScenario.load($0) }),
        ("geniusweb", { _ = try LoadedScenario.load($0) }),
        ("negmas", { _ = try LoadedScenario.load($0) }),
        ("llm-deliberation", { _ = try LoadedScenario.load($0) }),
        ("ktab", { _ = try ForecastInput.load($0) }),
        ("gmcr", { _ = try Stability()($0) }),
        ("deu", { _ = try BacktestRun()($0, models: ForecastModel.allCases) }),
    ]

    static func cases(_ format: String) -> [String] {
        let folder = root.appendingPathComponent(format).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasSuffix(".expected") }.sorted()
    }

    @Test func everyFormatHasCases() {
        let counts = Self.readers.map { Self.cases($0.format).count }
        #expect(counts.allSatisfy { $0 >= 3 }, "\(counts)")
        #expect(counts.reduce(0, +) >= 60)
    }

    @Test(arguments: readers.map(\.format))
    func everyCaseIsRefusedWithItsExpectedDiagnostics(format: String) throws {
        let read = try #require(Self.readers.first { $0.format == format }).read
        let folder = Self.root.appendingPathComponent(format).path
        var mismatches: [String] = []
        for name in Self.cases(format) {
            let path = (folder as NSString).appendingPathComponent(name)
            let stem = (name as NSString).deletingPathExtension
            let expected = try String(contentsOfFile: (folder as NSString).appendingPathComponent("\(stem).expected"), encoding: .utf8)
            let diagnostics: [Diagnostic]
            do {
                try read(path)
                mismatches.append("\(name): read without an error")
                continue
            } catch let error as DiagnosticError {
                diagnostics = error.diagnostics
            } catch {
                mismatches.append("\(name): \(error) is not a diagnostic")
                continue
            }
            let prefix = folder + "/"
            func relative(_ text: String) -> String { text.replacingOccurrences(of: prefix, with: "") }
            let lines = diagnostics.map { d in
                "\(d.severity.rawValue) \(relative(d.location?.file ?? "-")) \(d.location?.line ?? 0):\(d.location?.column ?? 0) "
                    + relative(d.message) + (d.help.map { " | \(relative($0))" } ?? "")
            }.joined(separator: "\n") + "\n"
            #expect(diagnostics.contains { $0.severity == .error }, "\(name)")
            if lines != expected { mismatches.append("\(name):\n  expected: \(expected)  found:    \(lines)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) cases differ (scripts/make-malformed-corpus re-records them after a deliberate change):\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }
}
