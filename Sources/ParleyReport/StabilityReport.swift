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
    /// Each decision maker's perceived game, when some decision maker holds beliefs about the
    /// others' preferences (a first-level hypergame).
    public var perceived: [PerceivedGameReport]?
    /// The hypergame's equilibria and the perceived equilibria that do not hold in reality.
    public var hypergame: HypergameReport?

    public struct PerceivedGameReport: Hashable, Sendable, Codable {
        public var decisionMaker: String
        /// Whose preferences it believes otherwise, with what each belief rests on.
        public var beliefs: [BeliefReport]
        /// Concept → the states stable for every mover in its game (numbers).
        public var equilibria: [String: [Int]]
    }

    public struct BeliefReport: Hashable, Sendable, Codable {
        public var about: String
        public var source: String?
        public var quote: String?
    }

    public struct HypergameReport: Hashable, Sendable, Codable {
        /// Concept → the states every mover finds stable in the game that drives it.
        public var equilibria: [String: [Int]]
        public var unstableInReality: [SurpriseReport]
    }

    public struct SurpriseReport: Hashable, Sendable, Codable {
        public var perceiver: String
        public var state: Int
        public var pattern: String
        public var concept: String
        public var mover: String
        /// The mover's real improvement from the state (a state number).
        public var improvement: Int?
        public var sentence: String
    }

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
        if graph.model.isHypergame, let hypergame = try? HypergameAnalysis(analysis) {
            let model = graph.model
            perceived = hypergame.perceived.sorted { $0.key < $1.key }.map { index, game in
                PerceivedGameReport(
                    decisionMaker: model.decisionMakers[index].name,
                    beliefs: model.decisionMakers[index].beliefs.map {
                        BeliefReport(about: model.decisionMakers[$0.about].name, source: $0.provenance.source?.rawValue, quote: $0.provenance.quote)
                    },
                    equilibria: Dictionary(uniqueKeysWithValues: StabilityConcept.allCases.map { ($0.rawValue, game.equilibria($0).map(narrative.number)) }))
            }
            let surprises = StabilityConcept.allCases.flatMap { hypergame.unstableInReality($0) }
            self.hypergame = HypergameReport(
                equilibria: Dictionary(uniqueKeysWithValues: StabilityConcept.allCases.map { ($0.rawValue, hypergame.equilibria($0).map(narrative.number)) }),
                unstableInReality: surprises.map { surprise in
                    let perceiver = model.decisionMakers[surprise.perceiver]
                    let mover = movers[surprise.mover]
                    let believed = graph.movers[surprise.mover].contains { dm in perceiver.beliefs.contains { $0.about == dm } }
                    var sentence = "\(perceiver.name) sees \(narrative.label(surprise.state)) as stable (\(surprise.concept.title)) "
                    if let target = surprise.improvement {
                        sentence += believed
                            ? "because it believes \(mover) prefers it to moving on; in \(narrative.possessive(mover)) real preferences, moving from it to \(narrative.label(target)) is an improvement, so state \(narrative.number(surprise.state)) does not hold."
                            : "because in its game \(narrative.possessive(mover)) move to \(narrative.label(target)) would be answered; in reality it is not, so state \(narrative.number(surprise.state)) does not hold."
                    } else {
                        sentence += "but \(mover) has a real reason to leave it, so state \(narrative.number(surprise.state)) does not hold."
                    }
                    return SurpriseReport(perceiver: perceiver.name, state: narrative.number(surprise.state), pattern: graph.pattern(surprise.state),
                                          concept: surprise.concept.rawValue, mover: mover, improvement: surprise.improvement.map(narrative.number),
                                          sentence: sentence)
                })
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
        if let perceived, let hypergame {
            out.append("")
            out.append("Perceived games (each decision maker's own preferences, the others' as it believes them):")
            for game in perceived {
                out.append("  \(game.decisionMaker), believing otherwise of \(game.beliefs.map(\.about).joined(separator: ", ")):")
                for concept in concepts {
                    let numbers = game.equilibria[concept.rawValue] ?? []
                    out.append("    \(concept.title): " + (numbers.isEmpty ? "none" : numbers.prefix(40).map(String.init).joined(separator: ", ")))
                }
            }
            out.append("Hypergame equilibria (stable for every mover in the game that drives it):")
            for concept in concepts {
                let numbers = hypergame.equilibria[concept.rawValue] ?? []
                out.append("  \(concept.title): " + (numbers.isEmpty ? "none" : numbers.prefix(40).map(String.init).joined(separator: ", ")))
            }
            let nash = hypergame.unstableInReality.filter { $0.concept == StabilityConcept.nash.rawValue }
            if !hypergame.unstableInReality.isEmpty {
                out.append("Perceived equilibria that do not hold in reality (Nash shown; --format json lists every concept):")
                for surprise in nash.prefix(20) { out.append("  - " + surprise.sentence) }
                if nash.isEmpty { out.append("  (none under Nash; \(hypergame.unstableInReality.count) under the other concepts)") }
            }
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
