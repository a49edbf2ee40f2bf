import ParleyCore

/// Reads the DEU III dataset's format (Arregui & Perarnaud 2021, doi:10.34810/data53): one issue per
/// row, tab-separated with a header; `p<actor>` positions and `s<actor>` saliences on 0..100, `rp`
/// the reference point, `out` the outcome, `proc` the procedure. Blank cells, 999 and any value
/// outside 0..100 are missing. Actors are the columns named `p…` with a matching `s…`.
public enum DEUReader {
    public static func read(contentsOf path: String) throws(DiagnosticError) -> [SpatialIssue] {
        let text = try ScenarioReader.readText(at: path)
        return try read(text, file: path)
    }

    public static func read(_ text: String, file: String) throws(DiagnosticError) -> [SpatialIssue] {
        // Lines end in \n, \r\n (one Character in Swift) or \r.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw DiagnosticError([Diagnostic(.error, "\(file) is empty", at: .start(of: file), help: "give a DEU III table with a header row")])
        }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingQuotes() }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let outcomeColumn = column("out") else {
            throw DiagnosticError([Diagnostic(.error, "\(file) has no 'out' column", at: SourceLocation(file: file, line: 1, column: 1),
                                              help: "a DEU table has p<actor>, s<actor>, rp and out columns, tab-separated")],
                                  sources: [file: text])
        }
        let actors = header.compactMap { name -> String? in
            guard name.hasPrefix("p"), name.count > 1, name != "prnr", name != "prname", name != "prnrnmc", name != "proc", name != "proccde",
                  column("s" + name.dropFirst()) != nil else { return nil }
            return String(name.dropFirst())
        }
        guard !actors.isEmpty else {
            throw DiagnosticError([Diagnostic(.error, "\(file) has no actor columns (p<actor> with s<actor>)", at: SourceLocation(file: file, line: 1, column: 1))],
                                  sources: [file: text])
        }
        let positionColumns = actors.map { column("p" + $0)! }, salienceColumns = actors.map { column("s" + $0)! }
        var issues: [SpatialIssue] = []
        var problems: [Diagnostic] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingQuotes() }
            guard cells.count == header.count else {
                problems.append(Diagnostic(.error, "row \(offset + 1) has \(cells.count) cells; the header has \(header.count)",
                                           at: SourceLocation(file: file, line: offset + 1, column: 1), help: "separate cells with tabs"))
                continue
            }
            func value(_ index: Int?) -> Double? {
                guard let index, let number = Double(cells[index]), (0...100).contains(number) else { return nil }
                return number
            }
            issues.append(SpatialIssue(
                id: column("isnr").map { cells[$0] } ?? "row \(offset + 1)", actors: actors,
                positions: positionColumns.map(value), saliences: salienceColumns.map(value),
                capabilities: actors.map { _ in nil }, referencePoint: value(column("rp")), outcome: value(outcomeColumn),
                procedure: column("proc").map { cells[$0] }))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [file: text]) }
        return issues
    }
}

extension Substring {
    func trimmingQuotes() -> String {
        var text = String(self).trimmingWhitespace()
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        return text
    }
}
