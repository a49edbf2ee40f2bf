import Crypto
import Dispatch
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyKit
import ParleyStore
import ParleyCore

/// How the workspace server runs.
public struct WorkspaceConfiguration: Sendable {
    /// The address to bind: loopback unless the user says otherwise.
    public var host = "127.0.0.1"
    /// The port (0: any free port).
    public var port = 8080
    /// The access token every request must carry.
    public var token: String
    /// The largest request body accepted, in bytes.
    public var bodyLimit = 10 << 20
    /// The most packages an analysis may enumerate.
    public var maxPackages = AgreementSpaceOptions().maxPackages
    /// Extra host names the Host header may carry (besides the bound address and loopback names).
    public var allowedHosts: [String] = []
    /// Whether a session's seat may run an external agent program (the command runs on this machine).
    public var allowAgentCommands = false
    /// The chat-completions endpoint of language-model seats (`--llm-base-url`); nil: no such seats.
    public var languageModel: LanguageModelSettings?

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String, bodyLimit: Int = 10 << 20) {
        self.host = host
        self.port = port
        self.token = token
        self.bodyLimit = bodyLimit
    }

    /// Whether `host` is a loopback address (the only ones the server binds to without an explicit token).
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// A new random token: 32 bytes from the system's generator, as hex.
    public static func newToken() -> String { Secret.random() }
}

/// The request context: whether the request was authenticated by the browser's cookie (and so
/// must prove it came from the workspace's own page: the CSRF token) or by a bearer token.
public struct WorkspaceContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<WorkspaceContext>
    /// Authenticated by the session cookie rather than an `Authorization` header.
    var viaCookie = false
    /// A seat link's token (a negotiation session's routes only): the request speaks for that
    /// seat, not for the workspace.
    var seatToken: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}

/// The workspace's shared state: the store, the token, caches of parsed scenarios, running jobs.
public final class Workspace: Sendable {
    public let store: WorkspaceStore
    public let configuration: WorkspaceConfiguration
    let analyses: WorkspaceAnalyses
    /// The token forms carry (derived from the access token, so it survives a restart with the same token).
    let csrfToken: String
    let jobs = JobCenter()
    /// The negotiation sessions.
    let sessions: SessionHub
    /// Computed results kept in memory too (the store keeps them across restarts).
    let hot = Locked<[String: (mediaType: String, body: Data)]>([:])
    /// Parsed versions and their analyses, for what-if (by text digest and file name).
    let parsed = Locked<[String: (LoadedScenario, AnalysisReport)]>([:])
    /// Analyses run here, off Swift's cooperative pool: a long analysis never delays other requests.
    static let computeQueue = DispatchQueue(label: "parley.workspace.compute", qos: .userInitiated, attributes: .concurrent)

    public init(store: WorkspaceStore, configuration: WorkspaceConfiguration) {
        self.store = store
        self.configuration = configuration
        analyses = WorkspaceAnalyses(options: AgreementSpaceOptions(maxPackages: configuration.maxPackages))
        sessions = SessionHub(store: store, languageModel: configuration.languageModel) { id, number in
            guard let stored = try await store.version(id, number) else { return nil }
            let file = Workspace.fileName(id, number, mediaType: stored.info.mediaType)
            let text = String(decoding: stored.text, as: UTF8.self)
            return try await Workspace.computeAsync { try LoadedScenario.read(text, file: file) }
        }
        csrfToken = SHA256.hash(data: Data(("parley-csrf:" + configuration.token).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Runs `work` on the compute queue and waits for it without holding a cooperative thread.
    func compute<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.computeAsync(work)
    }

    static func computeAsync<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.computeQueue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// On a new (empty) database, imports the founding case as the first scenario.
    public func seedIfEmpty() async throws {
        guard try await store.scenarios().isEmpty else { return }
        let text = try BundledExample.foundingCase()
        let loaded = try LoadedScenario.read(text, file: BundledExample.foundingCaseName)
        _ = try await store.createScenario(
            preferredID: loaded.scenario.id.isEmpty ? loaded.scenario.title : loaded.scenario.id,
            NewVersion(text: Data(text.utf8), mediaType: "application/yaml", title: loaded.scenario.title,
                       parties: loaded.scenario.parties.count, issues: loaded.scenario.issues.count,
                       message: "The founding case, bundled with Parley", author: "parley"))
    }

    /// The name a stored version is read under (diagnostics and reports name it).
    static func fileName(_ id: String, _ version: Int, mediaType: String) -> String {
        "\(id)-v\(version).\(mediaType == "application/json" ? "json" : "yaml")"
    }
}

/// Builds the workspace application: the router with its middleware, bound as configured.
/// - Parameter onServerRunning: called with the bound port once the server listens.
public func buildApplication(_ workspace: Workspace, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
    -> some ApplicationProtocol {
    let router = buildRouter(workspace)
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 16))),
        configuration: .init(address: .hostname(workspace.configuration.host, port: workspace.configuration.port),
                             serverName: "Parley"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: {
            var logger = Logger(label: "parley.workspace")
            logger.logLevel = .warning
            return logger
        }()
    )
}

/// The router: pages, the JSON API and the assets, behind the security middleware. Testable
/// without sockets (HummingbirdTesting's router framework).
public func buildRouter(_ workspace: Workspace) -> Router<WorkspaceContext> {
    let router = Router(context: WorkspaceContext.self)
    router.add(middleware: SecurityMiddleware(workspace: workspace))
    APIRoutes(workspace: workspace).add(to: router)
    PageRoutes(workspace: workspace).add(to: router)
    SessionRoutes(workspace: workspace).add(to: router)
    SessionPages(workspace: workspace).add(to: router)
    AssetRoutes().add(to: router)
    return router
}

/// Runs the workspace until SIGINT or SIGTERM: seeds a new database with the founding case, binds,
/// and calls `onRunning` with the bound port.
public func serve(_ workspace: Workspace, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
    try await workspace.seedIfEmpty()
    try await workspace.sessions.resumeOpenSessions()
    try await buildApplication(workspace, onServerRunning: onRunning).runService()
}
