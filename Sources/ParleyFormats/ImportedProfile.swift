import ParleyCore

/// A linear additive utility function as the imported formats state it, before it becomes a
/// party's ``Preferences``.
struct ImportedProfile {
    var name: String
    var weights: [Double]
    /// One value per option of each issue, aligned with the scenario's issues.
    var values: [[Double]]
    var reservation: Double
    var offset: Double = 0
    var discount: Double?

    /// The preferences under `normalization`; `genius` reads the numbers as written (only GENIUS
    /// XML files have a reading of their own).
    func preferences(normalization: UtilityNormalization, issues: [Issue]) -> Preferences {
        let raw = Preferences(reservation: Estimate(reservation),
                              stances: zip(weights, values).map { Stance(weight: Estimate($0), values: $1.map { Estimate($0) }) },
                              offset: offset, discount: discount)
        guard normalization == .normalized else { return raw }
        return raw.normalized(rangeLimits: issues.map { $0.kind == .categorical ? 10 : nil })
    }

    /// The utility of a package given as option indices.
    func utility(_ options: [Int]) -> Double {
        offset + zip(weights, zip(values, options)).reduce(0) { $0 + $1.0 * $1.1.0[$1.1.1] }
    }
}

extension DocumentNode {
    /// The entries of a mapping node (empty for other nodes).
    var entries: [DocumentNode.Entry] {
        if case .mapping(let entries) = content { return entries }
        return []
    }

    subscript(key: String) -> DocumentNode? { entries.first { $0.key.text == key }?.value }

    var items: [DocumentNode] {
        if case .sequence(let items) = content { return items }
        return []
    }

    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var number: Double? { scalarText.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
}

extension DecodingContext {
    /// A number an imported file states for `what`: finite and within `bounds`, else a located
    /// error and nil. An absent node gives `absent`, or an error at `missingAt` when `absent` is nil.
    mutating func imported(_ node: DocumentNode?, _ what: String, in bounds: ClosedRange<Double>? = nil,
                           absent: Double?, missingAt: SourceLocation) -> Double? {
        guard let node else {
            if absent == nil { error("\(what) is missing", at: missingAt, help: "state it as a number") }
            return absent
        }
        let help = bounds.map(Self.describe).map { "write a number \($0)" } ?? "write a decimal number such as 0.25"
        guard let text = node.scalarText, let value = Self.parseNumber(text) else {
            error("\(what) must be a finite number, found \(node.scalarText.map { "'\($0)'" } ?? node.kindDescription)", at: node.location, help: help)
            return nil
        }
        if let bounds, !bounds.contains(value) {
            error("\(what) is \(Self.plain(value)); it must be \(Self.describe(bounds))", at: node.location, help: help)
            return nil
        }
        return value
    }

    /// "from 0 to 1", or "0 or more" for a range without an upper end.
    static func describe(_ bounds: ClosedRange<Double>) -> String {
        bounds.upperBound == .greatestFiniteMagnitude ? "\(plain(bounds.lowerBound)) or more"
            : "from \(plain(bounds.lowerBound)) to \(plain(bounds.upperBound))"
    }

    /// Keys of `mapping` that are none of `known`: each a located error naming what there is.
    mutating func unknownKeys(_ mapping: DocumentNode?, known: [String], _ what: (String) -> String, theKnown: String) {
        for entry in mapping?.entries ?? [] where !known.contains(entry.key.text) {
            let hint = Self.suggestion(for: entry.key.text, among: known).map { "did you mean '\($0)'? " } ?? ""
            error(what(entry.key.text), at: entry.key.location, help: hint + "\(theKnown): \(known.joined(separator: ", "))")
        }
    }

    /// A number as a person writes it (1 rather than 1.0).
    static func plain(_ value: Double) -> String {
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
