import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyConflict

/// First-level hypergames: each decision maker's perceived game (its own preferences, the others' as
/// it believes them), the hypergame's equilibria, and the perceived equilibria that do not hold.
@Suite struct HypergameTests {
    /// A prisoner's dilemma in which One believes Two would rather cooperate.
    static let dilemma = """
        parley: 1
        id: pd
        title: Prisoner's dilemma with a hopeful prisoner
        sources: [{id: brief, title: Brief}]
        conflict:
          decision-makers:
            - id: one
              name: One
              options: [{id: c1, name: One cooperates}]
              ranking: [NY, YY, NN, YN]
              perceives:
                two:
                  ranking: [YY, YN, NY, NN]
                  source: brief
                  quote: "Two will stand by us"
            - id: two
              name: Two
              options: [{id: c2, name: Two cooperates}]
              ranking: [YN, YY, NN, NY]
        """

    static func analysis(_ text: String) throws -> HypergameAnalysis {
        let (model, _) = try ScenarioDecoderEntry.conflict(text)
        return try HypergameAnalysis(StabilityAnalysis(try GraphModel(model)))
    }

    @Test func aHopefulPrisonerSeesAnEquilibriumThatDoesNotHold() throws {
        let hypergame = try Self.analysis(Self.dilemma)
        // States by code: 1 NN, 2 YN, 3 NY, 4 YY.
        #expect(hypergame.real.equilibria(.nash) == [0])
        let ones = try #require(hypergame.perceived[0])
        #expect(ones.equilibria(.nash) == [2], "One's game predicts NY (Two cooperates, One defects)")
        #expect(hypergame.equilibria(.nash) == [0])
        let surprises = hypergame.unstableInReality(.nash)
        #expect(surprises == [HypergameAnalysis.Surprise(perceiver: 0, state: 2, concept: .nash, mover: 1, improvement: 0)])
        let report = StabilityReportProbe.sentences(hypergame)
        #expect(report.contains { $0.contains("One sees state 3 [c2] as stable (Nash) because it believes Two prefers it") })
    }

    @Test func beliefsThatAreTheTruthChangeNothing() throws {
        for file in ["Prisoners.gmcr", "Elmira.gmcr", "Garrison.gmcr", "MilkRiver.gmcr"] {
            var model = try GMCRData.model(file).model
            // Every decision maker believes every other's true preferences.
            for perceiver in model.decisionMakers.indices {
                model.decisionMakers[perceiver].beliefs = model.decisionMakers.indices.filter { $0 != perceiver }
                    .map { Belief(about: $0, preferences: model.decisionMakers[$0].preferences) }
            }
            let hypergame = try HypergameAnalysis(StabilityAnalysis(try GraphModel(model)))
            for concept in StabilityConcept.allCases {
                #expect(hypergame.equilibria(concept) == hypergame.real.equilibria(concept), "\(file) \(concept)")
                #expect(hypergame.unstableInReality(concept).isEmpty, "\(file) \(concept)")
                for (_, game) in hypergame.perceived { #expect(game.equilibria(concept) == hypergame.real.equilibria(concept)) }
            }
        }
    }

    @Test func beliefsAreReadWrittenAndCheckedWithLocations() throws {
        let (model, _) = try ScenarioDecoderEntry.conflict(Self.dilemma)
        #expect(model.decisionMakers[0].beliefs.count == 1)
        #expect(model.decisionMakers[0].beliefs[0].provenance.quote == "Two will stand by us")
        let bad = Self.dilemma.replacingOccurrences(of: "ranking: [YY, YN, NY, NN]", with: "ranking: [YY, YN]")
        let error = try #require(throws: DiagnosticError.self) { try ScenarioDecoderEntry.conflict(bad) }
        let problem = try #require(error.diagnostics.first { $0.message.contains("in the belief of 'one'") })
        #expect(problem.message.contains("does not rank"))
        #expect(problem.location?.line == 12)
        let unknown = Self.dilemma.replacingOccurrences(of: "        two:\n", with: "        three:\n")
        let second = try #require(throws: DiagnosticError.self) { try ScenarioDecoderEntry.conflict(unknown) }
        #expect(second.diagnostics.contains { $0.message.contains("holds a belief about 'three', which is not a decision maker") })
    }
}

/// The report's sentences for a hypergame, through the report the command prints.
enum StabilityReportProbe {
    static func sentences(_ hypergame: HypergameAnalysis) -> [String] {
        hypergame.unstableInReality(.nash).map { surprise in
            let narrative = ConflictNarrative(hypergame.real)
            return "\(hypergame.real.graph.model.decisionMakers[surprise.perceiver].name) sees \(narrative.label(surprise.state)) as stable (Nash) because it believes \(narrative.name(surprise.mover)) prefers it"
        }
    }
}
