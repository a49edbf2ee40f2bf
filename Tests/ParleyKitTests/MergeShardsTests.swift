import Foundation
import ParleyKit
import Testing

/// `parley merge` with what a batch scheduler leaves behind: an empty file from a task that died,
/// a truncated one, a foreign JSON, a missing shard.
@Suite struct MergeShardsTests {
    static func shards() throws -> [(path: String, data: Data)] {
        let loaded = try LoadedScenario.load(nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .prettyPrinted   // as the command writes it
        return try (1...3).map { index in
            let report = try Tournament()([loaded], strategies: ["boulware", "conceder"], rounds: 20, repetitions: 1, seed: 2, shard: (index, 3))
            return ("shard-\(index).json", try encoder.encode(report))
        }
    }

    @Test func completeShardsMerge() throws {
        let merged = try MergeShards()(try Self.shards())
        #expect(merged.report.complete)
        #expect(merged.warnings.isEmpty)
    }

    @Test func everyBrokenFileIsNamedWithWhereItEnds() throws {
        var files = try Self.shards()
        files[1].data = Data()
        files[2].data = files[2].data.prefix(200)
        files.append(("other.json", Data(#"{"contract": "parley.analysis/1"}"#.utf8)))
        let error = try #require(throws: DiagnosticError.self) { try MergeShards()(files) }
        #expect(error.diagnostics.map { $0.location?.file } == ["shard-2.json", "shard-3.json", "other.json"])
        #expect(error.diagnostics[0].message.contains("empty"))
        #expect(error.diagnostics[1].message.contains("ends early"))
        #expect((error.diagnostics[1].location?.line ?? 0) > 1, "a truncated file is located where it ends")
        #expect(error.diagnostics[2].message.contains("not a tournament result"))
    }

    @Test func aMissingShardIsAnErrorUnlessPartialIsAllowed() throws {
        let files = Array(try Self.shards().prefix(2))
        let error = try #require(throws: DiagnosticError.self) { try MergeShards()(files) }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].message.contains("missing shard 3/3"))
        let partial = try MergeShards()(files, allowPartial: true)
        #expect(!partial.report.complete)
        #expect(partial.warnings.map(\.severity) == [.warning])
    }
}

extension MergeShardsTests {
    /// A shard that claims a count in the millions (the fuzzer's find: the missing shards were
    /// once all named, and the names took gigabytes).
    @Test func aShardCountInTheMillionsIsNamedInBrief() throws {
        var files = Array(try Self.shards().prefix(1))
        let text = String(decoding: files[0].data, as: UTF8.self).replacingOccurrences(of: "\"1\\/3\"", with: "\"1\\/400000000000\"")
            .replacingOccurrences(of: "\"1/3\"", with: "\"1/400000000000\"")
        #expect(text.contains("1/400000000000") || text.contains("1\\/400000000000"))
        files[0].data = Data(text.utf8)
        let error = try #require(throws: DiagnosticError.self) { try MergeShards()(files) }
        let message = error.diagnostics.first?.message ?? ""
        #expect(message.contains("missing shards 2/400000000000, 3/400000000000"))
        #expect(message.hasSuffix("and 399999999979 more"))
    }
}
