/// A move that changes another party's alternatives, named so it can be weighed: a weapons surge
/// lowering what fighting on is worth to one side, an aid restriction to the other, a red line
/// given up.
///
/// ```yaml
/// leverage:
///   - id: weapons-surge
///     by: US                 # who applies it
///     party: RU              # whose reservation value changes
///     reservation: -0.1      # by how much (a range states uncertainty)
///     cost: 1                # optional; default: the size of the change (1 for a red line)
///     source: hill
///     quote: "..."
///   - id: no-peacekeeper-veto
///     drop-red-line: ru-no-western-peacekeepers
/// ```
public struct Leverage: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    /// What the move changes.
    public enum Effect: Hashable, Sendable, Codable {
        /// The reservation value of a party moves by `change` (negative: lowered).
        case reservation(party: Party.ID, change: Estimate)
        /// A red line is given up.
        case dropRedLine(RedLine.ID)
    }

    public var id: ID
    public var name: String
    /// The party that applies it, when named.
    public var by: Party.ID?
    public var effect: Effect
    /// What the move costs, in whatever unit the analyst chooses; least-cost combinations are sought.
    public var cost: Double
    public var provenance: Provenance

    public init(id: ID, name: String, by: Party.ID? = nil, effect: Effect, cost: Double, provenance: Provenance = .none) {
        self.id = id
        self.name = name
        self.by = by
        self.effect = effect
        self.cost = cost
        self.provenance = provenance
    }

    /// The change it makes to a scenario (ranges at their midpoint).
    public var change: ScenarioChange {
        switch effect {
        case .reservation(let party, let change): .shiftReservation(party: party, by: change.value)
        case .dropRedLine(let id): .dropRedLine(id)
        }
    }
}
