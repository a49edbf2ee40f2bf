import Foundation
import HTTPTypes
import Hummingbird
import ParleyKit
import ParleyStore

/// The JSON API under `/api/v1` (documented in docs/workspace.md and `GET /api/v1/openapi.json`).
/// Each route reads the request, calls a ParleyKit use case or the store, and writes the same
/// JSON contract the command line prints.
struct APIRoutes: Sendable {
    let workspace: Workspace

    func add(to router: Router<WorkspaceContext>) {
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in Reply.bytes(OpenAPIDocument.data, mediaType: "application/json") }
        api.get("scenarios") { _, _ in try await listScenarios() }
        api.post("scenarios") { request, _ in try await createScenario(request) }
        api.post("validate") { request, _ in try await validate(request) }
        api.get("scenarios/:id") { _, context in try await scenario(context) }
        api.get("scenarios/:id/versions") { _, context in try await versions(context) }
        api.post("scenarios/:id/versions") { request, context in try await addVersion(request, context) }
        api.get("scenarios/:id/versions/:n") { _, context in try await versionText(context) }
        for kind in StoredAnalysis.allCases {
            api.get("scenarios/:id/versions/:n/\(kind.rawValue)") { request, context in try await analysis(kind, request, context) }
        }
        api.get("scenarios/:id/versions/:n/whatif") { request, context in try await whatIf(request, context) }
        api.get("scenarios/:id/versions/:n/export") { request, context in try await export(request, context) }
        api.get("scenarios/:id/diff") { request, context in try await diff(request, context) }
        api.get("jobs/:job") { _, context in
            guard let status = workspace.jobs.status(context.parameters.get("job") ?? "") else {
                return Reply.problem(.notFound, "no such job")
            }
            return Reply.json(status)
        }
        api.delete("jobs/:job") { _, context in
            workspace.jobs.cancel(context.parameters.get("job") ?? "")
                ? Reply.json(["cancelled": true]) : Reply.problem(.notFound, "no such running job")
        }
    }

    // MARK: Scenarios and versions

    struct Summary: Encodable {
        var id: String
        var title: String
        var parties: Int
        var issues: Int
        var versions: Int
        var created: String
        var updated: String

        init(_ summary: ScenarioListing) {
            id = summary.id
            title = summary.title
            parties = summary.parties
            issues = summary.issues
            versions = summary.versions
            created = Timestamp.text(summary.created)
            updated = Timestamp.text(summary.updated)
        }
    }

    struct Version: Encodable {
        var version: Int
        var message: String
        var author: String
        var created: String
        var sha256: String
        var mediaType: String
        var title: String

        init(_ info: VersionInfo) {
            version = info.number
            message = info.message
            author = info.author
            created = Timestamp.text(info.created)
            sha256 = info.sha256
            mediaType = info.mediaType
            title = info.title
        }
    }

    func listScenarios() async throws -> Response {
        Reply.json(try await workspace.store.scenarios().map(Summary.init))
    }

    func scenario(_ context: WorkspaceContext) async throws -> Response {
        guard let summary = try await workspace.store.scenario(context.parameters.get("id") ?? "") else { return notFound("scenario") }
        return Reply.json(Summary(summary))
    }

    func versions(_ context: WorkspaceContext) async throws -> Response {
        guard let versions = try await workspace.store.versions(of: context.parameters.get("id") ?? "") else { return notFound("scenario") }
        return Reply.json(versions.map(Version.init))
    }

    /// A posted scenario: its text, media type and name for diagnostics.
    func posted(_ request: inout Request) async throws -> (text: String, mediaType: String)? {
        let data = try await request.data(limit: workspace.configuration.bodyLimit)
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        return (text, scenarioMediaType(text))
    }

    func createScenario(_ request: Request) async throws -> Response {
        var request = request
        do {
            guard let (text, mediaType) = try await posted(&request) else { return notUTF8() }
            let file = mediaType == "application/json" ? "scenario.json" : "scenario.yaml"
            let loaded = try await workspace.compute { try LoadedScenario.read(text, file: file) }
            let id = try await workspace.store.createScenario(
                preferredID: loaded.scenario.id.isEmpty ? loaded.scenario.title : loaded.scenario.id,
                newVersion(text, mediaType, loaded, request, defaultMessage: "Created"))
            return Reply.json(Created(id: id, version: 1), status: .created)
        } catch {
            return apiResponse(for: error, file: nil)
        }
    }

    struct Created: Encodable {
        var id: String?
        var version: Int
    }

    func addVersion(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let id = context.parameters.get("id") ?? ""
        do {
            guard try await workspace.store.scenario(id) != nil else { return notFound("scenario") }
            guard let (text, mediaType) = try await posted(&request) else { return notUTF8() }
            let file = mediaType == "application/json" ? "scenario.json" : "scenario.yaml"
            let loaded = try await workspace.compute { try LoadedScenario.read(text, file: file) }
            guard let number = try await workspace.store.addVersion(to: id, newVersion(text, mediaType, loaded, request, defaultMessage: "Saved"))
            else { return notFound("scenario") }
            return Reply.json(Created(id: nil, version: number), status: .created)
        } catch {
            return apiResponse(for: error, file: nil)
        }
    }

    func newVersion(_ text: String, _ mediaType: String, _ loaded: LoadedScenario, _ request: Request, defaultMessage: String) -> NewVersion {
        let message = request.headers[.parleyMessage].map { String($0.prefix(2_000)) } ?? defaultMessage
        let author = request.headers[.parleyAuthor].map { String($0.prefix(200)) } ?? "api"
        return NewVersion(text: Data(text.utf8), mediaType: mediaType, title: loaded.scenario.title,
                          parties: loaded.scenario.parties.count, issues: loaded.scenario.issues.count, message: message, author: author)
    }

    /// `POST /api/v1/validate`: the validation report of a scenario text (nothing stored).
    func validate(_ request: Request) async throws -> Response {
        var request = request
        do {
            guard let (text, mediaType) = try await posted(&request) else { return notUTF8() }
            let file = mediaType == "application/json" ? "scenario.json" : "scenario.yaml"
            let report = await (try? workspace.compute { () throws -> ValidationReport in
                do { return ValidationReport(try LoadedScenario.read(text, file: file)) } catch let error as DiagnosticError {
                    return ValidationReport(file: file, error: error)
                }
            })
            return Reply.json(ValidationBody(report))
        } catch {
            return apiResponse(for: error, file: nil)
        }
    }

    struct ValidationBody: Encodable {
        var contract = "parley.validation/1"
        var valid: Bool
        var diagnostics: [APIDiagnostic]

        init(_ report: ValidationReport?) {
            valid = report?.valid ?? false
            diagnostics = (report?.diagnostics ?? []).map(APIDiagnostic.init)
        }
    }

    func versionText(_ context: WorkspaceContext) async throws -> Response {
        guard let stored = try await storedVersion(context) else { return notFound("version") }
        return Reply.bytes(stored.text, mediaType: stored.info.mediaType + "; charset=utf-8")
    }

    // MARK: Analyses

    func storedVersion(_ context: WorkspaceContext) async throws -> StoredVersion? {
        guard let id = context.parameters.get("id"), let number = context.parameters.get("n").flatMap(Int.init) else { return nil }
        return try await workspace.store.version(id, number)
    }

    func analysis(_ kind: StoredAnalysis, _ request: Request, _ context: WorkspaceContext) async throws -> Response {
        guard let stored = try await storedVersion(context) else { return notFound("version") }
        let parameters = request.queryDictionary
        let key = ResultKey(scenarioID: stored.info.scenarioID, version: stored.info.number, kind: "json:" + kind.rawValue,
                            parameters: WorkspaceAnalyses.canonical(parameters, for: kind), parleyVersion: ParleyVersion.current)
        let file = Workspace.fileName(stored.info.scenarioID, stored.info.number, mediaType: stored.info.mediaType)
        do {
            let body = try await workspace.cached(key, mediaType: "application/json") { [analyses = workspace.analyses] in
                try analyses.json(kind, text: String(decoding: stored.text, as: UTF8.self), file: file, parameters: parameters)
            }
            return Reply.json(body)
        } catch {
            return apiResponse(for: error, file: file)
        }
    }

    /// `GET .../whatif?set=PARTY.reservation=0.4&drop=RED_LINE&leverage=MOVE`: the analysis before and after the changes.
    func whatIf(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        guard let stored = try await storedVersion(context) else { return notFound("version") }
        let file = Workspace.fileName(stored.info.scenarioID, stored.info.number, mediaType: stored.info.mediaType)
        let settings = request.query("set"), drops = request.query("drop"), levers = request.query("leverage")
        guard settings.count + drops.count + levers.count <= 500 else { return Reply.problem(.badRequest, "at most 500 changes at once") }
        do {
            let report = try await workspace.compute { [workspace] in
                let (loaded, base) = try workspace.baseAnalysis(stored, file: file)
                return try workspace.analyses.whatIf(loaded, settings: settings, dropRedLines: drops, leverage: levers, base: base)
            }
            return Reply.json(report)
        } catch {
            return apiResponse(for: error, file: file)
        }
    }

    /// `GET .../export?format=parley|parley-json|genius|geniusweb|negmas|html`: a file (Parley) or a zip (the others).
    func export(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        guard let stored = try await storedVersion(context) else { return notFound("version") }
        let file = Workspace.fileName(stored.info.scenarioID, stored.info.number, mediaType: stored.info.mediaType)
        let name = request.uri.queryParameters["format"].map(String.init) ?? "parley"
        do {
            return try await Exports.response(format: name, stored: stored, file: file, workspace: workspace)
        } catch {
            return apiResponse(for: error, file: file)
        }
    }

    func diff(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let versions = try await workspace.store.versions(of: id) else { return notFound("scenario") }
        guard let from = request.uri.queryParameters["from"].flatMap({ Int(String($0)) }),
              let to = request.uri.queryParameters["to"].flatMap({ Int(String($0)) }) else {
            return Reply.problem(.badRequest, "give the versions to compare: ?from=N&to=M", help: "the scenario has versions 1 to \(versions.count)")
        }
        guard let old = try await workspace.store.version(id, from), let new = try await workspace.store.version(id, to) else {
            return Reply.problem(.notFound, "the scenario has versions 1 to \(versions.count)")
        }
        let key = ResultKey(scenarioID: id, version: to, kind: "json:diff", parameters: "from=\(from)", parleyVersion: ParleyVersion.current)
        do {
            let body = try await workspace.cached(key, mediaType: "application/json") { [analyses = workspace.analyses] in
                try analyses.diff(old: String(decoding: old.text, as: UTF8.self), oldFile: Workspace.fileName(id, from, mediaType: old.info.mediaType),
                                  new: String(decoding: new.text, as: UTF8.self), newFile: Workspace.fileName(id, to, mediaType: new.info.mediaType))
            }
            return Reply.json(body)
        } catch {
            return apiResponse(for: error, file: nil)
        }
    }

    func notFound(_ what: String) -> Response {
        Reply.problem(.notFound, "no such \(what)", help: "GET /api/v1/scenarios lists the scenarios and their versions")
    }

    func notUTF8() -> Response {
        Reply.problem(.badRequest, "the body is not UTF-8 text", help: "send the scenario as UTF-8 YAML or JSON")
    }
}

