import Dispatch
import ParleyCore

/// Which states of a conflict are stable for which mover under each concept, and the equilibria.
///
/// Definitions follow Fang, Hipel & Kilgour (1993) as gmcr-py (GMCR+, Kinsara, Kilgour & Hipel 2015)
/// computes them, so that its answers are reproduced state by state:
/// - a mover's unilateral improvements (UIs) are moves to states it strictly prefers; a coalition
///   improves only when every member strictly prefers;
/// - a sanction against mover k at state s is a state k likes no more than s (for a coalition: not
///   every member strictly prefers it);
/// - for more than two movers, the others answer with a chain of moves in which each of them moves
///   at most once, in any order; every state along the chain counts (gmcr-py's reading of the
///   "legal sequence" of Fang et al.; the textbook closure, where a decision maker may move again
///   after another, gives more GMR states);
/// - SEQ sanctions are chains of improvements, each an improvement for the opponent making it;
/// - SIM: the others' improvements from s, made simultaneously with k's (each opponent moving or not,
///   at least one moving), must be able to leave k no better off; combinations leading to an
///   infeasible state do not count. This follows the definition; gmcr-py reuses one iterator across
///   a mover's improvements, which can only turn stable states unstable (no example conflict is
///   affected);
/// - SEQ+SIM: stable for every mover under SEQ or under SIM.
public struct StabilityAnalysis: Sendable {
    public let graph: GraphModel
    /// `stable[concept][mover][state]`.
    public let stable: [StabilityConcept: [[Bool]]]

    /// The states stable for every mover under `concept` (0-based state numbers, ascending).
    public func equilibria(_ concept: StabilityConcept) -> [Int] {
        (0..<graph.count).filter { state in stable[concept]!.allSatisfy { $0[state] } }
    }

    /// Analyses every state for every mover under every concept, movers in parallel.
    /// - Complexity: per mover, O(2^(movers − 1) × moves) for the sanction chains, and for SIM the
    ///   product of the others' improvement counts per improvement.
    public init(_ graph: GraphModel) {
        self.graph = graph
        let movers = graph.movers.count
        let results = Locked<[Int: [StabilityConcept: [Bool]]]>([:])
        DispatchQueue.concurrentPerform(iterations: movers) { mover in
            let analysis = MoverAnalysis(graph: graph, mover: mover).run()
            results.withLock { $0[mover] = analysis }
        }
        let collected = results.withLock { $0 }
        var stable: [StabilityConcept: [[Bool]]] = [:]
        for concept in StabilityConcept.allCases {
            stable[concept] = (0..<movers).map { collected[$0]![concept]! }
        }
        self.stable = stable
    }
}

/// The stability of every state for one mover.
struct MoverAnalysis {
    let graph: GraphModel
    let mover: Int
    let members: [Int]
    let opponents: [Int]

    init(graph: GraphModel, mover: Int) {
        self.graph = graph
        self.mover = mover
        members = graph.movers[mover]
        opponents = graph.movers.indices.filter { $0 != mover }
    }

    /// Whether mover `m` strictly prefers `to` over `from` (every member, for a coalition).
    func improves(_ m: Int, from: Int, to: Int) -> Bool {
        graph.movers[m].allSatisfy { graph.payoffs[$0][to] > graph.payoffs[$0][from] }
    }

    func improvements(_ m: Int, from state: Int) -> [Int] {
        graph.moves(m, from: state).map(Int.init).filter { improves(m, from: state, to: $0) }
    }

    func run() -> [StabilityConcept: [Bool]] {
        let count = graph.count
        let ui = (0..<count).map { improvements(mover, from: $0) }
        var result: [StabilityConcept: [Bool]] = [:]
        result[.nash] = ui.map(\.isEmpty)
        // Sanction searches, per member: the least payoff the others can bring the member to.
        let gmr = sanctionable(ui, improvingOnly: false, symmetric: false)
        let smr = sanctionable(ui, improvingOnly: false, symmetric: true)
        let seq = sanctionable(ui, improvingOnly: true, symmetric: false)
        let sim = simultaneous(ui)
        result[.gmr] = gmr
        result[.smr] = smr
        result[.seq] = seq
        result[.sim] = sim
        result[.seqSim] = (0..<count).map { seq[$0] || sim[$0] }
        return result
    }

