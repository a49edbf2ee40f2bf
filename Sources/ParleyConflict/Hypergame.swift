import ParleyCore

/// A first-level hypergame (Bennett 1977; Wang, Hipel & Fraser 1988, "Modeling misperceptions in
/// games", Behavioral Science 33): each decision maker analyses the game as it perceives it, its own
/// true preferences with the others' as it believes them, and the analyst compares those games with
/// the real one.
///
/// Interpretive choices, where the papers leave room:
/// - a decision maker's perceived game replaces the preferences of those it holds a belief about
///   and keeps everything else (options, feasibility, misperceived states, the others' true
///   preferences where it holds no belief);
/// - a state is a **hypergame equilibrium** under a concept when every mover finds it stable in the
///   game that drives its behaviour: a single decision maker in its own perceived game, a coalition
///   in the real game (its members' beliefs may differ);
/// - a **perceived equilibrium** of a decision maker (stable for every mover in its game) is
///   **unstable in reality** when some mover is not stable there in the real game; the reason given
///   is that mover's real improvement from the state that the perceiver's game does not count as one
///   (or that it counts as sanctioned): the move the perceiver did not see coming.
public struct HypergameAnalysis: Sendable {
    /// The real game's analysis.
    public let real: StabilityAnalysis
    /// Each perceiver's game (decision makers holding a belief), by decision maker index.
    public let perceived: [Int: StabilityAnalysis]

    /// Analyses the real game and every decision maker's perceived game (in parallel inside each).
    /// - Throws: ``ConflictError`` when a perceived game breaks a rule (a believed ranking that
    ///   misses a state).
    public init(_ real: StabilityAnalysis) throws(ConflictError) {
        self.real = real
        var perceived: [Int: StabilityAnalysis] = [:]
        let model = real.graph.model
        for (index, dm) in model.decisionMakers.enumerated() where !dm.beliefs.isEmpty {
            perceived[index] = StabilityAnalysis(try GraphModel(model.perceivedGame(by: index)))
        }
        self.perceived = perceived
    }

    /// The analysis that drives `mover`'s behaviour: its own perceived game when it is a single
    /// decision maker holding beliefs, else the real game.
    func game(of mover: Int) -> StabilityAnalysis {
        let members = real.graph.movers[mover]
        if members.count == 1, let own = perceived[members[0]] { return own }
        return real
    }

    /// States every mover finds stable in the game that drives it (0-based, ascending).
    public func equilibria(_ concept: StabilityConcept) -> [Int] {
        (0..<real.graph.count).filter { state in
            real.graph.movers.indices.allSatisfy { game(of: $0).stable[concept]![$0][state] }
        }
    }

    /// A perceived equilibrium that does not hold in the real game, and why.
    public struct Surprise: Hashable, Sendable {
        /// The decision maker whose game predicts the state stable.
        public var perceiver: Int
        public var state: Int
        public var concept: StabilityConcept
        /// The mover for which the state is not stable in reality.
        public var mover: Int
        /// Its real improvement from the state that the perceiver's game does not count (nil when
        /// every real improvement is one the perceiver saw but thought sanctioned).
        public var improvement: Int?
    }

    /// Every perceiver's equilibria under `concept` that are unstable in reality, with the mover
    /// that leaves and its move.
    public func unstableInReality(_ concept: StabilityConcept) -> [Surprise] {
        var surprises: [Surprise] = []
        for (perceiver, game) in perceived.sorted(by: { $0.key < $1.key }) {
            for state in game.equilibria(concept) {
                for mover in real.graph.movers.indices where !real.stable[concept]![mover][state] {
                    let realMoves = MoverAnalysis(graph: real.graph, mover: mover).improvements(mover, from: state)
                    let seen = Set(MoverAnalysis(graph: game.graph, mover: mover).improvements(mover, from: state))
                    surprises.append(Surprise(perceiver: perceiver, state: state, concept: concept, mover: mover,
                                              improvement: realMoves.first { !seen.contains($0) } ?? realMoves.first))
                }
            }
        }
        return surprises
    }
}
