import Foundation

/// The JSON form of every report: pretty-printed, keys sorted, so that output is stable and diffs
/// read well.
public enum JSONRendering {
    /// `value` as JSON text (no trailing newline).
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
