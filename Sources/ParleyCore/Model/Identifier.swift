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
