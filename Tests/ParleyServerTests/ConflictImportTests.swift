import Foundation
import Hummingbird
import HummingbirdTesting
import ParleyKit
@testable import ParleyServer
import Testing

/// A gmcr-py conflict imported into a scenario from its history page: a new version whose
/// `conflict:` section is the file's, analysed by the stability page; a broken file is diagnosed
/// on the page and nothing is stored; the library refuses a gmcr-py file as a scenario and says where to put it.
@Suite struct ConflictImportTests {
    static let elmira = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/gmcr/examples/Elmira.gmcr").standardizedFileURL

    @Test func aGMCRFileBecomesTheLatestVersionsConflict() async throws {
        let workspace = try await RouterTests.workspace()
        let data = try Data(contentsOf: Self.elmira)
        try await RouterTests.app(workspace).test(.router) { client in
            let csrf = try await RouterTests.csrf(workspace, client: client)
            let history = try await client.execute(uri: "/s/ukraine-2024-11", method: .get, headers: RouterTests.cookie)
            #expect(RouterTests.text(history.body).contains("Import a conflict"))
            let (type, body) = RouterTests.multipart(csrf: csrf, files: [("Elmira.gmcr", data)])
            let response = try await client.execute(uri: "/s/ukraine-2024-11/conflict", method: .post, headers: RouterTests.cookie + [.contentType: type], body: body)
            #expect(response.status == .seeOther, "\(RouterTests.text(response.body).prefix(300))")
            let versions = try #require(try await workspace.store.versions(of: "ukraine-2024-11"))
            #expect(versions.count == 2 && versions[1].message.contains("Conflict replaced by Elmira.gmcr: 3 decision makers, 5 options"))
            let stored = try #require(try await workspace.store.version("ukraine-2024-11", 2))
            let scenario = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "v2.yaml").scenario
            #expect(scenario.conflict?.decisionMakers.map(\.name) == ["MoE", "Uniroyal", "Local Government"])
            #expect(scenario.parties.count == 4, "the rest of the scenario is unchanged")
            let stability = try await client.execute(uri: "/s/ukraine-2024-11/v/2/stability", method: .get, headers: RouterTests.cookie)
            #expect(stability.status == .ok && RouterTests.text(stability.body).contains("[Modify, Abandon]"), "\(RouterTests.text(stability.body).suffix(1500))")

            // A broken file: located diagnostics on the page, nothing stored.
            let broken = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"permittedDirection\": \"back\"", with: "\"permittedDirection\": \"sideways\"").utf8)
            let (type2, body2) = RouterTests.multipart(csrf: csrf, files: [("bad.gmcr", broken)])
            let refused = try await client.execute(uri: "/s/ukraine-2024-11/conflict", method: .post, headers: RouterTests.cookie + [.contentType: type2], body: body2)
            #expect(refused.status == .unprocessableContent)
            #expect(RouterTests.text(refused.body).contains("bad.gmcr line 1"))
            #expect(try await workspace.store.versions(of: "ukraine-2024-11")?.count == 2)
            // The CSRF field is checked.
            let (type3, body3) = RouterTests.multipart(csrf: "forged", files: [("Elmira.gmcr", data)])
            let forged = try await client.execute(uri: "/s/ukraine-2024-11/conflict", method: .post, headers: RouterTests.cookie + [.contentType: type3], body: body3)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func theLibraryRefusesAGMCRFileAsAScenario() throws {
        let error = try #require(throws: DiagnosticError.self) { try ImportFiles()([("Elmira.gmcr", try Data(contentsOf: Self.elmira))]) }
        #expect(error.diagnostics.first?.message.contains("gmcr-py conflict") == true)
        #expect(error.diagnostics.first?.help?.contains("Import a conflict") == true)
    }
}
