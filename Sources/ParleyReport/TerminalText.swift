import Foundation

/// Text reports as a terminal shows them: prose lines wrapped to the terminal's width (tables are
/// already fitted by ``TextTable``), and, when colour is on, verdicts and diagnostics in colour.
///
/// The command line applies this only when standard output (or standard error, for diagnostics)
/// is a terminal, and colour only when `NO_COLOR` is unset or empty and `TERM` is not `dumb`
/// (https://no-color.org); files and pipes get the plain text.
public enum TerminalText {
    public enum Colour: String, Sendable {
        case red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", bold = "1", boldRed = "1;31", boldYellow = "1;33"
    }

    static func paint(_ text: some StringProtocol, _ colour: Colour) -> String {
        "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m"
    }

    /// Whether the environment allows colour (`NO_COLOR` unset or empty, `TERM` not `dumb`).
    public static func colourAllowed(environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// A report's text: lines longer than `width` wrapped at spaces with a hanging indent (a line
    /// starting "  - " continues under its text), and verdict words coloured when `colour` is on.
    public static func styled(_ text: String, width: Int?, colour: Bool) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrap(String(line), width: width)
        }
        guard colour else { return lines.joined(separator: "\n") }
        return lines.map(colourVerdicts).joined(separator: "\n")
    }

    /// A line cut at spaces into lines of at most `width` characters (a word longer than the
    /// width stays whole); continuation lines are indented under the text.
    static func wrap(_ line: String, width: Int?) -> [String] {
        guard let width, line.count > width else { return [line] }
        let leading = line.prefix { $0 == " " }.count
        let bullet = line.dropFirst(leading).hasPrefix("- ") ? 2 : 0
        let hanging = String(repeating: " ", count: min(leading + bullet + 2, width / 2))
        var result: [String] = []
        var current = String(line.prefix(leading))
        var currentHasWord = false
        for word in line.dropFirst(leading).split(separator: " ", omittingEmptySubsequences: false) {
            let separator = currentHasWord ? " " : ""
            if currentHasWord, current.count + separator.count + word.count > width {
                result.append(current)
                current = hanging + word
            } else {
                current += separator + word
            }
            currentHasWord = true
        }
        result.append(current)
        return result
    }

    static func colourVerdicts(_ line: String) -> String {
        var line = line
        for (word, colour) in [("accepts", Colour.green), ("rejects", Colour.red), ("accepted by every party", Colour.green),
                               ("rejected by", Colour.red), ("Accepted by", Colour.green), ("Rejected by", Colour.red), ("walked away", Colour.red), ("Agreement", Colour.green),
                               ("No agreement", Colour.red)] {
            line = replacingWholeWords(word, in: line) { paint($0, colour) }
        }
        return line
    }

    /// Rendered diagnostics with `error`, `warning`, `help`, the location arrow and the caret
    /// coloured.
    public static func styledDiagnostics(_ text: String, colour: Bool) -> String {
        guard colour else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("error") { return paint("error", .boldRed) + line.dropFirst(5) }
            if line.hasPrefix("warning") { return paint("warning", .boldYellow) + line.dropFirst(7) }
            let trimmed = line.drop { $0 == " " }
            let indent = line.prefix(line.count - trimmed.count)
            if trimmed.hasPrefix("-->") { return indent + paint("-->", .blue) + trimmed.dropFirst(3) }
            if trimmed.hasPrefix("= help:") { return indent + paint("= help:", .cyan) + trimmed.dropFirst(7) }
            if let bar = line.firstIndex(of: "|"), line[line.index(after: bar)...].trimmingCharacters(in: " ^").isEmpty,
               line.contains("^") {
                return String(line[...bar]) + paint(line[line.index(after: bar)...], .red)
            }
            return String(line)
        }.joined(separator: "\n")
    }

    /// `text` with every occurrence of `word` that stands alone (not inside a longer word)
    /// replaced by `transform(word)`.
    static func replacingWholeWords(_ word: String, in text: String, _ transform: (String) -> String) -> String {
        var result = "", rest = Substring(text)
        while let range = rest.range(of: word) {
            let before = range.lowerBound == rest.startIndex ? (result.last ?? " ") : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? " " : rest[range.upperBound]
            result += rest[..<range.lowerBound]
            result += before.isLetter || after.isLetter ? word : transform(word)
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
