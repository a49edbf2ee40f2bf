import Foundation
import Testing

/// Golden files under `Tests/ParleyKitTests/Golden/`: compared byte for byte, re-recorded with
/// `RECORD_GOLDEN=1 swift test` and reviewed as diffs.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    /// Checks `actual` against the golden file `name`, or records it when recording.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8),
                                    "golden file \(name) is missing; run RECORD_GOLDEN=1 swift test",
                                    sourceLocation: sourceLocation)
        if expected != actual {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
            let line = first?.offset ?? min(expectedLines.count, actualLines.count)
            Issue.record("""
                \(name) differs from its golden file at line \(line + 1):
                expected: \(line < expectedLines.count ? String(expectedLines[line]) : "<end>")
                actual:   \(line < actualLines.count ? String(actualLines[line]) : "<end>")
                (re-record with RECORD_GOLDEN=1 swift test and review the diff)
                """, sourceLocation: sourceLocation)
        }
    }
}
