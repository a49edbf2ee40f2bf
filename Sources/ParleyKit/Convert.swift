import ParleyCore
import ParleyFormats

/// The `convert` use case: read a scenario in one format, write it in another, and say what the
/// target format could not hold.
public struct Convert: Sendable {
    public init() {}

    /// Writes `loaded` to `path` in `format`; never over an existing file or the input unless `overwrite`.
    ///
    /// Parley's own format keeps every judgment (parties, issues, options, values, weights,
    /// saliences, ideals, ranges, reservation values, red lines, proposals, sources with quotes,
    /// notes and confidence, the conflict section, leverage); it does not keep the input's comments
    /// or layout, which are listed among what is dropped.
    /// - Throws: ``DiagnosticError`` when the output exists or cannot be written.
    public func callAsFunction(_ loaded: LoadedScenario, to path: String, format: ScenarioFormat, overwrite: Bool = false)
        throws(DiagnosticError) -> ScenarioWriter.Result {
        var result = try ScenarioWriter.write(loaded.scenario, to: path, format: format, overwrite: overwrite, inputs: [loaded.file])
        if loaded.format == .parley {
            let comments = Self.comments(in: loaded.text)
            if comments.lines > 0 {
                let assumptions = comments.assumptions > 0 ? ", among them \(comments.assumptions) '# assumption:' note\(comments.assumptions == 1 ? "" : "s")" : ""
                result.dropped.insert("comments (\(comments.lines) line\(comments.lines == 1 ? "" : "s")\(assumptions)); copy them from the input by hand", at: 0)
            }
        }
        return result
    }

    /// The lines of YAML `text` that hold a comment (alone or after a value), and how many are
    /// `# assumption:` notes. A `#` inside quotes is not a comment.
    package static func comments(in text: String) -> (lines: Int, assumptions: Int) {
        var lines = 0, assumptions = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var quote: Character?
            var previous: Character = " "
            for (offset, character) in line.enumerated() {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#", previous == " " || previous == "\t" || offset == 0 {
                    lines += 1
                    if String(line.dropFirst(offset + 1)).trimmingWhitespace().lowercased().hasPrefix("assumption") { assumptions += 1 }
                    break
                }
                previous = character
            }
        }
        return (lines, assumptions)
    }
}
