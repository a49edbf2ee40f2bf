import Foundation
import ParleyCore
import Testing
@testable import ParleySimulation

@Suite struct TournamentScheduleTests {
    /// Decoding a match from its number gives the order the matches were once listed in: scenario
    /// by scenario, assignments as an odometer (the last party fastest), repetitions innermost.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func decodingMatchesTheListedOrder(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let competitors = Int.random(in: 1...4, using: &random), repetitions = Int.random(in: 1...3, using: &random)
        let partyCounts = (0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 1...4, using: &random) }
        var listed: [TournamentSchedule.Match] = []
        for (scenario, parties) in partyCounts.enumerated() {
            var assignment = [Int](repeating: 0, count: parties)
            for _ in 0..<Int(pow(Double(competitors), Double(parties))) {
                for repetition in 0..<repetitions { listed.append(.init(scenario: scenario, assignment: assignment, repetition: repetition)) }
                var slot = parties - 1
                while slot >= 0 {
                    assignment[slot] += 1
                    if assignment[slot] < competitors { break }
                    assignment[slot] = 0
                    slot -= 1
                }
            }
        }
        let schedule = try TournamentSchedule(competitors: competitors, partyCounts: partyCounts, repetitions: repetitions)
        #expect(schedule.count == listed.count)
        #expect((0..<schedule.count).map { schedule[$0] } == listed)
    }

    @Test func countsThatOverflowAreAnError() throws {
        #expect(throws: TournamentTooLarge(scenario: 0, competitors: 10, parties: 20, repetitions: 1)) {
            try TournamentSchedule(competitors: 10, partyCounts: [20], repetitions: 1)
        }
        #expect(throws: TournamentTooLarge(scenario: 1, competitors: 2, parties: 2, repetitions: Int.max / 8)) {
            try TournamentSchedule(competitors: 2, partyCounts: [3, 2], repetitions: Int.max / 8)
        }
        // Just below the limit is fine, and matches far out decode without listing the others.
        let large = try TournamentSchedule(competitors: 2, partyCounts: [62], repetitions: 1)
        #expect(large.count == 1 << 62)
        #expect(large[large.count - 1].assignment == [Int](repeating: 1, count: 62))
    }

    @Test(arguments: [(0, 1), (1, 1), (17, 1), (17, 4), (3, 4), (4, 4), (18, 5), (5, 7)])
    func shardsSplitTheMatches(total: Int, count: Int) {
        var all: [Int] = []
        for index in 1...count {
            let shard = TournamentShard(index: index, count: count)!
            let jobs = Array(shard.jobs(of: total))
            #expect(jobs.count == shard.jobCount(of: total))
            #expect(jobs.allSatisfy { $0 % count == index - 1 })
            all += jobs
        }
        #expect(all.sorted() == Array(0..<total))
        #expect(TournamentShard(index: 0, count: 2) == nil)
        #expect(TournamentShard(index: 3, count: 2) == nil)
    }
}
