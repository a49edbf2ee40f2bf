/// Where each part of a conflict was written, aligned with a ``ConflictModel``'s arrays, so that
/// ``ConflictValidator`` can point every problem at its place in the file.
///
/// Readers fill what their format has; a model built in code has no locations, and its problems
/// are reported without one.
///
/// ```swift
/// var locations = ConflictLocations(conflict: top.location)
/// locations.decisionMakers.append(node.location)
/// ```
public struct ConflictLocations: Hashable, Sendable {
    /// The conflict as a whole (its mapping, or the file's start).
    public var conflict: SourceLocation?
    /// The list of decision makers.
    public var decisionMakerList: SourceLocation?
    /// Each option, by index.
    public var options: [SourceLocation] = []
    /// Each decision maker, by index.
    public var decisionMakers: [SourceLocation] = []
    /// `controlledOptions[dm][k]`: where decision maker `dm` names its `k`-th option.
    public var controlledOptions: [[SourceLocation]] = []
    /// `rankings[dm]`: the decision maker's ranking, when it gives one.
    public var rankings: [SourceLocation?] = []
    /// `rankingEntries[dm][group][member]`: each state of a ranking.
    public var rankingEntries: [[[SourceLocation]]] = []
    /// The coalitions.
    public var coalitions: SourceLocation?
    /// `coalitionMembers[group][member]`.
    public var coalitionMembers: [[SourceLocation]] = []
    /// Where each decision maker's beliefs were written, aligned with its ``DecisionMaker/beliefs``.
    public var beliefs: [Int: [SourceLocation]] = [:]

    public init(conflict: SourceLocation? = nil) {
        self.conflict = conflict
    }

    /// Where option `index` was written, else where the conflict was.
    public func option(_ index: Int) -> SourceLocation? { Self.element(options, index) ?? conflict }

    /// Where decision maker `index` was written, else where the list (or the conflict) was.
    public func decisionMaker(_ index: Int) -> SourceLocation? {
        Self.element(decisionMakers, index) ?? decisionMakerList ?? conflict
    }

    /// Where decision maker `dm` names its `k`-th option, else where the decision maker was.
    public func controlledOption(_ dm: Int, _ k: Int) -> SourceLocation? {
        Self.element(controlledOptions, dm).flatMap { Self.element($0, k) } ?? decisionMaker(dm)
    }

    /// Where decision maker `dm` gives its ranking, else where the decision maker was.
    public func ranking(_ dm: Int) -> SourceLocation? {
        Self.element(rankings, dm).flatMap { $0 } ?? decisionMaker(dm)
    }

    /// Where a ranking names a state, else where the ranking was.
    public func rankingEntry(_ dm: Int, _ group: Int, _ member: Int) -> SourceLocation? {
        Self.element(rankingEntries, dm).flatMap { Self.element($0, group) }.flatMap { Self.element($0, member) } ?? ranking(dm)
    }

    /// Where a coalition names a member, else where the coalitions were.
    public func coalitionMember(_ group: Int, _ member: Int) -> SourceLocation? {
        Self.element(coalitionMembers, group).flatMap { Self.element($0, member) } ?? coalitions ?? conflict
    }

    static func element<T>(_ array: [T], _ index: Int) -> T? {
        array.indices.contains(index) ? array[index] : nil
    }
}
