import Crypto
import Foundation
import GRDB

/// The workspace's database: scenarios, their immutable versions and the results computed on them,
/// in one SQLite file (WAL mode, so readers never wait for the writer; `synchronous = FULL`, so a
/// version acknowledged to a client is on disk).
///
/// The store knows nothing of scenarios' meaning: it keeps each version's text exactly as it was
/// posted (byte for byte) with the facts the library shows (title, counts), which the caller reads
/// off the validated scenario. Every save is one transaction; nothing is ever updated in place but
/// a scenario's "last change" time.
public final class WorkspaceStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        self.path = path
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The schema, one migration per release that changed it. A migration never changes once released.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: scenarios, versions, results") { db in
            try db.create(table: "scenario") { table in
                table.primaryKey("id", .text)
                table.column("created", .datetime).notNull()
                table.column("updated", .datetime).notNull()
            }
            try db.create(table: "version") { table in
                table.column("scenarioID", .text).notNull().references("scenario", onDelete: .restrict)
                table.column("number", .integer).notNull()
                table.column("text", .blob).notNull()
                table.column("mediaType", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("title", .text).notNull()
                table.column("parties", .integer).notNull()
                table.column("issues", .integer).notNull()
                table.column("message", .text).notNull()
                table.column("author", .text).notNull()
                table.column("created", .datetime).notNull()
                table.primaryKey(["scenarioID", "number"])
            }
            try db.create(table: "result") { table in
                table.column("scenarioID", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("kind", .text).notNull()
                table.column("parameters", .text).notNull()
                table.column("parleyVersion", .text).notNull()
                table.column("mediaType", .text).notNull()
                table.column("body", .blob).notNull()
                table.column("created", .datetime).notNull()
                table.primaryKey(["scenarioID", "number", "kind", "parameters", "parleyVersion"])
                table.foreignKey(["scenarioID", "number"], references: "version", onDelete: .cascade)
            }
        }
        registerSessionMigrations(&migrator)
        return migrator
    }

    // MARK: Writing

    /// Stores a new scenario with its first version, under an id made from `preferredID` (a slug,
    /// made unique with `-2`, `-3`, ...).
    /// - Returns: the scenario's id.
    public func createScenario(preferredID: String, _ version: NewVersion, now: Date = Date()) async throws -> String {
        let base = Self.slug(preferredID)
        return try await pool.write { db in
            var id = base, counter = 1
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM scenario WHERE id = ?", arguments: [id]) == true {
                counter += 1
                id = "\(base)-\(counter)"
            }
            try db.execute(sql: "INSERT INTO scenario (id, created, updated) VALUES (?, ?, ?)", arguments: [id, now, now])
            try Self.insert(version, number: 1, scenarioID: id, now: now, in: db)
            return id
        }
    }

    /// Stores the next version of scenario `id`.
    /// - Returns: the version's number, or nil when there is no such scenario.
    public func addVersion(to id: String, _ version: NewVersion, now: Date = Date()) async throws -> Int? {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scenario WHERE id = ?", arguments: [id]) == true else { return nil }
            let last = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM version WHERE scenarioID = ?", arguments: [id]) ?? 0
            try Self.insert(version, number: last + 1, scenarioID: id, now: now, in: db)
            try db.execute(sql: "UPDATE scenario SET updated = ? WHERE id = ?", arguments: [now, id])
            return last + 1
        }
    }

    static func insert(_ version: NewVersion, number: Int, scenarioID: String, now: Date, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO version (scenarioID, number, text, mediaType, sha256, title, parties, issues, message, author, created)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [scenarioID, number, version.text, version.mediaType, Self.sha256(version.text), version.title,
                             version.parties, version.issues, version.message, version.author, now])
    }

    /// Keeps a computed result (an analysis's JSON or HTML) for a version, so it is not recomputed.
    public func storeResult(_ result: StoredResult) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO result (scenarioID, number, kind, parameters, parleyVersion, mediaType, body, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [result.key.scenarioID, result.key.version, result.key.kind, result.key.parameters,
                                 result.key.parleyVersion, result.mediaType, result.body, result.created])
        }
    }

    /// Writes a consistent copy of the database to `path` while it is in use (SQLite's online backup).
    public func backup(to path: String) throws {
        let copy = try DatabaseQueue(path: path)
        try pool.backup(to: copy)
        try copy.close()
    }

    // MARK: Reading

    /// Every scenario, most recently changed first.
    public func scenarios() async throws -> [ScenarioListing] {
        try await pool.read { db in try ScenarioListing.fetchAll(db, sql: ScenarioListing.query + " ORDER BY s.updated DESC, s.id") }
    }

    /// The scenario `id`, or nil.
    public func scenario(_ id: String) async throws -> ScenarioListing? {
        try await pool.read { db in try ScenarioListing.fetchOne(db, sql: ScenarioListing.query + " WHERE s.id = ?", arguments: [id]) }
    }

    /// The versions of scenario `id`, oldest first (without their texts), or nil when there is no such scenario.
    public func versions(of id: String) async throws -> [VersionInfo]? {
        try await pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scenario WHERE id = ?", arguments: [id]) == true else { return nil }
            return try VersionInfo.fetchAll(db, sql: "SELECT \(VersionInfo.columns) FROM version WHERE scenarioID = ? ORDER BY number",
                                            arguments: [id])
        }
    }

    /// Version `number` of scenario `id` with its text, or nil.
    public func version(_ id: String, _ number: Int) async throws -> StoredVersion? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(VersionInfo.columns), text FROM version WHERE scenarioID = ? AND number = ?",
                                             arguments: [id, number]) else { return nil }
            return StoredVersion(info: try VersionInfo(row: row), text: row["text"])
        }
    }

    /// A stored result, or nil when it was not computed (for this Parley version).
    public func result(_ key: ResultKey) async throws -> StoredResult? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT mediaType, body, created FROM result
                WHERE scenarioID = ? AND number = ? AND kind = ? AND parameters = ? AND parleyVersion = ?
                """, arguments: [key.scenarioID, key.version, key.kind, key.parameters, key.parleyVersion]) else { return nil }
            return StoredResult(key: key, mediaType: row["mediaType"], body: row["body"], created: row["created"])
        }
    }

    // MARK: Helpers

    /// The hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// A URL-safe id: lowercase letters, digits and dashes, at most 60 characters ("scenario" when nothing is left).
    public static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        slug = String(slug.prefix(60))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "scenario" : slug
    }
}

/// A version to store: the text as posted and the facts the library lists.
public struct NewVersion: Sendable {
    public var text: Data
    /// `application/yaml` or `application/json`.
    public var mediaType: String
    public var title: String
    public var parties: Int
    public var issues: Int
    public var message: String
    public var author: String

    public init(text: Data, mediaType: String, title: String, parties: Int, issues: Int, message: String, author: String) {
        self.text = text
        self.mediaType = mediaType
        self.title = title
        self.parties = parties
        self.issues = issues
        self.message = message
        self.author = author
    }
}

/// A scenario as the library lists it (the facts of its latest version).
public struct ScenarioListing: Sendable, Hashable, Codable, FetchableRecord {
    public var id: String
    public var title: String
    public var parties: Int
    public var issues: Int
    public var versions: Int
    public var created: Date
    public var updated: Date

    static let query = """
        SELECT s.id AS id, v.title AS title, v.parties AS parties, v.issues AS issues, s.created AS created, s.updated AS updated,
               (SELECT COUNT(*) FROM version WHERE scenarioID = s.id) AS versions
        FROM scenario s JOIN version v ON v.scenarioID = s.id
          AND v.number = (SELECT MAX(number) FROM version WHERE scenarioID = s.id)
        """
}

/// A version without its text.
public struct VersionInfo: Sendable, Hashable, Codable, FetchableRecord {
    public var scenarioID: String
    public var number: Int
    public var mediaType: String
    public var sha256: String
    public var title: String
    public var parties: Int
    public var issues: Int
    public var message: String
    public var author: String
    public var created: Date

    static let columns = "scenarioID, number, mediaType, sha256, title, parties, issues, message, author, created"
}

/// A version with its text, byte for byte as it was posted.
public struct StoredVersion: Sendable, Hashable {
    public var info: VersionInfo
    public var text: Data
}

/// What identifies a stored result: the version it was computed on, the analysis, its parameters
/// (a canonical query string) and the Parley version that computed it (a new release recomputes).
public struct ResultKey: Sendable, Hashable {
    public var scenarioID: String
    public var version: Int
    public var kind: String
    public var parameters: String
    public var parleyVersion: String

    public init(scenarioID: String, version: Int, kind: String, parameters: String, parleyVersion: String) {
        self.scenarioID = scenarioID
        self.version = version
        self.kind = kind
        self.parameters = parameters
        self.parleyVersion = parleyVersion
    }
}

/// A computed result kept with the version it was computed on.
public struct StoredResult: Sendable, Hashable {
    public var key: ResultKey
    public var mediaType: String
    public var body: Data
    public var created: Date

    public init(key: ResultKey, mediaType: String, body: Data, created: Date = Date()) {
        self.key = key
        self.mediaType = mediaType
        self.body = body
        self.created = created
    }
}
