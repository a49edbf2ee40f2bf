import ParleyReport
import Testing

@Suite struct TextTableTests {
    static func table() -> TextTable {
        var table = TextTable(columns: [.init("party"), .init("utility", alignment: .right), .init("reasons")])
        table.append(["Russia", "0.35", "breaches its red line on NATO membership and on foreign troops in Ukraine"])
        table.append(["United States", "0.75", "-"])
        return table
    }

    @Test func withoutAWidthRowsStayOnOneLine() {
        let text = Self.table().rendered(indent: 2, width: nil)
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.contains("breaches its red line on NATO membership and on foreign troops in Ukraine"))
    }

    @Test func aNarrowTerminalWrapsTheWidestTextColumnAtSpaces() {
        let text = Self.table().rendered(indent: 2, width: 50)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count <= 50 }, "\(lines)")
        // Every word survives, in order.
        let words = lines.flatMap { $0.split(separator: " ").map(String.init) }
        #expect(words.joined(separator: " ").contains("foreign troops in Ukraine"))
        // The right-aligned number stays on the row's first line.
        #expect(lines[1].contains("0.35"))
    }

    @Test func aWordLongerThanTheColumnIsSplit() {
        var table = TextTable(columns: [.init("id"), .init("note")])
        table.append(["a", String(repeating: "x", count: 40)])
        let lines = table.rendered(indent: 0, width: 20).split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines.dropFirst().map { $0.filter { $0 == "x" }.count }.reduce(0, +) == 40)
    }
}
