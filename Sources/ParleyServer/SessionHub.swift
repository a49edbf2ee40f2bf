import Dispatch
import Foundation
import ParleyKit
import ParleySimulation
import ParleyStore
import ParleyCore

/// The open negotiation sessions: one room each, with the session's state, the browsers
/// following it and its timers.
///
/// Everything that changes a session runs on its room's serial queue, off the event loops and
/// Swift's cooperative pool: the change is applied to a copy of the session, the automated seats
/// move, the new entries are written to the store in one transaction, and only then is the copy
/// made current and the entries sent to the followers. So an event a browser sees is on disk,
/// followers see events in order, readers never wait for a write, and a slow automated seat holds
/// up its own session only.
final class SessionHub: Sendable {
    let store: WorkspaceStore
    /// How a stored version is read (the workspace's cache of parsed scenarios).
    let load: @Sendable (String, Int) async throws -> LoadedScenario?
    private let rooms = Locked<[String: Room]>([:])
    let writer: GroupWriter
    /// The endpoint of language-model seats (nil: the workspace has none).
    let languageModel: LanguageModelSettings?

    init(store: WorkspaceStore, languageModel: LanguageModelSettings? = nil, load: @escaping @Sendable (String, Int) async throws -> LoadedScenario?) {
        self.store = store
        self.languageModel = languageModel
        self.load = load
        writer = GroupWriter(store: store)
    }

    /// Creates, stores and opens a session; automated seats that open move at once.
    func create(_ setup: SessionSetup, loaded: LoadedScenario) async throws -> Room? {
        let id = Secret.random().prefix(12)
        // Tabulating every package's utilities is work for the compute queue, not an event loop.
        let session = try await Workspace.computeAsync { try LiveSession(id: String(id), setup: setup, loaded: loaded, languageModel: self.languageModel) }
        guard try await store.createSession(id: String(id), scenarioID: setup.scenario, number: setup.version,
                                            setup: try JSONEncoder().encode(setup), now: setup.created) else { return nil }
        let room = Room(session: session, writer: writer)
        rooms.withLock { $0[String(id)] = room }
        try await room.commit { _ in [] }
        return room
    }

    /// The room of session `id`: in memory, or rebuilt from the store (a finished session is
    /// rebuilt for viewing; an open one resumes). Nil when there is no such session.
    func room(_ id: String) async throws -> Room? {
        if let room = rooms.withLock({ $0[id] }) { return room }
        guard let stored = try await store.session(id) else { return nil }
        let setup = try JSONDecoder().decode(SessionSetup.self, from: stored.setup)
        guard let loaded = try await load(setup.scenario, setup.version) else { return nil }
        let entries = try await store.events(of: id).map { try LiveSession.entry($0.body) }
        let session = try await Workspace.computeAsync { try LiveSession.resume(id: id, setup: setup, loaded: loaded, entries: entries, languageModel: self.languageModel) }
        let room = Room(session: session, writer: writer)
        let current = rooms.withLock { rooms in
            if let existing = rooms[id] { return existing }
            rooms[id] = room
            return room
        }
        if current === room, !session.isOver { try await room.commit { _ in [] } }
        return current
    }

    /// Resumes every open session after a start: each catches up with its clock and automated seats.
    func resumeOpenSessions() async throws {
        for id in try await store.openSessions() { _ = try await room(id) }
    }

    /// One session's room.
    final class Room: Sendable {
        let queue: DispatchQueue
        let writer: GroupWriter
        private let state: Locked<State>

        struct State {
            var session: LiveSession
            var followers: [UInt64: Follower] = [:]
            var nextFollower: UInt64 = 0
            /// Timers scheduled before the last commit are stale.
            var generation = 0
            var postSettlement: PostSettlement?
        }

        struct Follower {
            var viewer: SessionViewer
            var continuation: AsyncStream<String>.Continuation
            /// The last sequence number sent.
            var sent: Int
        }

        init(session: LiveSession, writer: GroupWriter) {
            queue = DispatchQueue(label: "parley.session.\(session.id)", qos: .userInitiated,
                                  target: DispatchQueue.global(qos: .userInitiated))
            self.writer = writer
            state = Locked(State(session: session))
        }

        /// The session as it is now.
        var session: LiveSession { state.withLock { $0.session } }

        /// The parties with a browser following the session.
        var connected: Set<Int> {
            state.withLock { state in
                Set(state.followers.values.compactMap { if case .party(let p) = $0.viewer { p } else { nil } })
            }
        }

        /// The view of `viewer`, with the events after `after`.
        func view(for viewer: SessionViewer, after: Int = 0) -> SessionView {
            let connected = connected
            return session.view(for: viewer, connected: connected, eventsAfter: after)
        }

        /// The analysis of the agreement, computed once.
        func postSettlement() -> PostSettlement? {
            if let cached = state.withLock({ $0.postSettlement }) { return cached }
            let analysis = session.postSettlement()
            state.withLock { $0.postSettlement = analysis }
            return analysis
        }

