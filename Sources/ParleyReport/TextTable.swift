/// A table of text aligned in columns, for terminal output.
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

    /// The table with a header line, columns separated by two spaces, trailing spaces trimmed.
    public func rendered(indent: Int = 0) -> String {
        let widths = columns.indices.map { c in
            ([columns[c].title] + rows.map { $0[c] }).map(\.count).max() ?? 0
        }
        let margin = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { c, cell in
                let fill = String(repeating: " ", count: widths[c] - cell.count)
                return columns[c].alignment == .left ? cell + fill : fill + cell
            }
            var text = margin + padded.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(columns.map(\.title))] + rows.map(line)).joined(separator: "\n")
    }
}
