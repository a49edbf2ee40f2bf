/// A problem found in user input, with where it is and how to fix it.
///
/// Validation collects every diagnostic of a file and reports them together; nothing stops at the
/// first one.
///
/// ```swift
/// let problem = Diagnostic(
///     .error, "weights of party 'RU' sum to 1.2; they must sum to 1",
///     at: SourceLocation(file: "ukraine.yaml", line: 14, column: 5),
///     help: "scale the weights so that they add up to 1")
/// ```
public struct Diagnostic: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The input cannot be used.
        case error
        /// The input can be used, but probably says something the author did not mean.
        case warning
    }

    public var severity: Severity
    /// One sentence saying what is wrong, naming the thing by its id.
    public var message: String
    /// Where the problem is; `nil` only for problems outside any file.
    public var location: SourceLocation?
    /// How to fix it.
    public var help: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, help: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.help = help
    }

    public var description: String {
        var text = "\(severity.rawValue): \(message)"
        if let location { text += " (\(location))" }
        return text
    }
}

/// One or more diagnostics, thrown when input cannot be turned into a scenario.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in the order of the input.
    public var diagnostics: [Diagnostic]
    /// The text of the files involved, by path, so the diagnostics can be rendered with their lines.
    public var sources: [String: String]

    public init(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
