/// A place in an input file: the file's path, a 1-based line and a 1-based column.
///
/// Every user error Parley reports points at one of these, so that the message can show the line
/// and a caret under the offending text.
///
/// ```swift
/// let here = SourceLocation(file: "ukraine.yaml", line: 14, column: 5)
/// print(here) // ukraine.yaml:14:5
/// ```
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The path of the file as the user gave it.
    public var file: String
    /// The line, starting from 1.
    public var line: Int
    /// The column, starting from 1, counted in Unicode scalars.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The start of `file`, for errors about a file as a whole.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }
}
