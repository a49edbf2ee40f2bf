import Foundation
import ParleyCore

/// Reads the comma-separated tables of the spatial models:
///
/// - KTAB's SMP CSV (`examples/smp/doc` of KAPSARC's KTAB): a first line `name, description,
///   actors, dimensions,`, a header `Actor,Description,Power,<Dim> Position,<Dim> Salience,…`, then
///   one row per actor: name, description, capability, then a position and a salience per dimension
///   (0..100 each);
/// - the expected-utility replications' table: a header naming `Actor`, `Capability`, `Position`,
///   `Salience` in any order (Bueno de Mesquita 1994 as printed in Scholz et al. 2011, Table 1), one
///   row per actor. Positions may be on any scale (years, for the car-emissions case); saliences on
///   0..100, or all on 0..1 (read as fractions and scaled).
///
/// Any number may be a range written `low..high` (a Monte Carlo forecast samples it). Every problem
/// of a file is reported at once, each with its line and column.
public enum SpatialTableReader {
    public static func read(contentsOf path: String) throws(DiagnosticError) -> SpatialScenario {
        let text = try ScenarioReader.readText(at: path)
        return try read(text, file: path)
    }

    /// Whether `text` looks like one of the two tables (used by format detection).
    public static func recognises(_ text: String) -> Bool {
        let lines = CSVLine.lines(text)
        guard lines.count >= 2 else { return false }
        let first = lines[0].cells.map { $0.text.lowercased() }
        if Set(["actor", "capability", "position", "salience"]).isSubset(of: first) { return true }
        return lines[1].cells.first?.text.lowercased() == "actor" && lines[0].cells.count >= 4
    }

    public static func read(_ text: String, file: String) throws(DiagnosticError) -> SpatialScenario {
        let lines = CSVLine.lines(text)
        guard let first = lines.first else {
            throw DiagnosticError([Diagnostic(.error, "\(file) is empty", at: .start(of: file),
                                              help: "give a KTAB CSV or an Actor,Capability,Position,Salience table")])
        }
        let header = first.cells.map { $0.text.lowercased() }
        if Set(["actor", "capability", "position", "salience"]).isSubset(of: header) {
            return try readActorTable(lines, file: file, text: text)
        }
        return try readKTAB(lines, file: file, text: text)
    }

