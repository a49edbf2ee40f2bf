import ParleyCore

/// A combination of leverage moves that opens a zone of possible agreement.
public struct LeverageCombination: Hashable, Sendable {
    /// Indices into ``Scenario/leverage``.
    public var moves: [Int]
    public var cost: Double
    public var zoneSize: Int
    /// The scenario with the moves applied, and its agreement space.
    public var scenario: Scenario
    public var space: AgreementSpace
}

/// The least costly combinations of a scenario's named leverage moves that open a zone.
public enum LeverageSearch {
    /// The most leverage moves searched exhaustively (2^n combinations).
    public static let maxMoves = 12

    /// Every combination of the scenario's leverage moves that opens a zone, cheapest first (then
    /// fewest moves, then the larger zone), at most `limit` of them. Ranges take their midpoints.
    /// - Complexity: 2^moves agreement-space mappings.
    /// - Throws: ``OutcomeSpaceTooLarge`` when the space cannot be enumerated.
    public static func combinations(_ scenario: Scenario, limit: Int = 5, options: AgreementSpaceOptions = AgreementSpaceOptions())
        throws(OutcomeSpaceTooLarge) -> [LeverageCombination] {
        let moves = Array(scenario.leverage.prefix(maxMoves))
        guard !moves.isEmpty else { return [] }
        var found: [LeverageCombination] = []
        for mask in 1..<(1 << moves.count) {
            let chosen = (0..<moves.count).filter { mask & (1 << $0) != 0 }
            guard let changed = try? scenario.applying(chosen.map { moves[$0].change }) else { continue }
            let space = try AgreementSpace.map(UtilityModel(changed), options: options)
            guard space.hasZone else { continue }
            found.append(LeverageCombination(moves: chosen, cost: chosen.reduce(0) { $0 + moves[$1].cost },
                                             zoneSize: space.zoneSize, scenario: changed, space: space))
        }
        found.sort {
            if abs($0.cost - $1.cost) > 1e-12 { return $0.cost < $1.cost }
            if $0.moves.count != $1.moves.count { return $0.moves.count < $1.moves.count }
            return $0.zoneSize > $1.zoneSize
        }
        // Drop combinations that only add moves to a cheaper one already listed.
        var kept: [LeverageCombination] = []
        for combination in found where !kept.contains(where: { Set($0.moves).isSubset(of: Set(combination.moves)) }) {
            kept.append(combination)
            if kept.count == limit { break }
        }
        return kept
    }
}
