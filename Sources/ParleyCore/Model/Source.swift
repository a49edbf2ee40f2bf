/// A document that judgments in a scenario rest on: a news report, a statement, a transcript.
///
/// ```swift
/// let hill = Source(id: "hill", title: "Lavrov rejects peace proposals", publisher: "The Hill",
///                   date: "2024-11-28")
/// ```
public struct Source: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    public var id: ID
    public var title: String
    public var publisher: String?
    /// The publication date as written (ISO 8601 recommended).
    public var date: String?
    public var url: String?

    public init(id: ID, title: String, publisher: String? = nil, date: String? = nil, url: String? = nil) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url
    }
}

/// How sure the analyst is of a judgment.
public enum Confidence: String, Hashable, Sendable, Codable, CaseIterable {
    case low, medium, high
}

/// What a judgment rests on: a source and the quoted words, or the analyst's own assumption.
///
/// A judgment without a ``source`` is an assumption; reports say so.
public struct Provenance: Hashable, Sendable, Codable {
    public var source: Source.ID?
    public var quote: String?
    public var confidence: Confidence?
    /// The analyst's note, such as the reasoning behind an assumption.
    public var note: String?

    public init(source: Source.ID? = nil, quote: String? = nil, confidence: Confidence? = nil, note: String? = nil) {
        self.source = source
        self.quote = quote
        self.confidence = confidence
        self.note = note
    }

    /// Whether the judgment is the analyst's assumption rather than sourced.
    public var isAssumption: Bool { source == nil }

    /// No source, quote, confidence or note.
    public static let none = Provenance()
}
