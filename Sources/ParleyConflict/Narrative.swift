import ParleyCore

/// Plain-language explanations of stability: why a mover stays at a state or would leave it, and
/// the path from a status quo to an equilibrium.
public struct ConflictNarrative: Sendable {
    public let analysis: StabilityAnalysis
    /// The number each state goes by in the text (by default its position + 1): a conflict analysed
    /// with some options fixed keeps the full conflict's numbers.
    public var numbers: [Int]?

    public init(_ analysis: StabilityAnalysis, numbers: [Int]? = nil) {
        self.analysis = analysis
        self.numbers = numbers
    }

    /// The number state `state` goes by.
    public func number(_ state: Int) -> Int { numbers?[state] ?? state + 1 }

    var graph: GraphModel { analysis.graph }

    /// The name of a mover ("MoE" or "MoE + Uniroyal").
    public func name(_ mover: Int) -> String {
        graph.movers[mover].map { graph.model.decisionMakers[$0].name }.joined(separator: " + ")
    }

    /// One sentence per improvement of `mover` from `state` (1-based numbers in the text), saying
    /// how the others can sanction it, or that they cannot.
    /// - Complexity: a depth-first search of the others' chains per improvement.
    public func sentences(state: Int, mover: Int) -> [String] {
        let analyser = MoverAnalysis(graph: graph, mover: mover)
        let improvements = analyser.improvements(mover, from: state)
        let who = name(mover)
        guard !improvements.isEmpty else {
            return ["No move from \(label(state)) is an improvement for \(who): the state is Nash stable for \(who)."]
        }
        return improvements.map { target in
            if let chain = sanctionChain(analyser, from: target, reference: state, improvingOnly: true) {
                return "\(possessive(who)) move from \(label(state)) to \(label(target)) is sanctioned by \(describe(chain)), "
                    + "leaving \(who) no better off than at state \(number(state)); each of these moves is an improvement for its mover (a credible sanction)."
            }
            if let chain = sanctionChain(analyser, from: target, reference: state, improvingOnly: false) {
                return "\(possessive(who)) move from \(label(state)) to \(label(target)) can be sanctioned by \(describe(chain)), "
                    + "leaving \(who) no better off than at state \(number(state)), though at a cost to those who sanction (not credible)."
            }
            return "\(possessive(who)) move from \(label(state)) to \(label(target)) cannot be sanctioned: leaving state \(number(state)) is a gain for \(who)."
        }
    }

    /// "state 35 [restrict-aid, ru-talks]": the number and the options taken (ids where the
    /// conflict has them, else names).
    public func label(_ state: Int) -> String {
        let taken = graph.model.options.indices.filter { graph.codes[state] & (1 << UInt64($0)) != 0 }
            .map { graph.model.options[$0].id ?? graph.model.options[$0].name }
        return "state \(number(state)) [\(taken.isEmpty ? "none taken" : taken.joined(separator: ", "))]"
    }

    /// "Russia's", "European allies'".
    public func possessive(_ name: String) -> String { name.hasSuffix("s") ? name + "'" : name + "'s" }

    /// A shortest chain of the others' moves (each at most once) from `start` to a sanction.
    func sanctionChain(_ analyser: MoverAnalysis, from start: Int, reference: Int, improvingOnly: Bool) -> [(mover: Int, state: Int)]? {
        var queue: [(state: Int, used: Int, chain: [(mover: Int, state: Int)])] = [(start, 0, [])]
        var head = 0
        while head < queue.count {
            let (x, used, chain) = queue[head]
            head += 1
            for (k, j) in analyser.opponents.enumerated() where used & (1 << k) == 0 {
                let moves = improvingOnly ? analyser.improvements(j, from: x) : graph.moves(j, from: x).map(Int.init)
                for t in moves {
                    let next = chain + [(j, t)]
                    if analyser.isSanction(t, reference: reference, symmetric: false) { return next }
                    queue.append((t, used | (1 << k), next))
                }
            }
        }
        return nil
    }

    func describe(_ chain: [(mover: Int, state: Int)]) -> String {
        chain.enumerated().map { index, step in
            (index == 0 ? "" : "then ") + "\(name(step.mover)) moving to \(label(step.state))"
        }.joined(separator: ", ")
    }

    /// A shortest path of unilateral improvements from `start` to a state that is an equilibrium under
    /// `concept`, each step made by the mover who gains; `nil` when no such path exists.
    public func path(from start: Int, to concept: StabilityConcept) -> [(mover: Int, state: Int)]? {
        let targets = Set(analysis.equilibria(concept))
        if targets.contains(start) { return [] }
        var previous: [Int: (from: Int, mover: Int)] = [start: (start, -1)]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let x = queue[head]
            head += 1
            for mover in graph.movers.indices {
                for t in MoverAnalysis(graph: graph, mover: mover).improvements(mover, from: x) where previous[t] == nil {
                    previous[t] = (x, mover)
                    if targets.contains(t) {
                        var path: [(mover: Int, state: Int)] = []
                        var current = t
                        while current != start, let step = previous[current] {
                            path.insert((step.mover, current), at: 0)
                            current = step.from
                        }
                        return path
                    }
                    queue.append(t)
                }
            }
        }
        return nil
    }
}
