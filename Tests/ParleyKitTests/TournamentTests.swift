import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

@Suite struct TournamentTests {
    static func scenario() throws -> LoadedScenario {
        try LoadedScenario.read(ExternalAgentTests.yaml, file: "e.yaml")
    }

    @Test func shardsMergeIntoTheWholeTournament() throws {
        let loaded = try Self.scenario()
        let strategies = ["boulware", "conceder", "random"]
        let whole = try Tournament()([loaded], strategies: strategies, rounds: 30, repetitions: 2, seed: 5)
        #expect(whole.jobs == 3 * 3 * 2)
        #expect(whole.complete)
        let shards = try (1...4).map { try Tournament()([loaded], strategies: strategies, rounds: 30, repetitions: 2, seed: 5, shard: ($0, 4)) }
        #expect(shards.map(\.matches.count).reduce(0, +) == whole.jobs)
        #expect(shards.allSatisfy { !$0.complete })
        let merged = try TournamentReport.merge(shards.reversed())
        #expect(merged.matches == whole.matches)
        #expect(merged.standings == whole.standings)
        #expect(merged.complete)
        // Merging a shard twice changes nothing.
        #expect(try TournamentReport.merge(shards + [shards[0]]).matches == whole.matches)
    }

    @Test func standingsAddUp() throws {
        let loaded = try Self.scenario()
        let report = try Tournament()([loaded], strategies: ["boulware", "hardliner", "linear"], rounds: 40, repetitions: 1, seed: 1)
        // Two parties: every match gives two seats.
        #expect(report.standings.map(\.seats).reduce(0, +) == 2 * report.matches.count)
        for match in report.matches where match.assignment.values.allSatisfy({ $0 == "hardliner" }) {
            #expect(!match.agreement)
        }
        for match in report.matches where match.agreement {
            #expect((match.distanceToFrontier ?? -1) >= 0)
            #expect(abs(match.welfare - match.payoffs.values.reduce(0, +)) < 1e-12)
        }
        let linear = try #require(report.standings.first { $0.strategy == "linear" })
        #expect(linear.agreementRate > 0)
    }

    @Test func differentTournamentsDoNotMerge() throws {
        let loaded = try Self.scenario()
        let a = try Tournament()([loaded], strategies: ["boulware"], rounds: 10, repetitions: 1, seed: 1)
        let b = try Tournament()([loaded], strategies: ["boulware"], rounds: 20, repetitions: 1, seed: 1)
        #expect(throws: UsageError.self) { try TournamentReport.merge([a, b]) }
        #expect(throws: UsageError.self) { try Tournament()([loaded], strategies: ["nobody"], rounds: 10, repetitions: 1, seed: 1) }
        #expect(throws: UsageError.self) { try Tournament()([loaded], strategies: ["boulware"], rounds: 10, repetitions: 1, seed: 1, shard: (3, 2)) }
    }

    /// A tournament with more matches than `Int.max` is a diagnostic saying what to do, not a trap.
    @Test func anImpossibleSizeIsADiagnostic() throws {
        let loaded = try Self.scenario()
        let error = try #require(throws: DiagnosticError.self) {
            try Tournament()([loaded], strategies: ["boulware", "conceder"], rounds: 10, repetitions: Int.max / 2, seed: 1)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("more matches than can be counted"), "\(diagnostic.message)")
        #expect(diagnostic.message.contains("2^2 assignments"))
        #expect(diagnostic.help?.contains("fewer strategies") == true)
        #expect(diagnostic.location?.file == "e.yaml")
    }

    /// Matches are numbered, not listed: a shard of a tournament of 4 × 10¹² matches plays its
    /// four at once.
    @Test func hugeTournamentsAreShardedWithoutListingTheirMatches() throws {
        let loaded = try Self.scenario()
        let repetitions = 1_000_000_000_000
        let report = try Tournament()([loaded], strategies: ["boulware", "conceder"], rounds: 10, repetitions: repetitions, seed: 1,
                                      shard: (1, repetitions))
        #expect(report.jobs == 4 * repetitions)
        #expect(report.matches.map(\.job) == [0, 1, 2, 3].map { $0 * repetitions })
        #expect(report.matches.map { [$0.assignment["A"]!, $0.assignment["B"]!] }
                == [["boulware", "boulware"], ["boulware", "conceder"], ["conceder", "boulware"], ["conceder", "conceder"]])
        #expect(report.matches.allSatisfy { $0.repetition == 0 })
        #expect(!report.complete)
    }

    /// An external program plays seats like a built-in strategy; one that crashes walks away and
    /// the match says why.
    @Test func externalAgentsPlayInTournaments() throws {
        let loaded = try Self.scenario()
        let script = ExternalAgentTests.root.appendingPathComponent("examples/agents/boulware_agent.py").path
        let report = try Tournament()([loaded], strategies: ["conceder", "python", "broken"], rounds: 30, repetitions: 1, seed: 1,
                                      agents: ["python": "python3 '\(script)'", "broken": "exit 3"], moveTimeLimit: 10)
        #expect(report.matches.count == 9)
        let python = report.matches.filter { $0.assignment.values.contains("python") && !$0.assignment.values.contains("broken") }
        #expect(python.count == 3)
        #expect(python.allSatisfy { $0.problems == nil })
        #expect(python.contains { $0.agreement })
        let broken = report.matches.filter { $0.assignment.values.contains("broken") }
        #expect(broken.count == 5)
        #expect(broken.allSatisfy { !$0.agreement && ($0.problems?.isEmpty == false) })
        #expect(report.standings.contains { $0.strategy == "python" && $0.seats == 6 })
        #expect(throws: UsageError.self) {
            try Tournament()([loaded], strategies: ["boulware"], rounds: 10, repetitions: 1, seed: 1, agents: ["boulware": "true"])
        }
    }
}
