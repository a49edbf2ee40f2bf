import ParleyCore
import Yams

/// Reads YAML (and JSON, which YAML contains) into a located ``DocumentNode``.
///
/// ```swift
/// let root = try YAMLDocumentReader.read("parley: 1\nid: x\n", file: "x.yaml")
/// ```
public enum YAMLDocumentReader {
    /// Parses `text`; syntax errors become a diagnostic at the line and column libyaml reports.
    /// - Throws: ``DiagnosticError`` for a syntax error or an empty document.
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> DocumentNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticError([diagnostic(for: error, file: file, text: text)], sources: [file: text])
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot read \(file) as YAML: \(error)", at: .start(of: file))],
                                  sources: [file: text])
        }
        guard let node, !node.isEmptyDocument else {
            throw DiagnosticError([Diagnostic(.error, "\(file) is empty", at: .start(of: file),
                                              help: "write a scenario; see docs/scenario-format.md")], sources: [file: text])
        }
        // Aliases are expanded by the composer, so a few lines can stand for billions of nodes (an
        // "alias bomb"): the walk stops at a budget proportional to the text, and at a nesting limit.
        var budget = Budget(nodes: maxNodes + text.utf8.count)
        guard let document = convert(node, file: file, depth: 0, &budget) else {
            let message = budget.tooDeep
                ? "\(file) nests deeper than \(maxDepth) levels"
                : "\(file) expands to more than \(budget.limit.grouped) values: its aliases (*name) repeat too much"
            throw DiagnosticError([Diagnostic(.error, message, at: budget.location ?? .start(of: file),
                                              help: budget.tooDeep ? "a scenario needs a handful of levels; flatten the structure"
                                                  : "write the repeated values out, or use fewer nested aliases")],
                                  sources: [file: text])
        }
        return document
    }

    /// The most nested levels read.
    public static let maxDepth = 256
    /// The values read beyond one per byte of the text (what aliases may add).
    public static let maxNodes = 1_000_000

    struct Budget {
        var nodes: Int
        let limit: Int
        var tooDeep = false
        var location: SourceLocation?
        init(nodes: Int) {
            self.nodes = nodes
            limit = nodes
        }
    }

    private static func convert(_ node: Node, file: String, depth: Int, _ budget: inout Budget) -> DocumentNode? {
        let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? .start(of: file)
        budget.nodes -= 1
        guard budget.nodes >= 0 else { budget.location = budget.location ?? location; return nil }
        guard depth < maxDepth else {
            budget.tooDeep = true
            budget.location = budget.location ?? location
            return nil
        }
        switch node {
        case .scalar(let scalar):
            return DocumentNode(.scalar(scalar.string, isPlain: scalar.style == .plain), at: location)
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let converted = convert(item, file: file, depth: depth + 1, &budget) else { return nil }
                items.append(converted)
            }
            return DocumentNode(.sequence(items), at: location)
        case .mapping(let mapping):
            var entries: [DocumentNode.Entry] = []
            for pair in mapping {
                let keyLocation = pair.key.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? location
                guard let value = convert(pair.value, file: file, depth: depth + 1, &budget) else { return nil }
                entries.append(DocumentNode.Entry(key: DocumentNode.Key(pair.key.string ?? "\(pair.key)", at: keyLocation), value: value))
            }
            return DocumentNode(.mapping(entries), at: location)
        case .alias(let alias):
            return DocumentNode(.scalar("*\(alias.anchor)", isPlain: false), at: location)
        }
    }

    /// Yams rejects repeated keys before the document can be walked; the repeat is found in the
    /// text: the second line from the mapping's start that begins with the key at the same column.
    static func duplicateKeyDiagnostic(_ keys: [String], context: YamlError.Context, file: String,
                                       text: String) -> Diagnostic {
        let key = keys.first ?? ""
        var location = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
        var firstColumn: Int?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (offset, line) in lines.enumerated().dropFirst(max(0, context.mark.line - 1)) {
            let scalars = Array(line.unicodeScalars)
            var column = 0
            while column < scalars.count, scalars[column] == " " || scalars[column] == "-" { column += 1 }
            let rest = String(String.UnicodeScalarView(scalars[column...]))
            let matches = [key + ":", "\"\(key)\":", "'\(key)':", key + " :"].contains { rest.hasPrefix($0) }
            guard matches else { continue }
            if let firstColumn {
                if firstColumn == column {
                    location = SourceLocation(file: file, line: offset + 1, column: column + 1)
                    break
                }
            } else {
                firstColumn = column
            }
        }
        let others = keys.dropFirst().map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(.error, "duplicate key '\(key)'" + (others.isEmpty ? "" : " (also \(others))"), at: location,
                          help: "each key may appear once in a mapping; remove or merge the repeated entry")
    }

    private static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        let help = "check the indentation and that every 'key: value' has a space after the colon"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            var location = SourceLocation(file: file, line: mark.line, column: mark.column)
            if let context {
                message += " \(context.text)"
                // An unclosed flow collection is best shown at its opening bracket.
                if context.text.contains("flow") {
                    message += " (the bracket opened here is not closed before line \(mark.line), column \(mark.column))"
                    location = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
                    return Diagnostic(.error, message, at: location, help: "close the bracket, or separate items with ', '")
                }
            }
            return Diagnostic(.error, message, at: location, help: help)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKeyDiagnostic(duplicates, context: context, file: file, text: text)
        case .reader(let problem, let offset, _, let yaml):
            var location = SourceLocation.start(of: file)
            if let offset {
                let prefix = yaml.utf8.prefix(offset)
                location.line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
                location.column = (prefix.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last?.count ?? 0) + 1
            }
            return Diagnostic(.error, "cannot read \(file): \(problem)", at: location, help: "save the file as UTF-8 text")
        default:
            return Diagnostic(.error, "cannot read \(file) as YAML: \(error)", at: .start(of: file), help: help)
        }
    }
}

extension Node {
    /// A document holding only `---` or null.
    var isEmptyDocument: Bool {
        if case .scalar(let scalar) = self { return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" }
        return false
    }
}