    /// For every state s: whether every improvement of the mover from s can be sanctioned by a chain
    /// of the others' moves (each opponent at most once).
    ///
    /// For a single decision maker, `least[used][x]` is the least weight the opponents outside
    /// `used` can reach from x with at least one move, the weight being the payoff (GMR, SEQ) or,
    /// for SMR, the larger of the payoff and the best payoff of the mover's own next move (so that
    /// "no escape" is part of the sanction). Coalitions are searched state by state.
    func sanctionable(_ ui: [[Int]], improvingOnly: Bool, symmetric: Bool) -> [Bool] {
        let count = graph.count
        if members.count > 1 {
            return (0..<count).map { s in
                ui[s].allSatisfy { s1 in coalitionSanction(from: s1, reference: s, improvingOnly: improvingOnly, symmetric: symmetric) }
            }
        }
        let dm = members[0]
        let payoff = graph.payoffs[dm]
        var weight = payoff
        if symmetric {
            for x in 0..<count {
                for z in graph.moves(mover, from: x) { weight[x] = max(weight[x], payoff[Int(z)]) }
            }
        }
        let q = opponents.count
        let full = (1 << q) - 1
        // least[mask * count + x]; layers by decreasing number of opponents used.
        var least = [Int](repeating: Int.max, count: (full + 1) * count)
        let opponentMoves: [[[Int]]] = opponents.map { j in
            (0..<count).map { x in improvingOnly ? improvements(j, from: x) : graph.moves(j, from: x).map(Int.init) }
        }
        let masks = (0...full).sorted { $0.nonzeroBitCount > $1.nonzeroBitCount }
        for used in masks where used != full {
            for x in 0..<count {
                var best = Int.max
                for (k, moves) in opponentMoves.enumerated() where used & (1 << k) == 0 {
                    let next = (used | (1 << k)) * count
                    for t in moves[x] {
                        best = min(best, weight[t], least[next + t])
                    }
                }
                least[used * count + x] = best
            }
        }
        return (0..<count).map { s in ui[s].allSatisfy { s1 in least[s1] <= payoff[s] } }
    }

    /// A point of the coalition search: a state and the opponents that have moved (bit k: opponent k).
    struct ChainPoint: Hashable {
        var state: Int
        var used: Int
    }

    /// Whether a chain of the others' moves from s1 (each at most once) reaches a sanction against
    /// the coalition relative to `reference`.
    /// - Complexity: O(states × 2^opponents) points at most, each expanded once.
    func coalitionSanction(from s1: Int, reference: Int, improvingOnly: Bool, symmetric: Bool) -> Bool {
        precondition(opponents.count < Int.bitWidth - 1, "too many movers for a bit set of opponents")
        var stack = [ChainPoint(state: s1, used: 0)]
        var seen: Set<ChainPoint> = []
        while let point = stack.popLast() {
            for (k, j) in opponents.enumerated() where point.used & (1 << k) == 0 {
                let moves = improvingOnly ? improvements(j, from: point.state) : graph.moves(j, from: point.state).map(Int.init)
                for t in moves {
                    if isSanction(t, reference: reference, symmetric: symmetric) { return true }
                    let next = ChainPoint(state: t, used: point.used | (1 << k))
                    if seen.insert(next).inserted { stack.append(next) }
                }
            }
        }
        return false
    }

    func isSanction(_ x: Int, reference s: Int, symmetric: Bool) -> Bool {
        guard !improves(mover, from: s, to: x) else { return false }
        guard symmetric else { return true }
        return !graph.moves(mover, from: x).contains { improves(mover, from: s, to: Int($0)) }
    }

    /// SIM: for every improvement s1 from s, some non-empty set of the others' improvements from s,
    /// made at the same time, leads to a feasible state the mover does not prefer to s.
    func simultaneous(_ ui: [[Int]]) -> [Bool] {
        let count = graph.count
        return (0..<count).map { s in
            if ui[s].isEmpty { return true }
            let code = graph.codes[s]
            // Each opponent's possible changes (XOR masks on its own options), staying included.
            let changes: [[UInt64]] = opponents.map { j in [0] + improvements(j, from: s).map { graph.codes[$0] ^ code } }
            guard changes.contains(where: { $0.count > 1 }) else { return false }
            return ui[s].allSatisfy { s1 in
                let base = graph.codes[s1]
                var found = false
                func search(_ k: Int, _ delta: UInt64) {
                    if found { return }
                    if k == changes.count {
                        guard delta != 0, let x = graph.state(ofCode: base ^ delta) else { return }
                        if !improves(mover, from: s, to: x) { found = true }
                        return
                    }
                    for change in changes[k] { search(k + 1, delta ^ change) }
                }
                search(0, 0)
                return found
            }
        }
    }
}