        /// Applies `change` on the room's queue, then the clock and the automated seats; stores
        /// the new entries, makes the result current and sends it to the followers.
        /// - Returns: the entries `change` made (an action's own events).
        @discardableResult
        func commit(_ change: @escaping @Sendable (inout LiveSession) throws -> [SessionEntry]) async throws -> [SessionEntry] {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(with: Result { try self.apply(change) })
                }
            }
        }

        /// The body of ``commit(_:)``, on the queue.
        private func apply(_ change: (inout LiveSession) throws -> [SessionEntry]) throws -> [SessionEntry] {
            var session = state.withLock { $0.session }
            let before = session.entries.count
            let own = try change(&session)
            let now = Date()
            session.checkClock(now: now)
            if session.setup.pace == 0 { session.runAutomated(now: now) }
            let new = Array(session.entries[before...])
            if !new.isEmpty {
                try writer.write(session.id, try new.map(LiveSession.stored), finished: session.isOver)
            }
            let committed = session
            let generation = state.withLock { state in
                state.session = committed
                state.generation += 1
                for key in state.followers.keys { Self.send(to: &state.followers[key]!, committed, connected: Self.connected(state)) }
                return state.generation
            }
            schedule(committed, generation: generation)
            return own
        }

        /// The next tick: the next automated move at the session's pace, or the next deadline.
        private func schedule(_ session: LiveSession, generation: Int) {
            let delay: Double
            if session.automatedToMove, session.setup.pace > 0 {
                delay = session.setup.pace
            } else if let deadline = session.nextDeadline() {
                // A deadline this commit already handled and that changed nothing is not retried.
                guard deadline.timeIntervalSinceNow > -0.5 else { return }
                delay = max(0, deadline.timeIntervalSinceNow) + 0.005
            } else {
                return
            }
            queue.asyncAfter(deadline: .now() + delay) { [weak self] in
                guard let self, self.state.withLock({ $0.generation == generation }) else { return }
                _ = try? self.apply { session in
                    session.automatedToMove && session.setup.pace > 0 ? session.runAutomated(limit: 1) : []
                }
            }
        }

        /// Follows the session as `viewer`: the stream yields the view with the events after
        /// `after` at once, then every change. The viewer's party counts as connected while the
        /// stream is followed.
        func follow(as viewer: SessionViewer, after: Int) -> AsyncStream<String> {
            let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(256))
            let key = state.withLock { state in
                let key = state.nextFollower
                state.nextFollower += 1
                // A follower that asks for events after more than there are gets the new ones only.
                let sent = min(after, state.session.entries.count)
                state.followers[key] = Follower(viewer: viewer, continuation: continuation, sent: sent)
                let connected = Self.connected(state)
                for other in state.followers.keys { Self.send(to: &state.followers[other]!, state.session, connected: connected, always: true) }
                return key
            }
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.state.withLock { state in
                    state.followers[key] = nil
                    let connected = Self.connected(state)
                    for other in state.followers.keys { Self.send(to: &state.followers[other]!, state.session, connected: connected, always: true) }
                }
            }
            return stream
        }

        private static func connected(_ state: State) -> Set<Int> {
            Set(state.followers.values.compactMap { if case .party(let p) = $0.viewer { p } else { nil } })
        }

        /// Sends a follower the view with the events it has not had (nothing when there are none, unless `always`).
        private static func send(to follower: inout Follower, _ session: LiveSession, connected: Set<Int>, always: Bool = false) {
            guard always || session.entries.count > follower.sent else { return }
            let view = session.view(for: follower.viewer, connected: connected, eventsAfter: follower.sent)
            guard let text = try? LiveSession.json(view) else { return }
            follower.sent = session.entries.count
            follower.continuation.yield(text)
        }
    }
}

/// Writes the sessions' new events with group commit: a room's queue hands its entries over and
/// waits; the writer puts everything waiting into one transaction, so many sessions moving at
/// once cost one write to disk, not one each. An entry is on disk before its room goes on.
final class GroupWriter: Sendable {
    let store: WorkspaceStore
    private let queue = DispatchQueue(label: "parley.session.writer", qos: .userInitiated)
    private let pending = Locked<(items: [Item], flushing: Bool)>(([], false))

    struct Item {
        var id: String
        var events: [Data]
        var finished: Bool
        var done: @Sendable (Error?) -> Void
    }

    init(store: WorkspaceStore) { self.store = store }

    /// Appends `events` to session `id`'s log; returns once they are on disk.
    func write(_ id: String, _ events: [Data], finished: Bool) throws {
        let semaphore = DispatchSemaphore(value: 0)
        let failure = Locked<Error?>(nil)
        let item = Item(id: id, events: events, finished: finished) { error in
            failure.withLock { $0 = error }
            semaphore.signal()
        }
        let start = pending.withLock { state in
            state.items.append(item)
            if state.flushing { return false }
            state.flushing = true
            return true
        }
        if start { queue.async { self.flush() } }
        semaphore.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Writes everything waiting, then what came in meanwhile, until nothing waits.
    private func flush() {
        while true {
            let batch = pending.withLock { state -> [Item] in
                let items = state.items
                state.items = []
                if items.isEmpty { state.flushing = false }
                return items
            }
            if batch.isEmpty { return }
            let error: Error?
            do {
                try store.appendEventsNow(batch.map { ($0.id, $0.events, $0.finished) })
                error = nil
            } catch let failure {
                error = failure
            }
            for item in batch { item.done(error) }
        }
    }
}
