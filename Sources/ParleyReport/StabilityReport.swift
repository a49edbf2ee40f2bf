import ParleyConflict
import ParleyCore

/// The result of `parley stability`: every state's stability for every mover under each concept,
/// the equilibria, explanations, and optionally the path from a status quo.
///
/// State numbers are 1-based in ascending order of their decimal codes (as gmcr-py numbers feasible
/// states); patterns are Y/N strings in the file's option order.
public struct StabilityReport: Hashable, Sendable, Codable {
    public var contract = "parley.stability/1"
    public var conflict: ConflictSummary
    public var states: [StateReport]
    /// Each concept's equilibria as patterns: keys `nash`, `gmr`, `smr`, `seq`, `sim`, `seqSim`.
    public var equilibria: [String: [String]]
    public var narratives: [NarrativeReport]
    public var statusQuo: StatusQuoReport?

    public struct ConflictSummary: Hashable, Sendable, Codable {
        public var file: String?
        public var options: [String]
        public var decisionMakers: [String]
        /// The movers: decision makers, or coalitions named "A + B".
        public var movers: [String]
    }

    public struct StateReport: Hashable, Sendable, Codable {
        public var number: Int
        public var pattern: String
        public var code: Int
        public var payoffs: [String: Int]
        /// Mover → concept key → stable.
        public var stability: [String: [String: Bool]]
        /// The decision makers that do not perceive the state (gmcr-py's misperceptions); absent when all do.
        public var misperceivedBy: [String]?
    }

    public struct NarrativeReport: Hashable, Sendable, Codable {
        public var state: Int
        public var mover: String
        public var sentences: [String]
    }

    public struct StatusQuoReport: Hashable, Sendable, Codable {
        public var from: Int
        public var concept: String
        /// The moves, each by the mover who gains, to the first equilibrium reached; `null` when none is reachable.
        public var path: [Step]?

        public struct Step: Hashable, Sendable, Codable {
            public var mover: String
            public var state: Int
            public var pattern: String
        }
    }

    /// Builds the report.
    /// - Parameters:
    ///   - narrativeStates: the states (0-based) to explain; by default every state that is an
    ///     equilibrium under some concept.
    ///   - statusQuo: a state (0-based) to trace to an equilibrium under `concept`.
    ///   - numbers: the number each state goes by (by default its position + 1); with options fixed,
    ///     the full conflict's numbers, so a state keeps its number under every option.
    public init(_ analysis: StabilityAnalysis, file: String?, narrativeStates: [Int]? = nil,
                statusQuo: Int? = nil, concept: StabilityConcept = .nash, numbers: [Int]? = nil) {
        let graph = analysis.graph
        let narrative = ConflictNarrative(analysis, numbers: numbers)
        let movers = graph.movers.indices.map(narrative.name)
        conflict = ConflictSummary(file: file, options: graph.model.options.map(\.name),
                                   decisionMakers: graph.model.decisionMakers.map(\.name), movers: movers)
        states = (0..<graph.count).map { state in
            StateReport(
                number: narrative.number(state), pattern: graph.pattern(state), code: Int(graph.codes[state]),
                payoffs: Dictionary(uniqueKeysWithValues: graph.model.decisionMakers.enumerated().map { ($1.name, graph.payoffs[$0][state]) }),
                stability: Dictionary(uniqueKeysWithValues: movers.enumerated().map { mover, name in
                    (name, Dictionary(uniqueKeysWithValues: StabilityConcept.allCases.map { ($0.rawValue, analysis.stable[$0]![mover][state]) }))
                }),
                misperceivedBy: graph.misperceiving(state).isEmpty ? nil : graph.misperceiving(state).map { graph.model.decisionMakers[$0].name })
        }
        equilibria = Dictionary(uniqueKeysWithValues: StabilityConcept.allCases.map { concept in
            (concept.rawValue, analysis.equilibria(concept).map(graph.pattern))
        })
        // By default every state that is an equilibrium under some concept is explained, in conflicts
        // small enough for that to be read (at most 64 states); otherwise only states asked for.
        let explained = narrativeStates ?? (graph.count > 64 ? [] : (0..<graph.count).filter { state in
            StabilityConcept.allCases.contains { analysis.stable[$0]!.allSatisfy { $0[state] } }
        })
        narratives = explained.flatMap { state -> [NarrativeReport] in
            if analysis.stable[.nash]!.allSatisfy({ $0[state] }) {
                return [NarrativeReport(state: narrative.number(state), mover: "all", sentences: [
                    "No move from \(narrative.label(state)) is an improvement for any decision maker: it is a Nash equilibrium."])]
            }
            return graph.movers.indices.map { mover in
                NarrativeReport(state: narrative.number(state), mover: movers[mover], sentences: narrative.sentences(state: state, mover: mover))
            }
        }
        if let statusQuo {
            let path = narrative.path(from: statusQuo, to: concept)
            self.statusQuo = StatusQuoReport(from: narrative.number(statusQuo), concept: concept.rawValue, path: path?.map {
                .init(mover: movers[$0.mover], state: narrative.number($0.state), pattern: graph.pattern($0.state))
            })
        }
    }

