import Foundation
import GRDB

/// Negotiation sessions: each one's setup (opaque to the store: the caller's JSON) and its event
/// log, appended to and never changed, so that a restarted server rebuilds every open session
/// from its log.
extension WorkspaceStore {
    static func registerSessionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2: negotiation sessions") { db in
            try db.create(table: "session") { table in
                table.primaryKey("id", .text)
                table.column("scenarioID", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("setup", .blob).notNull()
                table.column("open", .boolean).notNull()
                table.column("created", .datetime).notNull()
                table.column("updated", .datetime).notNull()
                table.foreignKey(["scenarioID", "number"], references: "version", onDelete: .restrict)
            }
            try db.create(table: "sessionEvent") { table in
                table.column("sessionID", .text).notNull().references("session", onDelete: .cascade)
                table.column("seq", .integer).notNull()
                table.column("body", .blob).notNull()
                table.column("created", .datetime).notNull()
                table.primaryKey(["sessionID", "seq"])
            }
        }
    }

    /// Stores a new session on version `number` of scenario `scenarioID`.
    /// - Returns: false when there is no such version (nothing is stored).
    public func createSession(id: String, scenarioID: String, number: Int, setup: Data, now: Date = Date()) async throws -> Bool {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM version WHERE scenarioID = ? AND number = ?",
                                    arguments: [scenarioID, number]) == true else { return false }
            try db.execute(sql: "INSERT INTO session (id, scenarioID, number, setup, open, created, updated) VALUES (?, ?, ?, ?, 1, ?, ?)",
                           arguments: [id, scenarioID, number, setup, now, now])
            return true
        }
    }

    /// Appends `events` to session `id`'s log in one transaction, numbered after the last one.
    /// - Parameter finished: the session is over (it is no longer resumed after a restart).
    /// - Returns: the sequence number of the first appended event.
    @discardableResult
    public func appendEvents(to id: String, _ events: [Data], finished: Bool, now: Date = Date()) async throws -> Int {
        try await pool.write { db in try Self.append(events, to: id, finished: finished, now: now, in: db) }
    }

    /// ``appendEvents(to:_:finished:now:)``, blocking the calling thread until the transaction is
    /// on disk (for a session's own serial queue, never an event loop).
    @discardableResult
    public func appendEventsNow(to id: String, _ events: [Data], finished: Bool, now: Date = Date()) throws -> Int {
        try pool.write { db in try Self.append(events, to: id, finished: finished, now: now, in: db) }
    }

    /// Appends to several sessions' logs in one transaction (a group commit: one write to disk
    /// for the moves of many sessions made at about the same time).
    public func appendEventsNow(_ batch: [(id: String, events: [Data], finished: Bool)], now: Date = Date()) throws {
        try pool.write { db in
            for item in batch { _ = try Self.append(item.events, to: item.id, finished: item.finished, now: now, in: db) }
        }
    }

    static func append(_ events: [Data], to id: String, finished: Bool, now: Date, in db: Database) throws -> Int {
        let last = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM sessionEvent WHERE sessionID = ?", arguments: [id]) ?? 0
        for (offset, body) in events.enumerated() {
            try db.execute(sql: "INSERT INTO sessionEvent (sessionID, seq, body, created) VALUES (?, ?, ?, ?)",
                           arguments: [id, last + 1 + offset, body, now])
        }
        try db.execute(sql: "UPDATE session SET updated = ?, open = open AND ? WHERE id = ?", arguments: [now, !finished, id])
        return last + 1
    }

    /// Every session, most recently active first.
    public func sessions() async throws -> [SessionListing] {
        try await pool.read { db in
            try SessionListing.fetchAll(db, sql: SessionListing.query + " ORDER BY s.updated DESC, s.id")
        }
    }

    /// Session `id` with its setup, or nil.
    public func session(_ id: String) async throws -> StoredSession? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: SessionListing.query + " WHERE s.id = ?", arguments: [id]) else { return nil }
            return StoredSession(listing: try SessionListing(row: row), setup: row["setup"])
        }
    }

    /// The ids of the sessions not yet over, oldest first (a restarted server resumes them).
    public func openSessions() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM session WHERE open ORDER BY created, id") }
    }

    /// Session `id`'s events after sequence number `after`, in order.
    public func events(of id: String, after: Int = 0) async throws -> [StoredEvent] {
        try await pool.read { db in
            try StoredEvent.fetchAll(db, sql: "SELECT seq, body, created FROM sessionEvent WHERE sessionID = ? AND seq > ? ORDER BY seq",
                                     arguments: [id, after])
        }
    }
}

/// A session as the list shows it.
public struct SessionListing: Sendable, Hashable, FetchableRecord {
    public var id: String
    public var scenarioID: String
    public var number: Int
    public var title: String
    public var open: Bool
    public var events: Int
    public var created: Date
    public var updated: Date

    public init(row: Row) throws {
        id = row["id"]
        scenarioID = row["scenarioID"]
        number = row["number"]
        title = row["title"]
        open = row["open"]
        events = row["events"]
        created = row["created"]
        updated = row["updated"]
    }

    static let query = """
        SELECT s.id AS id, s.scenarioID AS scenarioID, s.number AS number, v.title AS title, s.open AS open, s.setup AS setup,
               s.created AS created, s.updated AS updated,
               (SELECT COUNT(*) FROM sessionEvent WHERE sessionID = s.id) AS events
        FROM session s JOIN version v ON v.scenarioID = s.scenarioID AND v.number = s.number
        """
}

/// A session with its setup (the caller's JSON, as stored).
public struct StoredSession: Sendable, Hashable {
    public var listing: SessionListing
    public var setup: Data
}

/// One entry of a session's log.
public struct StoredEvent: Sendable, Hashable, FetchableRecord {
    public var seq: Int
    public var body: Data
    public var created: Date

    public init(row: Row) throws {
        seq = row["seq"]
        body = row["body"]
        created = row["created"]
    }
}
