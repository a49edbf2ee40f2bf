/// Someone at the table: a state, an administration, an alliance.
///
/// ```swift
/// let russia = Party(id: "RU", name: "Russia", capability: Estimate(0.35), preferences: ...)
/// ```
public struct Party: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    public var id: ID
    public var name: String
    /// The party's power to shape an outcome (0..1 or any positive number); used by forecasting.
    public var capability: Estimate?
    /// What the party wants and what it will not accept.
    public var preferences: Preferences
    /// A description of the party (a role-play brief, the analyst's notes).
    public var description: String?
    /// Other facts about the party as name → text (a game's role, the model that played it, ...),
    /// kept so that a format that holds them can be written back.
    public var attributes: [String: String] = [:]

    public init(id: ID, name: String, capability: Estimate? = nil, preferences: Preferences) {
        self.id = id
        self.name = name
        self.capability = capability
        self.preferences = preferences
    }
}
