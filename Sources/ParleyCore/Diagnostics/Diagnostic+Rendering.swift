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
        var lines = ["\(severity.rawValue): \(message)"]
        guard let location else {
            if let help { lines.append("  = help: \(help)") }
            return lines.joined(separator: "\n")
        }
        let sourceLine = source.flatMap { Self.line(location.line, of: $0) }
        let gutter = String(repeating: " ", count: sourceLine == nil ? 1 : String(location.line).count)
        lines.append("\(gutter)--> \(location)")
        if let sourceLine {
            let prefix = sourceLine.unicodeScalars.prefix(max(0, location.column - 1))
                .map { $0 == "\t" ? "\t" : " " }.joined()
            lines.append("\(gutter) |")
            lines.append("\(location.line) | \(sourceLine)")
            lines.append("\(gutter) | \(prefix)^")
        }
        if let help { lines.append("\(gutter) = help: \(help)") }
        return lines.joined(separator: "\n")
    }

    private static func line(_ number: Int, of text: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        // "\r\n" is one Character in Swift, so split on every kind of line end.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if current == number {
                return String(line)
            }
            current += 1
        }
        return nil
    }
}

extension DiagnosticError {
    /// Every diagnostic rendered with its source line, then a count, as a CLI prints them.
    public func rendered() -> String {
        var blocks = diagnostics.map { diagnostic in
            diagnostic.rendered(source: diagnostic.location.flatMap { sources[$0.file] })
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var summary: [String] = []
        if errors > 0 { summary.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { summary.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if !summary.isEmpty { blocks.append(summary.joined(separator: ", ")) }
        return blocks.joined(separator: "\n\n")
    }
}
