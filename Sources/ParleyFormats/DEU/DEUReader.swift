import Foundation
import ParleyCore

/// Reads the DEU III dataset's format (Arregui & Perarnaud 2021, doi:10.34810/data53): one issue per
/// row, tab-separated with a header; `p<actor>` positions and `s<actor>` saliences on 0..100, `rp`
/// the reference point, `out` the outcome, `proc` the procedure. Blank cells, 999 and any value
/// outside 0..100 are missing. Actors are the columns named `p…` with a matching `s…`.
///
/// The decision date (for the Council's voting rules by period) is the final act's date (`finact`),
/// else the introduction date (`intro`) plus the file's median introduction-to-adoption lag, else
/// 1 July of the proposal number's year plus that lag. Dates are `dd-mm-yy` or `dd-mm-yyyy`; the
/// widely used tab-separated export garbled some `dd-mm-yy` into `yyyy-mm-dd` with `yyyy` = 19dd
/// or 20dd: for proposals before 2010 those are read back as `dd-mm-yy`, from 2010 on as ISO
/// dates. A final act earlier than the introduction is ignored.
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
        var dates: [(intro: Date?, final: Date?, proposal: String)] = []
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
            issues[issues.count - 1].votingRule = column("counvte").map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            let proposal = column("prnr").map { cells[$0] } ?? ""
            dates.append((column("intro").flatMap { Self.date(cells[$0], proposal: proposal) },
                          column("finact").flatMap { Self.date(cells[$0], proposal: proposal) }, proposal))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [file: text]) }
        let lags = dates.compactMap { intro, final, _ -> Int? in
            guard let intro, let final, final >= intro else { return nil }
            return Int((final.timeIntervalSince(intro) / 86_400).rounded())
        }.sorted()
        let lag = lags.isEmpty ? 0 : lags[lags.count / 2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for (k, (intro, final, proposal)) in dates.enumerated() {
            var decided: Date?
            if let final, intro.map({ final >= $0 }) ?? true { decided = final }
            else if let intro { decided = intro.addingTimeInterval(Double(lag) * 86_400) }
            else if let year = Self.proposalYear(proposal), let start = calendar.date(from: DateComponents(year: year, month: 7, day: 1)) {
                decided = start.addingTimeInterval(Double(lag) * 86_400)
            }
            if let decided {
                let parts = calendar.dateComponents([.year, .month, .day], from: decided)
                issues[k].decided = .init(year: parts.year!, month: parts.month!, day: parts.day!)
            }
        }
        return issues
    }
}

extension DEUReader {
    /// The year in a DEU proposal id (`d95341`: 1995).
    static func proposalYear(_ proposal: String) -> Int? {
        let digits = proposal.dropFirst().prefix(2)
        guard digits.count == 2, let yy = Int(digits) else { return nil }
        return yy >= 50 ? 1900 + yy : 2000 + yy
    }

    /// A DEU date (see the type's documentation for the repaired forms), or `nil`.
    static func date(_ text: String, proposal: String) -> Date? {
        let parts = text.split(separator: "-").map(String.init)
        // ASCII digits only, and short: `isNumber` also holds for other scripts' digits and
        // fractions, and a long run of digits overflows `Int` (both found by fuzzing).
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let first = Int(parts[0]), let second = Int(parts[1]), let third = Int(parts[2]) else { return nil }
        var day: Int, month: Int, year: Int
        if parts[0].count == 4 {
            if let proposalYear = proposalYear(proposal), proposalYear >= 2010 {
                (year, month, day) = (first, second, third)
            } else {
                (day, month, year) = (first % 100, second, third >= 50 ? 1900 + third : 2000 + third)
            }
        } else {
            guard parts[0].count <= 2 else { return nil }
            (day, month, year) = (first, second, third)
            if parts[2].count <= 2 { year = year >= 50 ? 1900 + year : 2000 + year }
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}

extension Substring {
    func trimmingQuotes() -> String {
        var text = String(self).trimmingWhitespace()
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        return text
    }
}
