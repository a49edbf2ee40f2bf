import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyKit
import ParleyServer
import ParleyStore
import Testing

/// The workspace's routes without sockets: the API's contracts, the pages, and every security rule
/// tried from the wrong side.
@Suite struct RouterTests {
    static let token = "test-token-0123456789abcdef"

    static func workspace(bodyLimit: Int = 10 << 20) async throws -> Workspace {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-router-\(UUID().uuidString).sqlite").path
        let workspace = Workspace(store: try WorkspaceStore(path: path),
                                  configuration: WorkspaceConfiguration(host: "127.0.0.1", port: 0, token: token, bodyLimit: bodyLimit))
        try await workspace.seedIfEmpty()
        return workspace
    }

    static func app(_ workspace: Workspace) -> some ApplicationProtocol {
        Application(router: buildRouter(workspace))
    }

    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
    static var cookie: HTTPFields { [.cookie: "parley_token=\(token)"] }
    static let foundingCase = try! BundledExample.foundingCase()

    static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    static func json(_ buffer: ByteBuffer) throws -> Any { try JSONSerialization.jsonObject(with: Data(buffer: buffer)) }

    static func csrf(_ workspace: Workspace, client: some TestClientProtocol) async throws -> String {
        let page = try await client.execute(uri: "/", method: .get, headers: cookie)
        let html = text(page.body)
        let range = try #require(html.range(of: #"name="parley-csrf" content="([0-9a-f]+)""#, options: .regularExpression))
        return String(html[range].split(separator: "\"")[3])
    }

    // MARK: Security

