/// A typed identifier: text that names one kind of thing (a party, an issue, an option ...).
///
/// Typed identifiers keep a party's id from being passed where an issue's is expected. Each model
/// type declares its own `ID` conforming to this protocol.
///
/// ```swift
/// let russia: Party.ID = "RU"
/// print(russia) // RU
/// ```
public protocol Identifier: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension Identifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The one rule for what an id may contain: letters, digits, dots, dashes and underscores,
/// starting with a letter or digit (letters and digits of any script). Such an id survives every place Parley writes it: command-line
/// options (`--agent RU=boulware`, `--set RU.reservation=0.4`), the workspace's URLs and form field
/// names, file names in exports and the other tools' formats.
public enum PortableID {
    /// The rule in words, for messages.
    public static let rule = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"

    /// Whether `text` follows the rule.
    public static func isPortable(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isAlphanumeric(first) else { return false }
        return text.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// A portable id made from `text`: every run of other characters becomes one dash
    /// ("ukraine 2024/11" → "ukraine-2024-11"); "id" when nothing is left.
    public static func suggestion(for text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            if isAlphanumeric(scalar) || scalar == "." || scalar == "_" || (scalar == "-" && !result.isEmpty) {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        while let first = result.unicodeScalars.first, !isAlphanumeric(first) { result.unicodeScalars.removeFirst() }
        return result.isEmpty ? "id" : result
    }

    /// The characters of `text` that break the rule, each once, in order of appearance.
    public static func offending(_ text: String) -> [Character] {
        var seen: [Character] = []
        for (index, character) in text.enumerated() {
            let scalars = character.unicodeScalars
            let allowed = scalars.count == 1 && scalars.first.map {
                isAlphanumeric($0) || (index > 0 && ($0 == "." || $0 == "-" || $0 == "_"))
            } == true
            if !allowed && !seen.contains(character) { seen.append(character) }
        }
        return seen
    }

    /// A letter or a decimal digit of any script ("RU", "РФ", "٣").
    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber
    }
}
