import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import ParleyKit
import ParleySimulation

/// The negotiation sessions' API: create a session, a seat's or the analyst's view, actions,
/// events after a sequence number, the export, seat changes, and the live WebSocket.
///
/// A request speaks for the workspace (its token: the analyst, who sees everything) or for one
/// seat (the seat link's token: that party's view only, and its actions).
struct SessionRoutes: Sendable {
    let workspace: Workspace

    func add(to router: Router<WorkspaceContext>) {
        let api = router.group("api/v1")
        api.get("sessions") { _, context in try await list(context) }
        api.post("sessions") { request, context in try await create(request, context) }
        api.get("sessions/:sid/state") { request, context in
            try await withViewer(context) { room, viewer in
                Reply.json(try LiveSession.json(room.view(for: viewer, after: Self.after(request) ?? 0)))
            }
        }
        api.get("sessions/:sid/events") { request, context in
            try await withViewer(context) { room, viewer in
                guard let after = Self.after(request) else { return Reply.problem(.badRequest, "after must be a whole number, 0 or more") }
                return Reply.json(try LiveSession.json(EventsBody(events: room.session.events(after: after, for: viewer),
                                                                  lastSeq: room.session.entries.count)))
            }
        }
        api.post("sessions/:sid/actions") { request, context in try await act(request, context) }
        api.post("sessions/:sid/preview") { request, context in try await preview(request, context) }
        api.get("sessions/:sid/export") { _, context in try await export(context) }
        api.post("sessions/:sid/seats/:party") { request, context in try await changeSeat(request, context) }
        api.get("sessions/:sid/analysis") { _, context in
            try await withViewer(context) { room, viewer in
                guard viewer == .analyst else { return Reply.problem(.forbidden, "the analysis of the agreement is the analyst's") }
                guard let analysis = room.postSettlement() else {
                    return Reply.problem(.conflict, "the session has not ended with an agreement", help: "ask again once it has")
                }
                return Reply.json(try LiveSession.json(analysis))
            }
        }
        router.ws("api/v1/sessions/:sid/live") { request, context in
            // A browser sends the cookie with a WebSocket from any site: with the cookie, the
            // request must come from the workspace's own pages.
            if context.viaCookie, !Self.sameOrigin(request) { return .dontUpgrade }
            guard let room = try await workspace.sessions.room(context.parameters.get("sid") ?? ""),
                  viewer(room, context) != nil else { return .dontUpgrade }
            return .upgrade()
        } onUpgrade: { inbound, outbound, ws in
            let context = ws.requestContext
            guard let room = try await workspace.sessions.room(context.parameters.get("sid") ?? ""),
                  let viewer = viewer(room, context) else { return }
            let after = Int(ws.request.uri.queryParameters.get("after") ?? "0") ?? 0
            let updates = room.follow(as: viewer, after: max(0, after))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in updates { try await outbound.write(.text(text)) }
                }
                // The client only listens; reading keeps pings and the close handshake going.
                for try await _ in inbound.messages(maxSize: 4096) {}
                group.cancelAll()
            }
        }
    }

    struct EventsBody: Encodable {
        var events: [SessionEventView]
        var lastSeq: Int
    }

    static func after(_ request: Request) -> Int? {
        guard let text = request.uri.queryParameters.get("after") else { return 0 }
        guard let value = Int(text), value >= 0 else { return nil }
        return value
    }

    /// Whether the request's Origin is this server (the Host it was sent to).
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], let authority = request.head.authority else { return false }
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    /// Who the request speaks for: the analyst (the workspace's token) or a seat of this session.
    func viewer(_ room: SessionHub.Room, _ context: WorkspaceContext) -> SessionViewer? {
        guard let token = context.seatToken else { return .analyst }
        return room.session.party(token: token).map { .party($0) }
    }

    /// Runs `body` with the session and the viewer: 404 for no such session, 403 for a token that
    /// is not one of its seats.
    func withViewer(_ context: WorkspaceContext, _ body: (SessionHub.Room, SessionViewer) async throws -> Response) async throws -> Response {
        guard let room = try await workspace.sessions.room(context.parameters.get("sid") ?? "") else {
            return Reply.problem(.notFound, "no such session")
        }
        guard let viewer = viewer(room, context) else {
            return Reply.problem(.forbidden, "this token is not a seat of this session", help: "use the link the session's creator gave you")
        }
        return try await body(room, viewer)
    }

    func list(_ context: WorkspaceContext) async throws -> Response {
        guard context.seatToken == nil else { return Reply.problem(.forbidden, "the list of sessions is the workspace's") }
        let sessions = try await workspace.store.sessions().map { s in
            Listed(id: s.id, scenario: s.scenarioID, version: s.number, title: s.title, open: s.open, events: s.events,
                   created: Timestamp.text(s.created), updated: Timestamp.text(s.updated))
        }
        return Reply.json(sessions)
    }

    struct Listed: Encodable {
        var id, scenario: String
        var version: Int
        var title: String
        var open: Bool
        var events: Int
        var created, updated: String
    }

    /// Reads a JSON object body: nil when it is not one (answer with ``notAnObject()``).
    func object(_ request: inout Request) async throws -> [String: Any]? {
        let data = try await request.data(limit: workspace.configuration.bodyLimit)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    func notAnObject() -> Response {
        Reply.problem(.badRequest, "the body must be a JSON object", help: "send Content-Type: application/json")
    }

    func problems(_ problems: SessionProblems) -> Response {
        Reply.json(ProblemsBody(diagnostics: problems.problems.map {
            .init(severity: "error", message: $0.message, field: $0.field, help: $0.help)
        }), status: .unprocessableContent)
    }

    /// `parley.diagnostics/1` with each problem's field (a request body has no lines).
    struct ProblemsBody: Encodable {
        var contract = "parley.diagnostics/1"
        var diagnostics: [Item]
        struct Item: Encodable { var severity, message, field, help: String }
    }

    struct Created: Encodable {
        var id: String
        var url: String
        var seats: [String: SeatLink]
        struct SeatLink: Encodable { var token: String; var url: String }
    }

    func create(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        guard context.seatToken == nil else { return Reply.problem(.forbidden, "creating a session needs the workspace's token") }
        var request = request
        guard let body = try await object(&request) else { return notAnObject() }
        guard let scenarioID = body["scenario"] as? String, let number = body["version"].flatMap(SessionSetup.integer) else {
            return Reply.problem(.badRequest, "name the scenario and its version", help: "{\"scenario\": \"ID\", \"version\": 1, ...}")
        }
        guard let loaded = try await workspace.sessions.load(scenarioID, number) else { return Reply.problem(.notFound, "no such scenario version") }
        do {
            let room = try await newSession(body, loaded: loaded)
            return Reply.json(created(room, request), status: .created)
        } catch let problems as SessionProblems {
            return self.problems(problems)
        } catch let error as DiagnosticError {
            return Reply.diagnostics(error, file: nil)
        }
    }

    /// Creates a session from a request body (the API's or the form's).
    func newSession(_ body: [String: Any], loaded: LoadedScenario) async throws -> SessionHub.Room {
        let setup = try SessionSetup.read(body, scenario: loaded.scenario, allowCommands: workspace.configuration.allowAgentCommands,
                                          languageModels: workspace.configuration.languageModel != nil)
        guard let room = try await workspace.sessions.create(setup, loaded: loaded) else { throw SessionProblems([
            .init(field: "version", message: "no such scenario version", help: "list the versions with GET /api/v1/scenarios/ID/versions"),
        ]) }
        return room
    }

    func created(_ room: SessionHub.Room, _ request: Request) -> Created {
        let session = room.session
        let base = request.head.authority.map { "http://\($0)" } ?? ""
        var seats: [String: Created.SeatLink] = [:]
        for (party, seat) in session.setup.seats { if let token = seat.token { seats[party] = .init(token: token, url: "\(base)/play/\(session.id)#\(token)") } }
        return Created(id: session.id, url: "\(base)/sessions/\(session.id)", seats: seats)
    }

    func act(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        return try await withViewer(context) { room, viewer in
            guard case .party(let party) = viewer else {
                return Reply.problem(.forbidden, "actions come from the seats", help: "use a seat's link (its token), not the workspace's token")
            }
            guard let body = try await object(&request) else { return notAnObject() }
            let box = UncheckedBody(value: body)
            do {
                let entries = try await room.commit { session in try session.act(box.value, by: party) }
                let first = room.session.entries.firstIndex(of: entries[0]) ?? 0
                return Reply.json(try LiveSession.json(EventsBody(events: room.session.events(after: first, for: viewer),
                                                                  lastSeq: room.session.entries.count)))
            } catch SessionActionError.conflict(let message) {
                return Reply.problem(.conflict, message, help: "GET the state to see whose turn it is")
            } catch SessionActionError.invalid(let problems) {
                return self.problems(problems)
            }
        }
    }

    func preview(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        return try await withViewer(context) { room, viewer in
            guard case .party(let party) = viewer else { return Reply.problem(.forbidden, "a preview is for a seat's own preferences") }
            guard let body = try await object(&request) else { return notAnObject() }
            switch room.session.preview(body["package"] as? [String: Any] ?? body, for: party) {
            case .success(let preview): return Reply.json(try LiveSession.json(preview))
            case .failure(let problems): return self.problems(problems)
            }
        }
    }

    func export(_ context: WorkspaceContext) async throws -> Response {
        try await withViewer(context) { room, viewer in
            guard viewer == .analyst else { return Reply.problem(.forbidden, "the export holds every party's utilities: it is the analyst's") }
            return Reply.bytes(Data(try room.session.exportLines().utf8), mediaType: "application/x-ndjson",
                               fileName: "session-\(room.session.id).jsonl")
        }
    }

    func changeSeat(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        return try await withViewer(context) { room, viewer in
            guard viewer == .analyst else { return Reply.problem(.forbidden, "seats are changed by the session's creator") }
            guard let party = room.session.partyIndex(context.parameters.get("party") ?? "") else {
                return Reply.problem(.notFound, "no such party", help: "the parties: \(room.session.parties.joined(separator: ", "))")
            }
            guard let body = try await object(&request) else { return notAnObject() }
            var strategy: Strategy?
            if let name = body["strategy"], !(name is NSNull) {
                guard let raw = name as? String, let chosen = Strategy(rawValue: raw) else {
                    return problems(SessionProblems([.init(field: "strategy", message: "unknown strategy",
                                                           help: "the strategies: \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")), or null for a person")]))
                }
                strategy = chosen
            }
            guard !room.session.isOver else { return Reply.problem(.conflict, "the session is over") }
            let chosen = strategy
            try await room.commit { session in session.changeSeat(party, to: chosen) }
            return Reply.json(try LiveSession.json(room.view(for: .analyst, after: room.session.entries.count)))
        }
    }
}

/// A JSON object read once and handed to the session's queue unchanged.
struct UncheckedBody: @unchecked Sendable {
    let value: [String: Any]
}