    @Test func everyRouteNeedsTheTokenAndLeaksNothingWithoutIt() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            for uri in ["/", "/s/ukraine-2024-11", "/api/v1/scenarios", "/api/v1/scenarios/ukraine-2024-11/versions/1",
                        "/api/v1/scenarios/ukraine-2024-11/versions/1/analysis"] {
                for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.cookie: "parley_token=wrong"],
                                            [.authorization: "Basic \(Self.token)"], [.authorization: "Bearer \(Self.token)x"]] {
                    let response = try await client.execute(uri: uri, method: .get, headers: headers)
                    #expect(response.status == .unauthorized, "\(uri) \(headers)")
                    #expect(!Self.text(response.body).contains("Ukraine"), "\(uri) leaks the scenario")
                }
            }
            let wrongQuery = try await client.execute(uri: "/?token=wrong", method: .get)
            #expect(wrongQuery.status == .unauthorized)
            // Assets carry no judgments and need no token.
            let css = try await client.execute(uri: "/assets/workspace.css", method: .get)
            #expect(css.status == .ok)
        }
    }

    @Test func theTokenInTheAddressBecomesACookieAndLeavesTheAddress() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let response = try await client.execute(uri: "/s/ukraine-2024-11?token=\(Self.token)&from=2", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/s/ukraine-2024-11?from=2")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("parley_token=\(Self.token)"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let page = try await client.execute(uri: "/", method: .get, headers: Self.cookie)
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        }
    }

    @Test func aBrowserRequestThatChangesStateNeedsTheCSRFToken() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            // A cross-site form post carries the cookie but not the token.
            let forged = try await client.execute(uri: "/s/ukraine-2024-11/restore", method: .post,
                                                  headers: Self.cookie + [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "version=1"))
            #expect(forged.status == .forbidden)
            let wrong = try await client.execute(uri: "/s/ukraine-2024-11/restore", method: .post,
                                                 headers: Self.cookie + [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "version=1&csrf=0000"))
            #expect(wrong.status == .forbidden)
            // A cross-site "simple" request with a text body is refused too.
            let plain = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                 headers: Self.cookie + [.contentType: "text/plain"], body: ByteBuffer(string: Self.foundingCase))
            #expect(plain.status == .forbidden)
            #expect(try await workspace.store.versions(of: "ukraine-2024-11")?.count == 1)
            let genuine = try await client.execute(uri: "/s/ukraine-2024-11/restore", method: .post,
                                                   headers: Self.cookie + [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "version=1&csrf=\(csrf)"))
            #expect(genuine.status == .seeOther)
            #expect(try await workspace.store.versions(of: "ukraine-2024-11")?.map(\.message).last == "Restored version 1")
        }
    }

    @Test func textFromAScenarioIsShownAsTextNeverAsMarkup() async throws {
        let workspace = try await Self.workspace()
        let hostile = Self.foundingCase
            .replacingOccurrences(of: "title: Ending the war in Ukraine, November 2024", with: "title: \"<script>alert(1)</script> talks\"")
            .replacingOccurrences(of: "name: Russia\n", with: "name: \"Russia <img src=x onerror=alert(2)>\"\n")
        #expect(hostile != Self.foundingCase)
        try await Self.app(workspace).test(.router) { client in
            let created = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                   headers: Self.bearer + [.contentType: "application/yaml"], body: ByteBuffer(string: hostile))
            #expect(created.status == .created)
            let id = try #require((try Self.json(created.body) as? [String: Any])?["id"] as? String)
            for uri in ["/", "/s/\(id)", "/s/\(id)/v/1/overview", "/s/\(id)/v/1/proposals", "/s/\(id)/edit", "/s/\(id)/yaml", "/s/\(id)/v/1/whatif"] {
                let page = try await client.execute(uri: uri, method: .get, headers: Self.cookie)
                let html = Self.text(page.body)
                #expect(page.status == .ok, "\(uri)")
                #expect(!html.contains("<script>alert"), "\(uri) renders the title as markup")
                #expect(!html.contains("<img src=x"), "\(uri) renders a name as markup")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(uri) does not show the title")
            }
        }
    }

    @Test func bodiesAboveTheLimitAreRefusedWith413() async throws {
        let workspace = try await Self.workspace(bodyLimit: 4_096)
        try await Self.app(workspace).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                    headers: Self.bearer + [.contentType: "application/yaml"],
                                                    body: ByteBuffer(string: String(repeating: "# padding\n", count: 1_000)))
            #expect(response.status == .contentTooLarge)
            #expect(Self.text(response.body).contains("4,096"))
            #expect(try await workspace.store.scenarios().count == 1)
        }
    }

    // MARK: API

    @Test func aPostedScenarioIsStoredAndReturnedByteForByte() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let text = Self.foundingCase + "\n# a comment the writer would drop\n"
            let created = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                   headers: Self.bearer + [.contentType: "application/yaml"], body: ByteBuffer(string: text))
            #expect(created.status == .created)
            let body = try #require(try Self.json(created.body) as? [String: Any])
            #expect(body["id"] as? String == "ukraine-2024-11-2")
            #expect(body["version"] as? Int == 1)
            let next = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11-2/versions", method: .post,
                                                headers: Self.bearer + [.contentType: "application/yaml", .parleyMessage: "Lavrov's answer"],
                                                body: ByteBuffer(string: text + "# v2\n"))
            #expect(next.status == .created)
            #expect((try Self.json(next.body) as? [String: Any])?["version"] as? Int == 2)
            let stored = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11-2/versions/1", method: .get, headers: Self.bearer)
            #expect(Self.text(stored.body) == text)
            let list = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11-2/versions", method: .get, headers: Self.bearer)
            let versions = try #require(try Self.json(list.body) as? [[String: Any]])
            #expect(versions.map { $0["version"] as? Int } == [1, 2])
            #expect(versions[1]["message"] as? String == "Lavrov's answer")
            #expect(versions[0]["sha256"] as? String == WorkspaceStore.sha256(Data(text.utf8)))
            let all = try await client.execute(uri: "/api/v1/scenarios", method: .get, headers: Self.bearer)
            #expect((try Self.json(all.body) as? [[String: Any]])?.count == 2)
        }
    }

    @Test func theMediaTypeComesFromTheTextNotTheHeader() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let created = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                   headers: Self.bearer + [.contentType: "application/json"], body: ByteBuffer(string: Self.foundingCase))
            #expect(created.status == .created)
            let id = try #require((try Self.json(created.body) as? [String: Any])?["id"] as? String)
            let stored = try await client.execute(uri: "/api/v1/scenarios/\(id)/versions/1", method: .get, headers: Self.bearer)
            #expect(stored.headers[.contentType]?.hasPrefix("application/yaml") == true)
        }
    }

    @Test func aScenarioWithErrorsGets422WithEveryDiagnosticAndNothingIsStored() async throws {
        let workspace = try await Self.workspace()
        let broken = Self.foundingCase
            .replacingOccurrences(of: "value: [0.70, 0.80]", with: "value: 7")
            .replacingOccurrences(of: "parley: 1", with: "parley: 1\nunknownKey: 3")
        try await Self.app(workspace).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/scenarios", method: .post,
                                                    headers: Self.bearer + [.contentType: "application/yaml"], body: ByteBuffer(string: broken))
            #expect(response.status == .unprocessableContent)
            let body = try #require(try Self.json(response.body) as? [String: Any])
            let diagnostics = try #require(body["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.count >= 2)
            for diagnostic in diagnostics where diagnostic["severity"] as? String == "error" {
                #expect(diagnostic["line"] as? Int ?? 0 > 0)
                #expect(diagnostic["column"] as? Int ?? 0 > 0)
                #expect(diagnostic["message"] is String)
            }
            #expect(try await workspace.store.scenarios().count == 1)
            // Not UTF-8.
            let binary = try await client.execute(uri: "/api/v1/scenarios", method: .post, headers: Self.bearer,
                                                  body: ByteBuffer(bytes: [0xFF, 0xFE, 0x00, 0xC3]))
            #expect(binary.status == .badRequest)
        }
    }

    @Test func theAnalysisIsTheCommandsJSONAndIsStored() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/analysis", method: .get, headers: Self.bearer)
            #expect(response.status == .ok)
            let file = "ukraine-2024-11-v1.yaml"
            let expected = try JSONRendering.text(try Analyze()(try LoadedScenario.read(Self.foundingCase, file: file))) + "\n"
            #expect(Self.text(response.body) == expected)
            let key = ResultKey(scenarioID: "ukraine-2024-11", version: 1, kind: "json:analysis", parameters: "",
                                parleyVersion: ParleyVersion.current)
            #expect(try await workspace.store.result(key)?.body == Data(expected.utf8))
            for kind in ["bridge", "stability", "forecast", "robustness?runs=50&seed=3"] {
                let other = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/\(kind)", method: .get, headers: Self.bearer)
                #expect(other.status == .ok, "\(kind)")
                #expect((try Self.json(other.body) as? [String: Any])?["contract"] is String, "\(kind)")
            }
        }
    }

    @Test func whatIfAppliesLeverageMoves() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let uri = "/api/v1/scenarios/ukraine-2024-11/versions/1/whatif?leverage=weapons-surge&leverage=no-western-troops-offer"
            let response = try await client.execute(uri: uri, method: .get, headers: Self.bearer)
            #expect(response.status == .ok)
            let report = try #require(try Self.json(response.body) as? [String: Any])
            let changes = try #require(report["changes"] as? [String])
            #expect(changes.contains { $0.contains("RU.reservation-=0.1") }, "\(changes)")
            #expect(changes.contains { $0.contains("ru-no-western-peacekeepers") }, "\(changes)")
            let unknown = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/whatif?leverage=nope",
                                                   method: .get, headers: Self.bearer)
            #expect(unknown.status == .badRequest)
            let page = try await client.execute(uri: "/s/ukraine-2024-11/v/1/whatif", method: .get, headers: Self.cookie)
            #expect(Self.text(page.body).contains("data-leverage=\"weapons-surge\""))
        }
    }

    @Test func unknownIdsAre404AndBadParametersAre400() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            for uri in ["/api/v1/scenarios/nope", "/api/v1/scenarios/nope/versions", "/api/v1/scenarios/ukraine-2024-11/versions/9",
                        "/api/v1/scenarios/ukraine-2024-11/versions/x/analysis", "/api/v1/jobs/nope", "/api/v1/scenarios/nope/diff?from=1&to=2"] {
                let response = try await client.execute(uri: uri, method: .get, headers: Self.bearer)
                #expect(response.status == .notFound, "\(uri)")
                #expect((try Self.json(response.body) as? [String: Any])?["error"] is String, "\(uri)")
            }
            for uri in ["robustness?runs=abc", "robustness?runs=0", "robustness?runs=10001", "robustness?seed=-1",
                        "robustness?distribution=normal", "bridge?limit=0", "bridge?from=nope", "forecast?model=oracle",
                        "export?format=docx", "whatif?set=RU.reservation=abc"] {
                let response = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/\(uri)", method: .get, headers: Self.bearer)
                #expect([.badRequest, .unprocessableContent].contains(response.status), "\(uri): \(response.status)")
            }
            let diff = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/diff", method: .get, headers: Self.bearer)
            #expect(diff.status == .badRequest)
        }
    }

    @Test func exportsRoundTripAndListWhatTheFormatDrops() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let json = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/export?format=parley-json", method: .get, headers: Self.bearer)
            #expect(json.status == .ok)
            let read = try LoadedScenario.read(Self.text(json.body), file: "export.json")
            #expect(read.scenario == (try LoadedScenario.read(Self.foundingCase, file: "x.yaml")).scenario)
            let genius = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/export?format=genius", method: .get, headers: Self.bearer)
            #expect(genius.status == .ok)
            #expect(genius.headers[.contentType] == "application/zip")
            #expect(Array(Data(buffer: genius.body).prefix(2)) == [0x50, 0x4B])
            let report = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/export?format=html", method: .get, headers: Self.bearer)
            #expect(Self.text(report.body).contains("<svg"))
        }
    }

    @Test func theDiffOfTwoVersionsIsTheCommandsJSON() async throws {
        let workspace = try await Self.workspace()
        let changed = Self.foundingCase.replacingOccurrences(of: "value: [0.70, 0.80]", with: "value: 0.3")
        try await Self.app(workspace).test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions", method: .post,
                                         headers: Self.bearer + [.contentType: "application/yaml"], body: ByteBuffer(string: changed))
            let diff = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/diff?from=1&to=2", method: .get, headers: Self.bearer)
            #expect(diff.status == .ok)
            let expected = try JSONRendering.text(try Diff()(try LoadedScenario.read(Self.foundingCase, file: "ukraine-2024-11-v1.yaml"),
                                                             try LoadedScenario.read(changed, file: "ukraine-2024-11-v2.yaml"))) + "\n"
            #expect(Self.text(diff.body) == expected)
        }
    }

    // MARK: Pages

    @Test func theFormEditorSavesANewVersionAndShowsErrorsAtTheirField() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let form: HTTPFields = Self.cookie + [.contentType: "application/x-www-form-urlencoded"]
            let bad = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                               body: ByteBuffer(string: "csrf=\(csrf)&RU.reservation=lots&UA.reservation=%5B0.9%2C+0.2%5D&message=x"))
            #expect(bad.status == .unprocessableContent)
            let html = Self.text(bad.body)
            #expect(html.contains("&#39;lots&#39; is not a number"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(try await workspace.store.versions(of: "ukraine-2024-11")?.count == 1)
            let good = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                                body: ByteBuffer(string: "csrf=\(csrf)&RU.reservation=0.3&message=Lavrov+signals+flexibility"))
            #expect(good.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            #expect(stored.info.message == "Lavrov signals flexibility")
            let loaded = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml")
            #expect(loaded.scenario.parties.first { $0.id.rawValue == "RU" }?.preferences.reservation.value == 0.3)
        }
    }

    @Test func theFormEditorAddsProposalsAndSourcesAndTiesQuotesToSources() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let form: HTTPFields = Self.cookie + [.contentType: "application/x-www-form-urlencoded"]
            func post(_ fields: String) async throws -> TestResponse {
                try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                         body: ByteBuffer(string: "csrf=\(csrf)&message=m&" + fields))
            }
            // A quote without a source, a duplicate proposal id and a new source without a title.
            let bad = try await post("RU.reservation.quote=We+will+fight+on&proposal%2B.id=trump-team&proposal%2B.issue.nato=renounced"
                                     + "&source%2B.id=tass")
            #expect(bad.status == .unprocessableContent)
            let html = Self.text(bad.body)
            #expect(html.contains("a quote needs its source"))
            #expect(html.contains("there is a proposal &#39;trump-team&#39; already"))
            #expect(html.contains("a new source needs a title"))
            let good = try await post("source%2B.id=tass-2024&source%2B.title=TASS+statement&RU.reservation.source=tass-2024"
                                      + "&RU.reservation.quote=We+will+fight+on&RU.reservation.confidence=medium"
                                      + "&proposal%2B.id=mediator&proposal%2B.name=A+mediator%27s+package&proposal%2B.proposer=EU"
                                      + "&proposal%2B.issue.nato=renounced&proposal%2B.issue.troops=un")
            #expect(good.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            let proposal = try #require(scenario.proposals.first { $0.id.rawValue == "mediator" })
            #expect(proposal.name == "A mediator's package")
            #expect(proposal.proposer?.rawValue == "EU")
            #expect(proposal.package.options.compactMap { $0 }.count == 2)
            let russia = try #require(scenario.parties.first { $0.id.rawValue == "RU" })
            #expect(russia.preferences.reservationProvenance.source?.rawValue == "tass-2024")
            #expect(russia.preferences.reservationProvenance.quote == "We will fight on")
            #expect(russia.preferences.reservationProvenance.confidence == .medium)
            #expect(scenario.sources.contains { $0.id.rawValue == "tass-2024" && $0.title == "TASS statement" })
            let page = try await client.execute(uri: "/s/ukraine-2024-11/v/2/proposals", method: .get, headers: Self.cookie)
            #expect(Self.text(page.body).contains("A mediator&#39;s package") || Self.text(page.body).contains("A mediator&#x27;s package")
                    || Self.text(page.body).contains("A mediator's package"))
        }
    }

    @Test func theFormEditorSetsTheAgreementRule() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let form: HTTPFields = Self.cookie + [.contentType: "application/x-www-form-urlencoded"]
            let bad = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                               body: ByteBuffer(string: "csrf=\(csrf)&message=m&agreement.rule=quota&agreement.quota=9"))
            #expect(bad.status == .unprocessableContent)
            #expect(Self.text(bad.body).contains("a quota is a whole number of parties from 1 to 4"))
            let good = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                                body: ByteBuffer(string: "csrf=\(csrf)&message=m&agreement.rule=quota&agreement.quota=2&veto.RU=on&veto.UA=on"))
            #expect(good.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            #expect(scenario.agreement == .quota(2, vetoes: [Party.ID("RU"), Party.ID("UA")]))
            let editor = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .get, headers: Self.cookie)
            #expect(Self.text(editor.body).contains("name=\"veto.RU\" checked"))
            let page = try await client.execute(uri: "/s/ukraine-2024-11/v/2/proposals", method: .get, headers: Self.cookie)
            #expect(Self.text(page.body).contains("Agreement rule: at least 2 parties must accept"))
        }
    }

    @Test func theFormEditorAddsRedLinesAndLeverage() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let form: HTTPFields = Self.cookie + [.contentType: "application/x-www-form-urlencoded"]
            func post(_ fields: String) async throws -> TestResponse {
                try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                         body: ByteBuffer(string: "csrf=\(csrf)&message=m&" + fields))
            }
            let bad = try await post("leverage%2B.id=squeeze&leverage%2B.party=RU&leverage%2B.change=lots"
                                     + "&redline%2B.UA.description=No+ceasefire+without+guarantees")
            #expect(bad.status == .unprocessableContent)
            #expect(Self.text(bad.body).contains("&#39;lots&#39; is not a number"))
            #expect(Self.text(bad.body).contains("choose what the new red line refuses"))
            let good = try await post("leverage%2B.id=squeeze&leverage%2B.name=Sanctions+squeeze&leverage%2B.by=EU&leverage%2B.party=RU"
                                      + "&leverage%2B.change=%5B-0.1%2C+-0.05%5D&leverage.weapons-surge.remove=on"
                                      + "&redline%2B.UA.forbid=legal-form%3Dtreaty&redline%2B.UA.description=No+treaty+on+Russia%27s+terms")
            #expect(good.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            let move = try #require(scenario.leverage.first { $0.id.rawValue == "squeeze" })
            #expect(move.effect == .reservation(party: Party.ID("RU"), change: Estimate(low: -0.1, high: -0.05)))
            #expect(!scenario.leverage.contains { $0.id.rawValue == "weapons-surge" })
            let ukraine = try #require(scenario.parties.first { $0.id.rawValue == "UA" })
            #expect(ukraine.preferences.redLines.contains { $0.description == "No treaty on Russia's terms" })
        }
    }

    @Test func theFormEditorEditsTheConflict() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let form: HTTPFields = Self.cookie + [.contentType: "application/x-www-form-urlencoded"]
            func post(_ fields: String) async throws -> TestResponse {
                try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .post, headers: form,
                                         body: ByteBuffer(string: "csrf=\(csrf)&message=m&" + fields))
            }
            let page = try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .get, headers: Self.cookie)
            #expect(Self.text(page.body).contains("name=\"conflict.US.believes.RU\""))
            let bad = try await post("conflict.EU.misperceives=" + Form.escape("nonsense-option"))
            #expect(bad.status == .unprocessableContent)
            #expect(Self.text(bad.body).contains("nonsense-option"))
            // Europe comes to believe Russia prefers talks; the US no longer misreads Russia.
            let good = try await post("conflict.EU.believes.RU=" + Form.escape("ru-talks\r\n-surge") + "&conflict.US.believes.RU=")
            #expect(good.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            let conflict = try #require(scenario.conflict)
            let europe = try #require(conflict.decisionMakers.first { $0.id == "EU" })
            #expect(europe.beliefs.count == 1)
            #expect(conflict.decisionMakers.first { $0.id == "US" }?.beliefs.isEmpty == true)
            // Submitting the form unchanged (CRLF line ends included) saves nothing.
            let editor = Self.text(try await client.execute(uri: "/s/ukraine-2024-11/edit", method: .get, headers: Self.cookie).body)
            #expect(editor.contains("ru-talks"))
        }
    }

    @Test func theFormEditorRenamesIssuesAndAddsOptions() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let response = try await client.execute(
                uri: "/s/ukraine-2024-11/edit", method: .post, headers: Self.cookie + [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&message=m&issue.nato.name=NATO+path&option%2B.legal-form.id=framework"
                                 + "&option%2B.legal-form.name=Framework+agreement+then+treaty"))
            #expect(response.status == .seeOther)
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            #expect(scenario.issues.first { $0.id.rawValue == "nato" }?.name == "NATO path")
            let legal = try #require(scenario.issues.first { $0.id.rawValue == "legal-form" })
            #expect(legal.options.map(\.id.rawValue) == ["treaty", "ceasefire", "framework"])
            #expect(scenario.packageCount == 1944 / 2 * 3)
        }
    }

    /// A multipart form body with the CSRF field and files.
    static func multipart(csrf: String, files: [(name: String, data: Data)]) -> (String, ByteBuffer) {
        let boundary = "parley-test-boundary"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        for file in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(bytes: body))
    }

    @Test func domainsAreImportedAsAZipOrAsFilesAndBadUploadsAreDiagnosed() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            // The founding case exported as a GENIUS zip, then imported back.
            let zip = try await client.execute(uri: "/api/v1/scenarios/ukraine-2024-11/versions/1/export?format=genius", method: .get, headers: Self.bearer)
            let (type, body) = Self.multipart(csrf: csrf, files: [("ukraine-genius.zip", Data(buffer: zip.body))])
            let imported = try await client.execute(uri: "/import", method: .post, headers: Self.cookie + [.contentType: type], body: body)
            #expect(imported.status == .seeOther, "\(Self.text(imported.body).prefix(400))")
            #expect(try await workspace.store.scenarios().count == 2)
            let newID = try #require(imported.headers[.location]).replacingOccurrences(of: "/s/", with: "")
            let stored = try #require(try await workspace.store.versions(of: newID))
            #expect(stored.first?.message.contains("genius") == true)
            // The same domain as separate files.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-import-\(UUID().uuidString)").path
            let result = try ScenarioWriter.write(try LoadedScenario.read(Self.foundingCase, file: "x.yaml").scenario, to: folder, format: .genius)
            let files = try result.files.map { ((($0 as NSString).lastPathComponent), try Data(contentsOf: URL(fileURLWithPath: $0))) }
            let (type2, body2) = Self.multipart(csrf: csrf, files: files)
            let separate = try await client.execute(uri: "/import", method: .post, headers: Self.cookie + [.contentType: type2], body: body2)
            #expect(separate.status == .seeOther)
            // A broken scenario: the page shows the located diagnostics and stores nothing.
            let broken = Self.foundingCase.replacingOccurrences(of: "value: [0.70, 0.80]", with: "value: [0.80, 0.70]")
            let (type3, body3) = Self.multipart(csrf: csrf, files: [("broken.yaml", Data(broken.utf8))])
            let refused = try await client.execute(uri: "/import", method: .post, headers: Self.cookie + [.contentType: type3], body: body3)
            #expect(refused.status == .unprocessableContent)
            #expect(Self.text(refused.body).contains("broken.yaml line"))
            // Not a zip; and no CSRF field.
            let (type4, body4) = Self.multipart(csrf: csrf, files: [("domain.zip", Data("not a zip".utf8))])
            let notZip = try await client.execute(uri: "/import", method: .post, headers: Self.cookie + [.contentType: type4], body: body4)
            #expect(notZip.status == .unprocessableContent)
            let (type5, body5) = Self.multipart(csrf: "wrong", files: [("a.yaml", Data(Self.foundingCase.utf8))])
            let forged = try await client.execute(uri: "/import", method: .post, headers: Self.cookie + [.contentType: type5], body: body5)
            #expect(forged.status == .forbidden)
            #expect(try await workspace.store.scenarios().count == 3)
        }
    }

    @Test func theYAMLEditorShowsDiagnosticsAtTheirLineAndKeepsTheText() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            let csrf = try await Self.csrf(workspace, client: client)
            let broken = Self.foundingCase.replacingOccurrences(of: "value: [0.70, 0.80]", with: "value: [0.80, 0.70]")
            let body = "csrf=\(csrf)&message=m&text=" + Form.escape(broken)
            let response = try await client.execute(uri: "/s/ukraine-2024-11/yaml", method: .post,
                                                    headers: Self.cookie + [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableContent)
            let html = Self.text(response.body)
            #expect(html.contains("data-line=\""))
            #expect(html.contains("value: [0.80, 0.70]"))
            #expect(try await workspace.store.versions(of: "ukraine-2024-11")?.count == 1)
            // The validation route the editor calls as one types.
            let validation = try await client.execute(uri: "/api/v1/validate", method: .post,
                                                      headers: Self.cookie + [.contentType: "application/yaml", HTTPField.Name("X-Parley-CSRF")!: csrf],
                                                      body: ByteBuffer(string: broken))
            let report = try #require(try Self.json(validation.body) as? [String: Any])
            #expect(report["valid"] as? Bool == false)
            #expect(((report["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int ?? 0) > 0)
        }
    }

    /// A cancel reaches a job that is still computing. When the whole suite saturates both cores,
    /// this test's own requests can wait on Swift's cooperative threads long enough for a job to
    /// finish before its cancel is read (it then ends "done", as it should); another seed, a new
    /// job, is tried then, up to three.
    @Test func aLongAnalysisCanBeCancelled() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            var cancelledSeed: Int?, seen: [String] = []
            for seed in 9...11 where cancelledSeed == nil {
                let page = "/s/ukraine-2024-11/v/1/robustness?runs=10000&seed=\(seed)"
                let html = Self.text(try await client.execute(uri: page, method: .get, headers: Self.cookie).body)
                let range = try #require(html.range(of: #"data-job="([0-9a-f-]+)""#, options: .regularExpression))
                let job = String(html[range].dropFirst(10).dropLast())
                let cancel = try await client.execute(uri: "/api/v1/jobs/\(job)", method: .delete, headers: Self.bearer)
                #expect(cancel.status == .ok)
                // The job stops at its next chunk, or at its start when it still waits behind the
                // other tests' jobs on the shared compute queue: under ThreadSanitizer that can take minutes.
                var state = ""
                let deadline = ContinuousClock.now + .seconds(600)
                while state != "cancelled" && state != "done" && ContinuousClock.now < deadline {
                    let status = try await client.execute(uri: "/api/v1/jobs/\(job)", method: .get, headers: Self.bearer)
                    let body = Self.text(status.body)
                    if seen.last != body { seen.append(body) }
                    state = (try Self.json(status.body) as? [String: Any])?["state"] as? String ?? ""
                    try await Task.sleep(for: .milliseconds(20))
                }
                if state == "cancelled" { cancelledSeed = seed }
            }
            let seed = try #require(cancelledSeed, "no job was cancelled: \(seen.prefix(3)) … \(seen.suffix(2))")
            // Nothing was stored: opening the page again starts a new job.
            let again = try await client.execute(uri: "/s/ukraine-2024-11/v/1/robustness?runs=10000&seed=\(seed)", method: .get, headers: Self.cookie)
            #expect(Self.text(again.body).contains("data-job=\""))
            if let range = Self.text(again.body).range(of: #"data-job="([0-9a-f-]+)""#, options: .regularExpression) {
                _ = try await client.execute(uri: "/api/v1/jobs/\(String(Self.text(again.body)[range].dropFirst(10).dropLast()))",
                                             method: .delete, headers: Self.bearer)
            }
        }
    }

    @Test func everyAnalysisPageRendersTheReportsSection() async throws {
        let workspace = try await Self.workspace()
        try await Self.app(workspace).test(.router) { client in
            for page in AnalysisPage.allCases where !page.isLong {
                let response = try await client.execute(uri: "/s/ukraine-2024-11/v/1/\(page.rawValue)", method: .get, headers: Self.cookie)
                #expect(response.status == .ok, "\(page)")
                #expect(Self.text(response.body).contains("<section"), "\(page)")
            }
            let space = try await client.execute(uri: "/s/ukraine-2024-11/v/1/space", method: .get, headers: Self.cookie)
            #expect(Self.text(space.body).contains("class=\"chart"))
            // A long analysis starts as a job and shows its progress; once done, the page holds the result.
            for uri in ["/s/ukraine-2024-11/v/1/robustness?runs=64", "/s/ukraine-2024-11/v/1/tournament?strategies=boulware,conceder&rounds=20"] {
                let started = try await client.execute(uri: uri, method: .get, headers: Self.cookie)
                let html = Self.text(started.body)
                let range = try #require(html.range(of: #"data-job="([0-9a-f-]+)""#, options: .regularExpression), "\(uri)")
                let job = String(html[range].dropFirst(10).dropLast())
                var state = ""
                for _ in 0..<600 where state != "done" {
                    let status = try await client.execute(uri: "/api/v1/jobs/\(job)", method: .get, headers: Self.bearer)
                    state = (try Self.json(status.body) as? [String: Any])?["state"] as? String ?? ""
                    #expect(state != "failed", "\(uri): \(Self.text(status.body))")
                    if state == "failed" { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(state == "done", "\(uri)")
                let finished = try await client.execute(uri: uri, method: .get, headers: Self.cookie)
                #expect(!Self.text(finished.body).contains("data-job=\""), "\(uri)")
                #expect(Self.text(finished.body).contains("<section id=\""), "\(uri)")
            }
        }
    }
}

extension HTTPFields {
    static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var fields = lhs
        for field in rhs { fields[field.name] = field.value }
        return fields
    }
}

extension HTTPField.Name {
    static let parleyMessage = HTTPField.Name("X-Parley-Message")!
}

/// Form encoding for the tests' bodies.
enum Form {
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