    private static func readActorTable(_ lines: [CSVLine], file: String, text: String) throws(DiagnosticError) -> SpatialScenario {
        let header = lines[0].cells.map { $0.text.lowercased() }
        let actor = header.firstIndex(of: "actor")!, capability = header.firstIndex(of: "capability")!
        let position = header.firstIndex(of: "position")!, salience = header.firstIndex(of: "salience")!
        var problems: [Diagnostic] = []
        var names: [String] = [], capabilities: [Estimate] = [], positions: [[Estimate?]] = [], saliences: [[Estimate?]] = []
        for line in lines.dropFirst() {
            guard line.cells.count >= header.count else {
                problems.append(Diagnostic(.error, "row has \(line.cells.count) cells; the header has \(header.count)",
                                           at: SourceLocation(file: file, line: line.number, column: 1),
                                           help: "give Actor, Capability, Position and Salience on every row"))
                continue
            }
            let name = line.cells[actor].text
            if name.isEmpty {
                problems.append(Diagnostic(.error, "an actor needs a name", at: line.location(actor, file: file)))
            } else if names.contains(name) {
                problems.append(Diagnostic(.error, "actor '\(name)' appears twice", at: line.location(actor, file: file),
                                           help: "give each actor one row"))
            }
            names.append(name)
            capabilities.append(number(line, capability, file: file, range: 0...Double.greatestFiniteMagnitude, what: "a capability", into: &problems) ?? Estimate(1))
            positions.append([number(line, position, file: file, range: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, what: "a position", into: &problems)])
            saliences.append([number(line, salience, file: file, range: 0...100, what: "a salience (0..100, or 0..1 for every actor)", into: &problems)])
        }
        if names.isEmpty {
            problems.append(Diagnostic(.error, "\(file) has no actors", at: SourceLocation(file: file, line: 1, column: 1),
                                       help: "add one row per actor below the header"))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [file: text]) }
        // Saliences all within 0..1: fractions (the replications' other convention).
        if saliences.allSatisfy({ ($0[0]?.high ?? 0) <= 1 }) {
            saliences = saliences.map { [$0[0]?.map { $0 * 100 }] }
        }
        let name = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file
        return SpatialScenario(name: name, actors: names, capabilities: capabilities, dimensions: ["position"],
                               positions: positions, saliences: saliences)
    }

    private static func readKTAB(_ lines: [CSVLine], file: String, text: String) throws(DiagnosticError) -> SpatialScenario {
        var problems: [Diagnostic] = []
        let first = lines[0]
        func fail(_ message: String, _ location: SourceLocation, help: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(.error, message, at: location, help: help)], sources: [file: text])
        }
        let formatHelp = "a KTAB CSV starts with `name, description, actors, dimensions,` and a header `Actor,Description,Power,<dim>,<salience>,…`; "
            + "an expected-utility table has the header `Actor,Capability,Position,Salience`"
        guard first.cells.count >= 4, let declaredActors = Int(first.cells[2].text), let declaredDimensions = Int(first.cells[3].text) else {
            throw fail("the first line is neither a KTAB scenario line nor an Actor,Capability,Position,Salience header",
                       SourceLocation(file: file, line: first.number, column: 1), help: formatHelp)
        }
        guard lines.count >= 2, lines[1].cells.first?.text.lowercased() == "actor" else {
            throw fail("line 2 should be the header `Actor,Description,Power,…`",
                       SourceLocation(file: file, line: lines.count >= 2 ? lines[1].number : first.number, column: 1), help: formatHelp)
        }
        let header = lines[1]
        guard declaredDimensions >= 1, declaredActors >= 1 else {
            throw fail("a KTAB scenario needs at least one actor and one dimension", first.location(declaredDimensions < 1 ? 3 : 2, file: file),
                       help: "state the number of actors and of dimensions on the first line")
        }
        // The declared count sizes the reading: it must fit the file (a count of 10^9 would
        // allocate as much; one near Int.max would overflow the column count).
        let room = lines.dropFirst().map { max(0, $0.cells.count - 3 + 1) / 2 }.max() ?? 0
        guard declaredDimensions <= room else {
            throw fail("the first line declares \(declaredDimensions) dimensions; no row of the file has cells for more than \(room)",
                       first.location(3, file: file), help: "correct the count, or give each dimension a position and a salience column")
        }
        let columns = 3 + 2 * declaredDimensions
        var dimensions: [String] = []
        for d in 0..<declaredDimensions {
            let cell = 3 + 2 * d
            var name = cell < header.cells.count ? header.cells[cell].text : "dim\(d)"
            for suffix in [" Position", " position", " Pos", " pos"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
            dimensions.append(name.isEmpty ? "dim\(d)" : name)
        }
        var names: [String] = [], capabilities: [Estimate] = [], positions: [[Estimate?]] = [], saliences: [[Estimate?]] = []
        for line in lines.dropFirst(2) {
            guard line.cells.count >= columns else {
                problems.append(Diagnostic(.error, "row has \(line.cells.count) cells; \(declaredDimensions) dimensions need \(columns)",
                                           at: SourceLocation(file: file, line: line.number, column: 1),
                                           help: "give name, description, capability, then a position and a salience per dimension"))
                continue
            }
            let name = line.cells[0].text
            if names.contains(name) {
                problems.append(Diagnostic(.error, "actor '\(name)' appears twice", at: line.location(0, file: file), help: "give each actor one row"))
            }
            names.append(name)
            capabilities.append(number(line, 2, file: file, range: 0...1e8, what: "a capability (0..1e8)", into: &problems) ?? Estimate(1))
            positions.append((0..<declaredDimensions).map { number(line, 3 + 2 * $0, file: file, range: 0...100, what: "a position (0..100)", into: &problems) })
            let row = (0..<declaredDimensions).map { number(line, 4 + 2 * $0, file: file, range: 0...100, what: "a salience (0..100)", into: &problems) }
            let total = row.reduce(0.0) { $0 + ($1?.value ?? 0) }
            if total > 100 + 1e-9 {
                problems.append(Diagnostic(.error, "actor '\(name)': its saliences add up to \(total.formatted(decimals: 2)), more than 100",
                                           at: line.location(4, file: file), help: "KTAB saliences are shares of attention: scale them to add up to at most 100"))
            }
            saliences.append(row)
        }
        if names.count != declaredActors, problems.isEmpty {
            problems.append(Diagnostic(.error, "the first line declares \(declaredActors) actors; the file has \(names.count)",
                                       at: first.location(2, file: file), help: "correct the count or the rows"))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [file: text]) }
        return SpatialScenario(name: first.cells[0].text, actors: names, capabilities: capabilities, dimensions: dimensions,
                               positions: positions, saliences: saliences)
    }

    /// The number (or `low..high` range) in cell `index`, or a diagnostic.
    static func number(_ line: CSVLine, _ index: Int, file: String, range: ClosedRange<Double>, what: String,
                       into problems: inout [Diagnostic]) -> Estimate? {
        let text = line.cells[index].text
        let parts = text.components(separatedBy: "..")
        let values = parts.map { Double($0.trimmingWhitespace()) }
        guard (parts.count == 1 || parts.count == 2), values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            problems.append(Diagnostic(.error, text.isEmpty ? "expected \(what); the cell is empty" : "expected \(what), found '\(text)'",
                                       at: line.location(index, file: file), help: "write a number, or a range low..high"))
            return nil
        }
        let low = values[0]!, high = values.last!!
        guard low <= high else {
            problems.append(Diagnostic(.error, "the range \(text) runs backwards", at: line.location(index, file: file), help: "write low..high"))
            return nil
        }
        guard range.contains(low), range.contains(high) else {
            problems.append(Diagnostic(.error, "expected \(what); \(text) is out of range", at: line.location(index, file: file)))
            return nil
        }
        return Estimate(low: low, high: high)
    }
}

