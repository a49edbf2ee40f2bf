import ParleyAnalysis
import ParleyCharts
import ParleyConflict
import ParleyCore
import ParleyForecast
import Plot

/// The moves-and-threats section: stable states, the perceived games of a hypergame, and why.
extension HTMLReport {
    func stabilitySection() -> Node<HTML.BodyContext> {
        guard let stability else { return .empty }
        let concepts = ["nash", "gmr", "smr", "seq", "sim", "seqSim"]
        let sets = Dictionary(uniqueKeysWithValues: concepts.map { ($0, Set(stability.equilibria[$0] ?? [])) })
        let shown = stability.states.filter { state in concepts.contains { sets[$0]!.contains(state.pattern) } }.prefix(200)
        return .section(.id("stability"),
            .h2("Moves and threats: stable states"),
            .p(.text("Options in pattern order: " + stability.conflict.options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", ") + ". E: an equilibrium (stable for every decision maker).")),
            .ul(.forEach(StabilityConcept.allCases) { .li(.text($0.meaning)) }),
            .table(
                .tr(.th("State"), .th("Pattern"), .th("Nash"), .th("GMR"), .th("SMR"), .th("SEQ"), .th("SIM"), .th("SEQ+SIM")),
                .forEach(Array(shown)) { state in
                    .tr(.td(.class("number"), .text("\(state.number)")), .td(.class("pattern"), .text(state.pattern)),
                        .forEach(concepts) { .td(.text(sets[$0]!.contains(state.pattern) ? "E" : "")) })
                }
            ),
            shown.count < stability.states.filter({ state in concepts.contains { sets[$0]!.contains(state.pattern) } }).count
                ? .p(.text("The table shows the first 200 states that are an equilibrium under some concept; parley stability FILE lists them all."))
                : .empty,
            hypergameNode(stability),
            narrativesNode(stability)
        )
    }

    /// The perceived games and what does not hold in reality, when decision makers hold beliefs.
    func hypergameNode(_ stability: StabilityReport) -> Node<HTML.BodyContext> {
        guard let perceived = stability.perceived, let hypergame = stability.hypergame else { return .empty }
        let concepts = StabilityConcept.allCases
        func numbers(_ list: [Int]?) -> String { (list ?? []).isEmpty ? "none" : (list ?? []).prefix(40).map(String.init).joined(separator: ", ") }
        return .div(.id("hypergame"),
            .h3("Perceived games (a hypergame)"),
            .p(.text("Each decision maker below analyses the game with its own preferences and what it believes the others prefer.")),
            .table(
                .tr(.th("Game"), .forEach(concepts) { .th(.text($0.title)) }),
                .forEach(perceived) { game in
                    .tr(.td(.text("\(game.decisionMaker)'s (believing otherwise of \(game.beliefs.map(\.about).joined(separator: ", ")))")),
                        .forEach(concepts) { .td(.text(numbers(game.equilibria[$0.rawValue]))) })
                },
                .tr(.td(.text("Hypergame (each mover in the game that drives it)")), .forEach(concepts) { .td(.text(numbers(hypergame.equilibria[$0.rawValue]))) })
            ),
            .if(!hypergame.unstableInReality.isEmpty, .group(
                .p(.text("Perceived equilibria that do not hold in reality:")),
                .ul(.forEach(hypergame.unstableInReality.filter { $0.concept == StabilityConcept.nash.rawValue }.prefix(20)) { .li(.text($0.sentence)) })
            ))
        )
    }

    /// Every explained state with all of its explanations (a state is never cut in the middle), or
    /// why there are none.
    func narrativesNode(_ stability: StabilityReport) -> Node<HTML.BodyContext> {
        guard !stability.narratives.isEmpty else {
            return .p(.text("Explanations are written for conflicts of at most 64 states; this one has \(stability.states.count). "
                + "Run parley stability FILE --state N to explain state N."))
        }
        var byState: [(state: Int, sentences: [String])] = []
        for narrative in stability.narratives {
            if byState.last?.state == narrative.state { byState[byState.count - 1].sentences += narrative.sentences } else {
                byState.append((narrative.state, narrative.sentences))
            }
        }
        return .div(.forEach(byState) { entry in
            .div(.h3(.text("Why state \(entry.state) is stable")), .ul(.forEach(entry.sentences) { .li(.text($0)) }))
        })
    }
}