extension Workspace {
    /// A result computed once per version, parameters and Parley version: from memory, else from
    /// the store, else computed off the cooperative pool and stored.
    func cached(_ key: ResultKey, mediaType: String, _ work: @escaping @Sendable () throws -> String) async throws -> String {
        let memoryKey = "\(key.scenarioID)|\(key.version)|\(key.kind)|\(key.parameters)"
        if let hit = hot.withLock({ $0[memoryKey] }) { return String(decoding: hit.body, as: UTF8.self) }
        if let stored = try await store.result(key) {
            remember(memoryKey, stored.body, mediaType: mediaType)
            return String(decoding: stored.body, as: UTF8.self)
        }
        let body = try await compute(work)
        try await store.storeResult(StoredResult(key: key, mediaType: mediaType, body: Data(body.utf8)))
        remember(memoryKey, Data(body.utf8), mediaType: mediaType)
        return body
    }

    /// The scenario of a stored version and its analysis, parsed and computed once per version
    /// (what-if requests change them, never these).
    func baseAnalysis(_ stored: StoredVersion, file: String) throws -> (LoadedScenario, AnalysisReport) {
        let key = stored.info.sha256 + "|" + file
        if let hit = parsed.withLock({ $0[key] }) { return hit }
        let loaded = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: file)
        let base = try Analyze(options: analyses.options)(loaded)
        parsed.withLock { cache in
            if cache.count >= 32 { cache.removeAll(keepingCapacity: true) }
            cache[key] = (loaded, base)
        }
        return (loaded, base)
    }

    func remember(_ key: String, _ body: Data, mediaType: String) {
        hot.withLock { cache in
            if cache.count >= 256 { cache.removeAll(keepingCapacity: true) }
            cache[key] = (mediaType, body)
        }
    }
}

/// Times as ISO 8601 in UTC, to the second.
enum Timestamp {
    static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