    /// The report as text: the states × concepts table, the equilibria, the explanations and the path.
    public func text() -> String {
        var out: [String] = []
        out.append("Conflict: \(conflict.decisionMakers.count) decision makers, \(conflict.options.count) options, \(states.count) feasible states")
        out.append("Options (pattern order): " + conflict.options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", "))
        if conflict.movers.count != conflict.decisionMakers.count {
            out.append("Movers (coalitions): " + conflict.movers.joined(separator: "; "))
        }
        out.append("")
        let concepts = StabilityConcept.allCases
        let sets = Dictionary(uniqueKeysWithValues: concepts.map { ($0, Set(equilibria[$0.rawValue]!)) })
        let misperceptions = states.contains { $0.misperceivedBy != nil }
        var table = TextTable(columns: [.init("state", alignment: .right), .init("pattern")]
                              + concepts.map { .init($0.title) } + (misperceptions ? [.init("not perceived by")] : []))
        let shown = states.count <= 200 ? states : states.filter { state in concepts.contains { sets[$0]!.contains(state.pattern) } }
        for state in shown.prefix(500) {
            table.append(["\(state.number)", state.pattern] + concepts.map { sets[$0]!.contains(state.pattern) ? "E" : "." }
                         + (misperceptions ? [state.misperceivedBy?.joined(separator: ", ") ?? ""] : []))
        }
        out.append(table.rendered())
        if shown.count < states.count || shown.count > 500 {
            out.append("(\(min(shown.count, 500)) of \(states.count) states listed: those that are an equilibrium under some concept; --format json has them all)")
        }
        out.append("")
        if misperceptions {
            out.append("A decision maker that does not perceive a state can neither move to it nor from it (gmcr-py's misperceptions);")
            out.append("at such a state it has no move, so it is stable there under every concept.")
            out.append("")
        }
        out.append("The concepts (a state is stable for a decision maker when it has no reason to leave it):")
        for concept in concepts { out.append("  " + concept.meaning) }
        out.append("")
        out.append("Equilibria (E: stable for every mover):")
        for concept in concepts {
            let numbers = states.filter { sets[concept]!.contains($0.pattern) }.map { "\($0.number)" }
            let listed = numbers.prefix(40).joined(separator: ", ")
            out.append("  \(concept.title) (\(numbers.count)): " + (numbers.isEmpty ? "none" : listed + (numbers.count > 40 ? ", ..." : "")))
        }
        if !narratives.isEmpty {
            out.append("")
            out.append("Why:")
            for narrative in narratives {
                for sentence in narrative.sentences { out.append("  - " + sentence) }
            }
        }
        if let statusQuo {
            out.append("")
            if let path = statusQuo.path {
                out.append("From state \(statusQuo.from): " + (path.isEmpty ? "it is already a \(statusQuo.concept) equilibrium."
                    : path.map { "\($0.mover) moves to state \($0.state) (\($0.pattern))" }.joined(separator: ", then ")
                        + ", a \(statusQuo.concept) equilibrium."))
            } else {
                out.append("From state \(statusQuo.from): no sequence of unilateral improvements reaches a \(statusQuo.concept) equilibrium.")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
