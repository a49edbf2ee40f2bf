import Foundation
import ParleyStore
import Testing

/// The workspace's store on a real SQLite file: versions are immutable and byte-identical, ids
/// unique, saves atomic and numbered without gaps under concurrency, results keyed by version,
/// and the backup a consistent database.
@Suite struct StoreTests {
    static func temporaryPath(_ name: String = "store") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(name)-\(UUID().uuidString).sqlite").path
    }

    static func version(_ text: String, message: String = "m") -> NewVersion {
        NewVersion(text: Data(text.utf8), mediaType: "application/yaml", title: "T \(text.prefix(10))", parties: 2, issues: 3,
                   message: message, author: "test")
    }

    @Test func versionsAreKeptByteForByteAndNumberedFromOne() async throws {
        let store = try WorkspaceStore(path: Self.temporaryPath())
        // Comments, CRLF, a byte-order mark and trailing spaces are all kept as posted.
        let text = "\u{FEFF}# a comment \r\ntitle: x  \r\n"
        let id = try await store.createScenario(preferredID: "Ending the war in Ukraine, November 2024", Self.version(text))
        #expect(id == "ending-the-war-in-ukraine-november-2024")
        let second = try await store.addVersion(to: id, Self.version("title: y\n", message: "second"))
        #expect(second == 2)
        let first = try #require(try await store.version(id, 1))
        #expect(first.text == Data(text.utf8))
        #expect(first.info.sha256 == WorkspaceStore.sha256(Data(text.utf8)))
        #expect(WorkspaceStore.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let versions = try #require(try await store.versions(of: id))
        #expect(versions.map(\.number) == [1, 2])
        #expect(versions.map(\.message) == ["m", "second"])
        let listing = try #require(try await store.scenario(id))
        #expect(listing.versions == 2)
        #expect(listing.title == "T title: y\n")
        #expect(try await store.version(id, 3) == nil)
        #expect(try await store.versions(of: "missing") == nil)
        #expect(try await store.addVersion(to: "missing", Self.version("x")) == nil)
    }

    @Test func idsAreSlugsMadeUnique() async throws {
        let store = try WorkspaceStore(path: Self.temporaryPath())
        let a = try await store.createScenario(preferredID: "Same", Self.version("a"))
        let b = try await store.createScenario(preferredID: "same", Self.version("b"))
        let c = try await store.createScenario(preferredID: "<script>", Self.version("c"))
        let d = try await store.createScenario(preferredID: "ÄÖ", Self.version("d"))
        #expect([a, b, c, d] == ["same", "same-2", "script", "scenario"])
        #expect(try await store.scenarios().count == 4)
    }

    @Test func concurrentSavesGetConsecutiveNumbersAndNoneIsLost() async throws {
        let store = try WorkspaceStore(path: Self.temporaryPath())
        let id = try await store.createScenario(preferredID: "s", Self.version("0"))
        let numbers = try await withThrowingTaskGroup(of: Int?.self) { group in
            for k in 1...40 { group.addTask { try await store.addVersion(to: id, Self.version("text \(k)")) } }
            return try await group.reduce(into: [Int]()) { $0.append($1 ?? -1) }
        }
        #expect(numbers.sorted() == Array(2...41))
        let versions = try #require(try await store.versions(of: id))
        #expect(Set(versions.map(\.sha256)).count == 41)
    }

    @Test func reopeningKeepsEverythingAndMigratesOnce() async throws {
        let path = Self.temporaryPath()
        do {
            let store = try WorkspaceStore(path: path)
            _ = try await store.createScenario(preferredID: "kept", Self.version("kept"))
        }
        let reopened = try WorkspaceStore(path: path)
        #expect(try await reopened.scenarios().map(\.id) == ["kept"])
    }

    @Test func resultsAreKeyedByVersionParametersAndParleyVersion() async throws {
        let store = try WorkspaceStore(path: Self.temporaryPath())
        let id = try await store.createScenario(preferredID: "s", Self.version("a"))
        let key = ResultKey(scenarioID: id, version: 1, kind: "json:analysis", parameters: "", parleyVersion: "1.0")
        #expect(try await store.result(key) == nil)
        try await store.storeResult(StoredResult(key: key, mediaType: "application/json", body: Data("{}".utf8)))
        #expect(try await store.result(key)?.body == Data("{}".utf8))
        var other = key
        other.parleyVersion = "1.1"
        #expect(try await store.result(other) == nil)
        other = key
        other.parameters = "runs=5"
        #expect(try await store.result(other) == nil)
    }

    @Test func theBackupIsAConsistentDatabase() async throws {
        let store = try WorkspaceStore(path: Self.temporaryPath())
        let id = try await store.createScenario(preferredID: "s", Self.version("one"))
        _ = try await store.addVersion(to: id, Self.version("two"))
        let copyPath = Self.temporaryPath("backup")
        try store.backup(to: copyPath)
        let copy = try WorkspaceStore(path: copyPath)
        #expect(try await copy.versions(of: id)?.count == 2)
        #expect(try await copy.version(id, 2)?.text == Data("two".utf8))
    }
}
