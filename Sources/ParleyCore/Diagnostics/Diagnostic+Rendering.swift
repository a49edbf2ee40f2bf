extension Diagnostic {
    /// Renders the diagnostic the way compilers do: the message, the location, the source line and
    /// a caret under the column.
    ///
    /// ```
    /// error: weights of party 'RU' sum to 1.2; they must sum to 1
    ///  --> ukraine-2024-11.yaml:14:5
    ///    |
    /// 14 |     weights: {nato: 0.7, troops: 0.5}
    ///    |     ^
    ///    = help: scale the weights so that they add up to 1
    /// ```
    /// - Parameter source: the text of the file the location points into, when available.
    public func rendered(source: String?) -> String {
        rendered(lines: source.map { SourceLines($0) })
    }

    /// Renders the diagnostic with its line taken from `lines` (indexed once per file). A line longer
    /// than ``SourceLines/window`` characters is shown as a window around the column.
    /// - Complexity: O(window) for the source line, whatever the file's size.
    public func rendered(lines: SourceLines?) -> String {
        var out = ["\(severity.rawValue): \(message)"]
        guard let location else {
            if let help { out.append("  = help: \(help)") }
            return out.joined(separator: "\n")
        }
        let excerpt = lines.flatMap { $0.excerpt(line: location.line, column: location.column) }
        let gutter = String(repeating: " ", count: excerpt == nil ? 1 : String(location.line).count)
        out.append("\(gutter)--> \(location)")
        if let excerpt {
            let prefix = excerpt.text.unicodeScalars.prefix(max(0, excerpt.caret - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            out.append("\(gutter) |")
            out.append("\(location.line) | \(excerpt.text)")
            out.append("\(gutter) | \(prefix)^")
        }
        if let help { out.append("\(gutter) = help: \(help)") }
        return out.joined(separator: "\n")
    }
}

/// A file's text with its line starts indexed once, so that rendering many diagnostics costs
/// O(file + diagnostics), not O(file × diagnostics).
public struct SourceLines: Sendable {
    /// The most characters of a line shown; longer lines are cut to a window around the column.
    public static let window = 120

    private let bytes: [UInt8]
    /// The byte offset where each line starts, and one past the end.
    private let starts: [Int]

    public init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
            } else if byte == UInt8(ascii: "\r") {
                // "\r\n" is one line end; a lone "\r" is one too.
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        self.starts = starts
    }

    /// The number of lines.
    public var count: Int { starts.count }

    /// Line `number` (1-based) without its line end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= starts.count else { return nil }
        let start = starts[number - 1]
        var end = number < starts.count ? starts[number] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Line `number`, or the part of it around `column` when it is long, with the caret's column in
    /// the excerpt.
    public func excerpt(line number: Int, column: Int) -> (text: String, caret: Int)? {
        guard let line = line(number) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > Self.window else { return (line, column) }
        let half = Self.window / 2
        let start = max(0, min(column - 1 - half, scalars.count - Self.window))
        let end = min(scalars.count, start + Self.window)
        var text = String(String.UnicodeScalarView(scalars[start..<end]))
        var caret = column - start
        if start > 0 { text = "…" + text; caret += 1 }
        if end < scalars.count { text += "…" }
        return (text, caret)
    }
}

extension DiagnosticError {
    /// How many diagnostics are rendered in full before the rest are summarised by kind.
    public static let renderedLimit = 100

    /// Every diagnostic rendered with its source line (up to ``renderedLimit``; the rest counted by
    /// kind), then a count, as a CLI prints them.
    /// - Complexity: O(size of the files + diagnostics).
    public func rendered() -> String {
        var indexed: [String: SourceLines] = [:]
        var blocks: [String] = []
        for diagnostic in diagnostics.prefix(Self.renderedLimit) {
            var lines: SourceLines?
            if let file = diagnostic.location?.file, let text = sources[file] {
                if indexed[file] == nil { indexed[file] = SourceLines(text) }
                lines = indexed[file]
            }
            blocks.append(diagnostic.rendered(lines: lines))
        }
        if diagnostics.count > Self.renderedLimit {
            // The rest, by kind: the message with its quoted names and numbers taken out.
            var kinds: [(kind: String, count: Int)] = []
            var positions: [String: Int] = [:]
            for diagnostic in diagnostics.dropFirst(Self.renderedLimit) {
                let kind = Self.kind(of: diagnostic)
                if let position = positions[kind] { kinds[position].count += 1 } else {
                    positions[kind] = kinds.count
                    kinds.append((kind, 1))
                }
            }
            let rest = diagnostics.count - Self.renderedLimit
            var lines = ["... and \(rest.grouped) more (--format json lists every one):"]
            for (kind, count) in kinds.sorted(by: { $0.count > $1.count }).prefix(10) {
                lines.append("  \(count.grouped) × \(kind)")
            }
            if kinds.count > 10 { lines.append("  and \((kinds.count - 10).grouped) other kinds") }
            blocks.append(lines.joined(separator: "\n"))
        }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count - errors
        var summary: [String] = []
        if errors > 0 { summary.append(errors.counted("error")) }
        if warnings > 0 { summary.append(warnings.counted("warning")) }
        if !summary.isEmpty { blocks.append(summary.joined(separator: ", ")) }
        return blocks.joined(separator: "\n\n")
    }

    /// A diagnostic's message with quoted parts and numbers replaced, so that "unknown option 'x'"
    /// and "unknown option 'y'" are one kind.
    static func kind(of diagnostic: Diagnostic) -> String {
        var out = ""
        var inQuote = false
        var lastWasNumber = false
        for character in diagnostic.message {
            if character == "'" {
                if !inQuote { out += "'…'" }
                inQuote.toggle()
                continue
            }
            if inQuote { continue }
            if character.isNumber {
                if !lastWasNumber { out += "N" }
                lastWasNumber = true
                continue
            }
            lastWasNumber = false
            out.append(character)
        }
        return "\(diagnostic.severity.rawValue): \(out)"
    }
}
