/// A question a settlement must answer, with the options it can be answered by.
///
/// Options are indexed by position in ``options``; packages refer to options by that index.
///
/// ```swift
/// let nato = Issue(id: "nato", name: "Ukraine's NATO path", kind: .ordered, options: [
///     Option(id: "join", name: "Membership now", position: 100),
///     Option(id: "renounced", name: "Bid renounced", position: 0),
/// ])
/// ```
public struct Issue: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    /// How an issue's options relate to each other.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Unordered alternatives.
        case categorical
        /// Alternatives on a scale; each option has a position 0..100.
        case ordered
        /// Values in a numeric range, taken at a step; each option's position is its value.
        case numeric
    }

    public var id: ID
    public var name: String
    public var kind: Kind
    public var options: [Option]
    /// The index of the option that holds when a proposal leaves the issue out.
    public var statusQuo: Int?
    /// The unit of a numeric issue's values.
    public var unit: String?
    public var description: String?

    public init(id: ID, name: String, kind: Kind, options: [Option], statusQuo: Int? = nil,
                unit: String? = nil, description: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.options = options
        self.statusQuo = statusQuo
        self.unit = unit
        self.description = description
    }

    /// The index of the option with `id`, if there is one.
    public func optionIndex(of id: Option.ID) -> Int? {
        options.firstIndex { $0.id == id }
    }

    /// The smallest and largest option positions, when every option has one.
    public var scale: ClosedRange<Double>? {
        let positions = options.compactMap(\.position)
        guard positions.count == options.count, let low = positions.min(), let high = positions.max() else {
            return nil
        }
        return low...high
    }
}

/// One answer to an issue.
public struct Option: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    public var id: ID
    public var name: String
    /// Where the option lies on the issue's scale (ordered and numeric issues).
    public var position: Double?

    public init(id: ID, name: String, position: Double? = nil) {
        self.id = id
        self.name = name
        self.position = position
    }
}
