
/// A table of text aligned in columns, for terminal output.
///
/// When a width is known (``TextTable/width``, set by the command line from the terminal), a
/// table wider than it narrows its widest left-aligned columns (no narrower than their longest word,
/// up to 30 characters, or 12) and wraps their cells over several lines, at spaces where it can.
///
/// ```swift
/// var table = TextTable(columns: [.init("party"), .init("utility", alignment: .right)])
/// table.append(["Russia", "0.31"])
/// print(table.rendered(indent: 2))
/// ```
public struct TextTable: Hashable, Sendable {
    public struct Column: Hashable, Sendable {
        public enum Alignment: Hashable, Sendable { case left, right }
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The width tables fit into: the terminal's, when output goes to one; nil (never wrap) otherwise.
    /// A task-local value, scoped to the call that sets it (`TextTable.$width.withValue(80) { ... }`):
    /// no process-wide state.
    @TaskLocal public static var width: Int?

    /// The table with a header line, columns separated by two spaces, trailing spaces trimmed.
    public func rendered(indent: Int = 0) -> String {
        rendered(indent: indent, width: Self.width)
    }

    /// The table fitted into `width` characters (nil: as wide as its cells).
    public func rendered(indent: Int, width: Int?) -> String {
        var widths = columns.indices.map { c in
            ([columns[c].title] + rows.map { $0[c] }).map(\.count).max() ?? 0
        }
        if let width {
            // A column narrows no further than its longest word (up to 30 characters) or 12.
            let floors = columns.indices.map { c in
                max(12, min(30, ([columns[c].title] + rows.map { $0[c] })
                    .flatMap { $0.split(separator: " ") }.map(\.count).max() ?? 0))
            }
            var excess = indent + widths.reduce(0, +) + 2 * max(0, columns.count - 1) - width
            while excess > 0 {
                guard let c = columns.indices.filter({ columns[$0].alignment == .left && widths[$0] > floors[$0] })
                    .max(by: { widths[$0] < widths[$1] }) else { break }
                let cut = min(excess, widths[c] - floors[c])
                widths[c] -= cut
                excess -= cut
            }
        }
        let margin = String(repeating: " ", count: indent)
        func lines(_ cells: [String]) -> [String] {
            let wrapped = cells.enumerated().map { c, cell in Self.wrap(cell, to: widths[c]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { k in
                let padded = wrapped.enumerated().map { c, parts in
                    let cell = k < parts.count ? parts[k] : ""
                    let fill = String(repeating: " ", count: max(0, widths[c] - cell.count))
                    return columns[c].alignment == .left ? cell + fill : fill + cell
                }
                var text = margin + padded.joined(separator: "  ")
                while text.hasSuffix(" ") { text.removeLast() }
                return text
            }
        }
        return ([lines(columns.map(\.title))] + rows.map(lines)).flatMap { $0 }.joined(separator: "\n")
    }

    /// `text` in lines of at most `width` characters, broken at spaces, words longer than a line split.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            if !current.isEmpty && current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current); current = "" }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            current = word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
