import Foundation
import HTTPTypes
import Hummingbird
import ParleyKit

/// Every request passes here first:
/// - the Host header must name this server (a loopback name, the bound address, or an allowed
///   host), which defeats DNS rebinding;
/// - the access token must come as `Authorization: Bearer TOKEN`, as the session cookie, or as
///   `?token=` on a page (which sets the cookie and redirects to the same page without it, so the
///   token does not stay in the address bar or in history);
/// - a state-changing request authenticated by the cookie must carry the CSRF token (header
///   `X-Parley-CSRF`, or the `csrf` field the pages' forms hold, checked by the form routes);
/// - every response gets headers that keep pages from being framed, sniffed or leaking addresses,
///   and a content security policy that allows the workspace's own scripts and styles only.
/// Wrong or missing credentials give `401` with a message that says what to do and nothing else.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WorkspaceContext
    let workspace: Workspace

    static let cookieName = "parley_token"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await guarded(request, context: context, next: next)
        response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }

    func guarded(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard hostAllowed(request.head.authority) else {
            return Reply.problem(.misdirectedRequest, "this server does not answer for the host '\(request.head.authority ?? "")'",
                                 help: "open the workspace at the address parley serve printed")
        }
        let path = request.uri.path
        // The seat page is a shell without data: it reads its seat's token from the address's
        // fragment (never sent to a server) and asks the API with it.
        if path.hasPrefix("/assets/") || path.hasPrefix("/play/") { return try await next(request, context) }
        var context = context
        // A negotiation session's routes also take a seat link's token; the route checks it
        // against the session's seats (403 when it is not one of them).
        let sessionRoute = path.hasPrefix("/api/v1/sessions/")
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return unauthorized(request) }
            let token = String(parts[1])
            if Self.same(token, workspace.configuration.token) { return try await next(request, context) }
            guard sessionRoute, !token.isEmpty, token.count <= 128 else { return unauthorized(request) }
            context.seatToken = token
            return try await next(request, context)
        }
        // A browser's WebSocket cannot send headers: the live route takes the token as `?token=`.
        if sessionRoute, request.method == .get, let query = request.uri.queryParameters["token"] {
            let token = String(query)
            guard !token.isEmpty, token.count <= 128 else { return unauthorized(request) }
            if !Self.same(token, workspace.configuration.token) { context.seatToken = token }
            return try await next(request, context)
        }
        if let query = request.uri.queryParameters["token"] {
            guard Self.same(String(query), workspace.configuration.token), request.method == .get else { return unauthorized(request) }
            // The token moves into a cookie; the page reloads without it.
            var response = Response(status: .seeOther, headers: [.location: Self.withoutToken(request)])
            response.headers[.setCookie] = Self.cookie(workspace.configuration.token)
            return response
        }
        guard let cookie = request.cookies[Self.cookieName], Self.same(cookie.value, workspace.configuration.token) else {
            return unauthorized(request)
        }
        context.viaCookie = true
        if ![.get, .head].contains(request.method) {
            let mediaType = request.headers[.contentType]?.lowercased() ?? ""
            let isForm = mediaType.hasPrefix("application/x-www-form-urlencoded") || mediaType.hasPrefix("multipart/form-data")
            if let header = request.headers[Self.csrfHeader] {
                guard Self.same(header, workspace.csrfToken) else { return Reply.problem(.forbidden, "the request's CSRF token is wrong") }
            } else if !isForm {
                return Reply.problem(.forbidden, "a request from the browser must carry the X-Parley-CSRF header",
                                     help: "reload the page and try again")
            }
            // Forms carry the token in their `csrf` field; the form routes check it.
        }
        return try await next(request, context)
    }

    static let csrfHeader = HTTPField.Name("X-Parley-CSRF")!

    func unauthorized(_ request: Request) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return Reply.problem(.unauthorized, "this request needs the workspace's access token",
                                 help: "send 'Authorization: Bearer TOKEN' with the token parley serve printed")
        }
        return Reply.html(Layout.plain(title: "Parley workspace",
                                       message: "This workspace needs its access token. Open the address that 'parley serve' printed "
                                           + "(it ends in ?token=...); the browser then remembers it."), status: .unauthorized)
    }

    /// The Host header names this server: a loopback name or the bound address (any port: a proxy
    /// may forward), or a host the user allowed.
    func hostAllowed(_ authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        var host = authority
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        host = host.lowercased()
        let configuration = workspace.configuration
        if ["localhost", "127.0.0.1", "::1"].contains(host) { return true }
        if host == configuration.host.lowercased(), configuration.host != "0.0.0.0", configuration.host != "::" { return true }
        return configuration.allowedHosts.map { $0.lowercased() }.contains(host)
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool { Secret.equal(a, b) }

    static func cookie(_ token: String) -> String {
        "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
    }

    /// The request's path and query without the `token` parameter.
    static func withoutToken(_ request: Request) -> String {
        let uri = request.uri
        let kept = uri.queryParameters.filter { $0.key != "token" }
            .map { "\(Form.escape(String($0.key)))=\(Form.escape(String($0.value)))" }
        return uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let parleyMessage = HTTPField.Name("X-Parley-Message")!
    static let parleyAuthor = HTTPField.Name("X-Parley-Author")!
}
