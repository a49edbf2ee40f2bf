/// The state of one decoding pass: the file being read and every diagnostic found so far.
///
/// Each `read…` method returns `nil` after recording a diagnostic, so decoding goes on and reports
/// every problem of the file at once.
package struct DecodingContext: Sendable {
    public var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func error(_ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: location, help: help))
    }

    public mutating func warning(_ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, at: location, help: help))
    }

    // MARK: Shapes

    /// The entries of a mapping, checking its keys: duplicates and keys not in `allowed` are
    /// reported (with a suggestion for a near miss) and dropped.
    public mutating func mapping(_ node: DocumentNode, _ what: String, allowed: [String]? = nil) -> MappingReader? {
        guard case .mapping(let entries) = node.content else {
            error("\(what) must be a mapping of keys to values, found \(node.kindDescription)", at: node.location,
                  help: allowed.map { "write it as `key: value` lines; keys: \($0.joined(separator: ", "))" }
                    ?? "write it as `key: value` lines, or `{key: value, ...}` on one line")
            return nil
        }
        var seen: Set<String> = []
        var kept: [DocumentNode.Entry] = []
        var rejected: [String] = []
        let allowedSet = allowed.map(Set.init)
        for entry in entries {
            if !seen.insert(entry.key.text).inserted {
                error("duplicate key '\(entry.key.text)' in \(what)", at: entry.key.location,
                      help: "each key may appear once; remove or merge the repeated entry")
                continue
            }
            if let allowed, let allowedSet, !allowedSet.contains(entry.key.text) {
                let hint = Self.suggestion(for: entry.key.text, among: allowed)
                error("unknown key '\(entry.key.text)' in \(what)", at: entry.key.location,
                      help: (hint.map { "did you mean '\($0)'? " } ?? "") + "allowed keys: \(allowed.joined(separator: ", "))")
                rejected.append(entry.key.text)
                continue
            }
            kept.append(entry)
        }
        return MappingReader(entries: kept, location: node.location, what: what, misspelledKeys: rejected)
    }

    /// The elements of a list.
    public mutating func sequence(_ node: DocumentNode, _ what: String) -> [DocumentNode]? {
        guard case .sequence(let items) = node.content else {
            error("\(what) must be a list, found \(node.kindDescription)", at: node.location,
                  help: "write each element on its own line starting with '- '")
            return nil
        }
        return items
    }

    /// A scalar's text (numbers are accepted and read as their text).
    public mutating func text(_ node: DocumentNode, _ what: String) -> String? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error("\(what) must be text, found \(node.kindDescription)", at: node.location,
                  help: "write plain text; quote it if it contains ':' or starts with a special character")
            return nil
        }
        return text
    }

    /// A non-empty scalar used as an identifier. Where it `declares` a new id (not a reference to
    /// one), an id outside ``PortableID``'s rule is a warning that suggests a portable one.
    public mutating func identifier(_ node: DocumentNode, _ what: String, declares: Bool = false) -> String? {
        guard let text = text(node, what) else { return nil }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            error("\(what) must not be empty", at: node.location, help: "write a short id such as 'RU' or 'nato'")
            return nil
        }
        if declares, !PortableID.isPortable(trimmed) {
            let shown = PortableID.offending(trimmed).map { $0 == " " ? "a space" : "'\($0)'" }
            warning("\(what) '\(trimmed)' contains \(shown.joined(separator: ", ")), which command-line options (PARTY=...), file names and other tools' formats do not carry safely",
                    at: node.location,
                    help: "\(PortableID.rule): write '\(PortableID.suggestion(for: trimmed))'")
        }
        return trimmed
    }

    /// A finite number.
    public mutating func number(_ node: DocumentNode, _ what: String) -> Double? {
        if case .scalar(let text, _) = node.content, let value = Self.parseNumber(text) {
            return value
        }
        error("\(what) must be a number, found \(node.kindDescription)", at: node.location,
              help: "write a decimal number such as 0.25")
        return nil
    }

    /// A number or a range `[low, high]`, optionally constrained to `bounds`.
    public mutating func estimate(_ node: DocumentNode, _ what: String, in bounds: ClosedRange<Double>? = nil,
                                  positive: Bool = false) -> Estimate? {
        let estimate: Estimate
        switch node.content {
        case .sequence(let items):
            guard items.count == 2 else {
                error("\(what) is a list of \(items.count) numbers; a range has exactly two, [low, high]", at: node.location,
                      help: "write a number, or a range as [low, high]")
                return nil
            }
            guard let low = number(items[0], "the low end of \(what)"),
                  let high = number(items[1], "the high end of \(what)") else { return nil }
            guard low <= high else {
                error("\(what) is the range [\(low.decimalText), \(high.decimalText)], whose low end exceeds its high end",
                      at: node.location, help: "write the range as [low, high]")
                return nil
            }
            estimate = Estimate(low: low, high: high)
        default:
            guard let value = number(node, what) else { return nil }
            estimate = Estimate(value)
        }
        if let bounds, estimate.low < bounds.lowerBound || estimate.high > bounds.upperBound {
            error("\(what) is \(estimate), outside \(bounds.lowerBound.decimalText)..\(bounds.upperBound.decimalText)",
                  at: node.location, help: "use a number between \(bounds.lowerBound.decimalText) and \(bounds.upperBound.decimalText)")
            return nil
        }
        if positive, estimate.low <= 0 {
            error("\(what) is \(estimate); it must be positive", at: node.location,
                  help: "use a positive number (any scale) or leave it out")
            return nil
        }
        return estimate
    }

    // MARK: Helpers

    public static func parseNumber(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, word.count / 3) ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours.
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}

/// The checked entries of one mapping, looked up by key.
package struct MappingReader: Sendable {
    public var entries: [DocumentNode.Entry]
    public var location: SourceLocation
    public var what: String
    /// Unknown keys that were reported; a missing key they misspell is not reported again.
    public var misspelledKeys: [String] = []

    public subscript(key: String) -> DocumentNode? {
        entries.first { $0.key.text == key }?.value
    }

    public func entry(_ key: String) -> DocumentNode.Entry? {
        entries.first { $0.key.text == key }
    }

    /// The value of a required key; reports its absence at the mapping.
    public func required(_ key: String, in context: inout DecodingContext, help: String? = nil) -> DocumentNode? {
        if let value = self[key] { return value }
        if misspelledKeys.contains(where: { DecodingContext.suggestion(for: $0, among: [key]) != nil }) { return nil }
        context.error("\(what) has no '\(key)'", at: location, help: help ?? "add '\(key):'")
        return nil
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