/// One line of a comma-separated file, its cells with the columns where they start.
struct CSVLine {
    struct Cell { var text: String; var column: Int }
    var number: Int
    var cells: [Cell]

    func location(_ index: Int, file: String) -> SourceLocation {
        SourceLocation(file: file, line: number, column: index < cells.count ? cells[index].column : 1)
    }

    /// The non-blank lines of `text`, cells trimmed and unquoted (a quoted cell may hold commas).
    static func lines(_ text: String) -> [CSVLine] {
        var result: [CSVLine] = []
        let rows = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (offset, row) in rows.enumerated() {
            var cells: [Cell] = [], current = "", start = 1, column = 1, quoted = false
            for character in row {
                if character == "\u{FEFF}" { column += 1; start = column; continue }
                if character == "\"" { quoted.toggle() }
                else if character == ",", !quoted {
                    cells.append(Cell(text: current, column: start)); current = ""; start = column + 1
                } else { current.append(character) }
                column += 1
            }
            cells.append(Cell(text: current, column: start))
            cells = cells.map { cell in
                let leading = cell.text.prefix { $0 == " " || $0 == "\t" }.count
                return Cell(text: cell.text.trimmingWhitespace(), column: cell.column + leading)
            }
            // A trailing comma leaves one empty cell: not a value.
            while cells.count > 1, cells.last?.text.isEmpty == true { cells.removeLast() }
            if cells.count == 1, cells[0].text.isEmpty { continue }
            result.append(CSVLine(number: offset + 1, cells: cells))
        }
        return result
    }
}

/// A CSV of `actor,capability` rows (a header row is optional): capabilities supplied for a
/// backtest.
public enum CapabilityTable {
    public static func read(contentsOf path: String) throws(DiagnosticError) -> [String: Double] {
        try read(try ScenarioReader.readText(at: path), file: path)
    }

    /// The capabilities in `text`, problems reported against `file`.
    public static func read(_ text: String, file path: String) throws(DiagnosticError) -> [String: Double] {
        var table: [String: Double] = [:], problems: [Diagnostic] = []
        for (k, line) in CSVLine.lines(text).enumerated() {
            guard line.cells.count >= 2 else {
                problems.append(Diagnostic(.error, "expected actor,capability", at: line.location(0, file: path), help: "write one actor and its capability per line"))
                continue
            }
            guard let value = Double(line.cells[1].text), value.isFinite, value >= 0 else {
                if k == 0 { continue } // a header
                problems.append(Diagnostic(.error, "expected a capability (a number ≥ 0), found '\(line.cells[1].text)'",
                                           at: line.location(1, file: path)))
                continue
            }
            table[line.cells[0].text] = value
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [path: text]) }
        return table
    }
}
