/// A tree of mappings, sequences and scalars with the location of every node: what a YAML or JSON
/// reader produces, before any meaning is given to it.
///
/// Format readers build it; ``ScenarioDecoder`` turns it into a validated ``Scenario``.
public struct DocumentNode: Hashable, Sendable {
    /// A key of a mapping, with where it is written.
    public struct Key: Hashable, Sendable {
        public var text: String
        public var location: SourceLocation
        public init(_ text: String, at location: SourceLocation) {
            self.text = text
            self.location = location
        }
    }

    /// One key-value pair of a mapping.
    public struct Entry: Hashable, Sendable {
        public var key: Key
        public var value: DocumentNode
        public init(key: Key, value: DocumentNode) {
            self.key = key
            self.value = value
        }
    }

    /// What the node holds.
    public enum Content: Hashable, Sendable {
        /// Text; `isPlain` is false when it was quoted (so `"1"` stays text and `null` is not null).
        case scalar(String, isPlain: Bool)
        case sequence([DocumentNode])
        /// Entries in the order written, duplicates kept so they can be reported.
        case mapping([Entry])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// A short name of the node's kind for messages ("a mapping", "a list", "text").
    public var kindDescription: String {
        switch content {
        case .scalar(let text, let isPlain):
            if isPlain && (text.isEmpty || text == "~" || text == "null") { return "nothing (null)" }
            if isPlain && Double(text) != nil { return "a number" }
            return "text"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Whether the node is an explicit or implicit null.
    public var isNull: Bool {
        if case .scalar(let text, true) = content { return text.isEmpty || text == "~" || text == "null" }
        return false
    }
}
