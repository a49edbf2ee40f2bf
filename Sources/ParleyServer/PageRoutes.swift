import Foundation
import HTTPTypes
import Hummingbird
import ParleyKit
import ParleyStore

/// The workspace's pages: the library, a scenario's history, the editors, the analyses of a
/// version, what-if, and comparison. Forms post back with the CSRF token; every text from a
/// scenario goes through `SafeHTML`, so it shows as text.
struct PageRoutes: Sendable {
    let workspace: Workspace

    func add(to router: Router<WorkspaceContext>) {
        router.get("/") { _, _ in try await library() }
        router.post("/import") { request, context in try await importFiles(request, context) }
        router.post("/new") { request, context in try await newScenario(request, context) }
        router.get("/s/:id") { _, context in try await history(context) }
        router.get("/s/:id/diff") { request, context in try await diff(request, context) }
        router.post("/s/:id/restore") { request, context in try await restore(request, context) }
        router.post("/s/:id/conflict") { request, context in try await importConflict(request, context) }
        router.get("/s/:id/edit") { request, context in try await editor(request, context) }
        router.post("/s/:id/edit") { request, context in try await saveForm(request, context) }
        router.get("/s/:id/yaml") { request, context in try await yamlEditor(request, context) }
        router.post("/s/:id/yaml") { request, context in try await saveYAML(request, context) }
        router.get("/s/:id/v/:n") { _, context in try await versionPage(context) }
        router.get("/s/:id/v/:n/whatif") { _, context in try await whatIfPage(context) }
        router.get("/s/:id/v/:n/:page") { request, context in try await analysisPage(request, context) }
    }

    var csrf: String { workspace.csrfToken }

    // MARK: Library

    func library(notice: SafeHTML = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let scenarios = try await workspace.store.scenarios()
        let rows = scenarios.map { s -> SafeHTML in
            """
            <tr><td><a href="/s/\(s.id)">\(s.title)</a></td><td class="number">\(s.parties)</td><td class="number">\(s.issues)</td>
            <td><time datetime="\(Timestamp.text(s.updated))">\(Self.shortDate(s.updated))</time></td><td class="number">\(s.versions)</td></tr>
            """
        }
        let options = scenarios.map { s -> SafeHTML in "<option value=\"\(s.id)\">\(s.title)</option>" }
        let body: SafeHTML = """
            <h1>Scenarios</h1>
            \(notice)
            <table class="library"><caption>Every scenario in this workspace, most recently changed first</caption>
            <thead><tr><th scope="col">Title</th><th scope="col">Parties</th><th scope="col">Issues</th><th scope="col">Last change</th><th scope="col">Versions</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            <section class="panel" aria-labelledby="import-title"><h2 id="import-title">Import a file</h2>
            <p>A Parley scenario (YAML or JSON), a GENIUS or GeniusWeb domain (a zip, or its files together), or a NegMAS scenario.</p>
            <form method="post" action="/import" enctype="multipart/form-data">\(Layout.csrfField(csrf))
            <label for="import-files">Files</label> <input id="import-files" name="files" type="file" multiple required>
            <button type="submit">Import</button></form></section>
            <section class="panel" aria-labelledby="new-title"><h2 id="new-title">New scenario</h2>
            <form method="post" action="/new">\(Layout.csrfField(csrf))
            <label for="new-from">Start from</label>
            <select id="new-from" name="from"><option value="">the blank template</option>\(options)</select>
            <button type="submit">Create</button></form></section>
            """
        return Reply.html(Layout.page(title: "Library", csrf: csrf, body), status: status)
    }

    static func shortDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy, HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// Reads a form body and checks its CSRF field (when the request came with the cookie).
    func form(_ request: inout Request, _ context: WorkspaceContext) async throws -> [String: String]? {
        let data = try await request.data(limit: workspace.configuration.bodyLimit)
        let fields = Dictionary(Form.fields(data), uniquingKeysWith: { _, last in last })
        if context.viaCookie, request.headers[SecurityMiddleware.csrfHeader] == nil,
           !SecurityMiddleware.same(fields["csrf"] ?? "", csrf) { return nil }
        return fields
    }

    func forbidden() -> Response {
        Reply.html(Layout.plain(title: "Form expired", message: "The form's security token is missing or wrong. Go back, reload the page and try again."),
                   status: .forbidden)
    }

    func importFiles(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let data: Data
        do { data = try await request.data(limit: workspace.configuration.bodyLimit) } catch let error as BodyTooLarge {
            return try await library(notice: Layout.diagnostics([Diagnostic(.error, error.message, at: nil)]), status: .contentTooLarge)
        }
        let parts: [FormPart]
        do { parts = try Multipart.parts(data, contentType: request.headers[.contentType] ?? "") } catch {
            return try await library(notice: Layout.diagnostics([Diagnostic(.error, error.message, at: nil)]), status: .badRequest)
        }
        if context.viaCookie, !SecurityMiddleware.same(parts.first { $0.name == "csrf" }.map { String(decoding: $0.data, as: UTF8.self) } ?? "", csrf) {
            return forbidden()
        }
        var files: [(name: String, data: Data)] = []
        do {
            for part in parts where part.fileName != nil && !(part.fileName ?? "").isEmpty {
                if part.fileName!.lowercased().hasSuffix(".zip") { files += try Exports.unzip(part.data) } else {
                    files.append((part.fileName!, part.data))
                }
            }
        } catch {
            return try await library(notice: Layout.diagnostics([Diagnostic(.error, error.message, at: nil)]), status: .unprocessableContent)
        }
        let imported: ImportFiles.Imported
        let uploaded = files
        do { imported = try await workspace.compute { try ImportFiles()(uploaded) } } catch let error as DiagnosticError {
            let notice: SafeHTML = "<h2>The import failed</h2>\(Layout.diagnostics(error.diagnostics))"
            return try await library(notice: notice, status: .unprocessableContent)
        }
        let scenario = imported.loaded.scenario
        let id = try await workspace.store.createScenario(
            preferredID: scenario.id.isEmpty ? scenario.title : scenario.id,
            NewVersion(text: Data(imported.text.utf8), mediaType: imported.mediaType, title: scenario.title, parties: scenario.parties.count,
                       issues: scenario.issues.count, message: imported.note, author: "workspace"))
        return Reply.redirect("/s/\(id)")
    }

    func newScenario(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        guard let fields = try await form(&request, context) else { return forbidden() }
        let text: String, mediaType: String, message: String
        if let from = fields["from"], !from.isEmpty {
            guard let versions = try await workspace.store.versions(of: from), let last = versions.last,
                  let stored = try await workspace.store.version(from, last.number) else { return notFoundPage() }
            text = String(decoding: stored.text, as: UTF8.self)
            mediaType = stored.info.mediaType
            message = "Copied from \(from), version \(last.number)"
        } else {
            text = try BundledExample.template()
            mediaType = "application/yaml"
            message = "Created from the blank template"
        }
        let loaded = try LoadedScenario.read(text, file: "scenario.yaml")
        let id = try await workspace.store.createScenario(
            preferredID: loaded.scenario.id.isEmpty ? loaded.scenario.title : loaded.scenario.id,
            NewVersion(text: Data(text.utf8), mediaType: mediaType, title: loaded.scenario.title, parties: loaded.scenario.parties.count,
                       issues: loaded.scenario.issues.count, message: message, author: "workspace"))
        return Reply.redirect("/s/\(id)")
    }

    func notFoundPage() -> Response {
        Reply.html(Layout.page(title: "Not found", csrf: csrf, breadcrumbs: [("Library", "/")],
                               "<p>There is no such scenario or version. <a href=\"/\">Back to the library</a>.</p>"), status: .notFound)
    }

    // MARK: History

    func history(_ context: WorkspaceContext, notice: SafeHTML = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let summary = try await workspace.store.scenario(id), let versions = try await workspace.store.versions(of: id) else {
            return notFoundPage()
        }
        let rows = versions.reversed().map { v -> SafeHTML in
            """
            <tr><td class="number"><a href="/s/\(id)/v/\(v.number)">\(v.number)</a></td><td>\(v.message)</td><td>\(v.author)</td>
            <td><time datetime="\(Timestamp.text(v.created))">\(Self.shortDate(v.created))</time></td>
            <td><a href="/s/\(id)/v/\(v.number)">Analyses</a> · <a href="/api/v1/scenarios/\(id)/versions/\(v.number)">Text</a>
            \(v.number == versions.count ? "" : SafeHTML(trusted: """
                 · <form class="inline" method="post" action="/s/\(SafeHTML.escape(id))/restore">\(Layout.csrfField(csrf))<input type="hidden" name="version" value="\(v.number)"><button type="submit">Restore as new version</button></form>
                """))</td></tr>
            """
        }
        let choices = versions.map { v -> SafeHTML in "<option value=\"\(v.number)\">\(v.number): \(String(v.message.prefix(60)))</option>" }
        let latest = versions.count
        let body: SafeHTML = """
            <h1>\(summary.title)</h1>\(notice)
            <p class="meta">\(summary.parties) parties · \(summary.issues) issues · \(summary.versions) versions</p>
            <p class="actions"><a class="button" href="/s/\(id)/v/\(latest)">Analyses of the latest version</a>
            <a class="button" href="/s/\(id)/edit">Edit (forms)</a> <a class="button" href="/s/\(id)/yaml">Edit (YAML)</a></p>
            <h2>History</h2>
            <table><caption>Versions are never overwritten; restoring makes a new version.</caption>
            <thead><tr><th scope="col">Version</th><th scope="col">Message</th><th scope="col">Author</th><th scope="col">Saved</th><th scope="col">Open</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            <h2>Import a conflict</h2>
            <form method="post" action="/s/\(id)/conflict" enctype="multipart/form-data">\(Layout.csrfField(csrf))
            <p><label for="conflict-file">A gmcr-py file (.gmcr) to make the latest version's conflict (a new version; the stability page analyses it)</label>
            <input id="conflict-file" name="file" type="file" accept=".gmcr,.json" required> <button type="submit">Import</button></p></form>
            <h2>Compare two versions</h2>
            <form method="get" action="/s/\(id)/diff" class="compare">
            <label for="diff-from">From</label> <select id="diff-from" name="from">\(choices)</select>
            <label for="diff-to">to</label> <select id="diff-to" name="to">\(SafeHTML(trusted: choices.map(\.text).joined().replacingOccurrences(of: "value=\"\(latest)\"", with: "value=\"\(latest)\" selected")))</select>
            <button type="submit">Compare</button></form>
            """
        return Reply.html(Layout.page(title: summary.title, csrf: csrf, breadcrumbs: [("Library", "/")], body), status: status)
    }

    func restore(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let id = context.parameters.get("id") ?? ""
        guard let fields = try await form(&request, context) else { return forbidden() }
        guard let number = fields["version"].flatMap(Int.init), let stored = try await workspace.store.version(id, number) else { return notFoundPage() }
        _ = try await workspace.store.addVersion(to: id, NewVersion(
            text: stored.text, mediaType: stored.info.mediaType, title: stored.info.title, parties: stored.info.parties,
            issues: stored.info.issues, message: "Restored version \(number)", author: "workspace"))
        return Reply.redirect("/s/\(id)")
    }

    /// A gmcr-py file uploaded as the latest version's conflict: a new version, or the located
    /// diagnostics on the history page (nothing stored).
    func importConflict(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let id = context.parameters.get("id") ?? ""
        func refused(_ diagnostics: [Diagnostic], _ status: HTTPResponse.Status) async throws -> Response {
            try await history(context, notice: "<h2>The conflict was not imported</h2>\(Layout.diagnostics(diagnostics))", status: status)
        }
        let data: Data
        do { data = try await request.data(limit: workspace.configuration.bodyLimit) } catch let error as BodyTooLarge {
            return try await refused([Diagnostic(.error, error.message, at: nil)], .contentTooLarge)
        }
        let parts: [FormPart]
        do { parts = try Multipart.parts(data, contentType: request.headers[.contentType] ?? "") } catch {
            return try await refused([Diagnostic(.error, error.message, at: nil)], .badRequest)
        }
        if context.viaCookie, !SecurityMiddleware.same(parts.first { $0.name == "csrf" }.map { String(decoding: $0.data, as: UTF8.self) } ?? "", csrf) {
            return forbidden()
        }
        guard let versions = try await workspace.store.versions(of: id), let last = versions.last,
              let stored = try await workspace.store.version(id, last.number) else { return notFoundPage() }
        guard let part = parts.first(where: { $0.fileName?.isEmpty == false }) else {
            return try await refused([Diagnostic(.error, "no file was uploaded", at: nil, help: "choose a .gmcr file")], .unprocessableContent)
        }
        let file = (name: (part.fileName! as NSString).lastPathComponent, data: part.data)
        let text = String(decoding: stored.text, as: UTF8.self)
        let result: (text: String, note: String)
        do {
            result = try await workspace.compute {
                try ImportConflict()(try LoadedScenario.read(text, file: "version \(last.number)"), file: file)
            }
        } catch let error as DiagnosticError {
            return try await refused(error.diagnostics, .unprocessableContent)
        }
        _ = try await workspace.store.addVersion(to: id, NewVersion(
            text: Data(result.text.utf8), mediaType: "application/yaml", title: stored.info.title, parties: stored.info.parties,
            issues: stored.info.issues, message: result.note, author: "workspace"))
        return Reply.redirect("/s/\(id)")
    }

    func diff(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let summary = try await workspace.store.scenario(id),
              let from = request.uri.queryParameters["from"].flatMap({ Int(String($0)) }),
              let to = request.uri.queryParameters["to"].flatMap({ Int(String($0)) }),
              let old = try await workspace.store.version(id, from), let new = try await workspace.store.version(id, to) else {
            return notFoundPage()
        }
        let content: SafeHTML
        do {
            let report = try await workspace.compute {
                try Diff()(try LoadedScenario.read(String(decoding: old.text, as: UTF8.self), file: "version \(from)"),
                           try LoadedScenario.read(String(decoding: new.text, as: UTF8.self), file: "version \(to)"))
            }
            content = "<pre class=\"diff\">\(report.text())</pre>"
        } catch let error as DiagnosticError {
            content = Layout.diagnostics(error.diagnostics)
        }
        let body: SafeHTML = """
            <h1>Version \(from) → version \(to)</h1>
            <p>What changed in the judgments, and what that changed in the results (<code>parley diff</code>).
            As JSON: <a href="/api/v1/scenarios/\(id)/diff?from=\(from)&amp;to=\(to)">parley.diff/1</a>.</p>
            \(content)
            """
        return Reply.html(Layout.page(title: "Compare", csrf: csrf, breadcrumbs: [("Library", "/"), (summary.title, "/s/\(id)")], body))
    }

    // MARK: Editors

    /// The version an editor starts from: `?from=N`, or the latest.
    func editedVersion(_ request: Request, _ id: String) async throws -> StoredVersion? {
        guard let versions = try await workspace.store.versions(of: id), let last = versions.last else { return nil }
        let number = request.uri.queryParameters["from"].flatMap { Int(String($0)) } ?? last.number
        return try await workspace.store.version(id, number)
    }

    func editor(_ request: Request, _ context: WorkspaceContext, submitted: [String: String] = [:], outcome: FormEdit.Outcome? = nil) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let stored = try await editedVersion(request, id) else { return notFoundPage() }
        let loaded = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: "version \(stored.info.number)")
        let fields = FormEdit.fields(loaded.scenario)
        var groups: [String] = []
        for field in fields where !groups.contains(field.group) { groups.append(field.group) }
        let errors = outcome?.fieldErrors ?? [:]
        let fieldsets = groups.enumerated().map { index, group -> SafeHTML in
            let inputs = fields.filter { $0.group == group }.enumerated().map { n, field -> SafeHTML in
                let inputID = "f\(index)-\(n)"
                let value = submitted[field.name] ?? field.value
                let error: SafeHTML = errors[field.name].map { "<span class=\"field-error\" id=\"\(inputID)-error\" role=\"alert\">\($0)</span>" } ?? ""
                let invalid: SafeHTML = errors[field.name] != nil ? " aria-invalid=\"true\" aria-describedby=\"\(inputID)-error\"" : ""
                switch field.kind {
                case .checkbox:
                    let on = submitted.isEmpty ? field.value == "on" : submitted[field.name] != nil
                    let checked: SafeHTML = on ? " checked" : ""
                    return "<div class=\"field\"><input type=\"checkbox\" id=\"\(inputID)\" name=\"\(field.name)\"\(checked)> <label for=\"\(inputID)\">\(field.label)</label>\(error)</div>"
                case .choice(let choices):
                    let options = choices.map { choice -> SafeHTML in
                        let selected: SafeHTML = choice.value == value ? " selected" : ""
                        return "<option value=\"\(choice.value)\"\(selected)>\(choice.label)</option>"
                    }
                    return "<div class=\"field\"><label for=\"\(inputID)\">\(field.label)</label> <select id=\"\(inputID)\" name=\"\(field.name)\"\(invalid)>\(options)</select>\(error)</div>"
                case .longText:
                    let rows = min(12, max(2, value.split(separator: "\n").count + 1))
                    return "<div class=\"field\"><label for=\"\(inputID)\">\(field.label)</label> <textarea id=\"\(inputID)\" name=\"\(field.name)\" rows=\"\(rows)\" cols=\"60\"\(invalid)>\(value)</textarea>\(error)</div>"
                case .number, .text:
                    let mode: SafeHTML = field.kind == .number ? " inputmode=\"decimal\"" : ""
                    return """
                        <div class="field"><label for="\(inputID)">\(field.label)</label>
                        <input id="\(inputID)" name="\(field.name)" value="\(value)"\(mode)\(invalid)>\(error)</div>
                        """
                }
            }
            return "<fieldset><legend>\(group)</legend>\(inputs)</fieldset>"
        }
        let body: SafeHTML = """
            <h1>Edit \(loaded.scenario.title)</h1>
            <p>Starting from version \(stored.info.number). A number, or a range <code>[low, high]</code> where you are unsure.
            New options of an ordered or numeric issue, changes to an existing red line, and the conflict's options, decision makers and rankings are edited in the
            <a href="/s/\(id)/yaml?from=\(stored.info.number)">YAML view</a>.</p>
            \(Layout.diagnostics(outcome?.diagnostics ?? []))
            \(errors.isEmpty ? "" : SafeHTML(trusted: "<p class=\"field-error\" role=\"alert\">Some values cannot be used; see the fields marked below.</p>"))
            <form method="post" action="/s/\(id)/edit?from=\(stored.info.number)" class="editor" id="form-editor">\(Layout.csrfField(csrf))
            \(fieldsets)
            <div class="field"><label for="message">What changed, and why (the version's message)</label>
            <input id="message" name="message" value="\(submitted["message"] ?? "")" required></div>
            <button type="submit">Save as a new version</button></form>
            """
        return Reply.html(Layout.page(title: "Edit", csrf: csrf, breadcrumbs: [("Library", "/"), (loaded.scenario.title, "/s/\(id)")], body),
                          status: outcome == nil ? .ok : .unprocessableContent)
    }

    func saveForm(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let id = context.parameters.get("id") ?? ""
        guard let fields = try await form(&request, context) else { return forbidden() }
        guard let stored = try await editedVersion(request, id) else { return notFoundPage() }
        let text = String(decoding: stored.text, as: UTF8.self)
        let outcome = try await workspace.compute {
            FormEdit()(try LoadedScenario.read(text, file: "version \(stored.info.number)"), submitted: fields)
        }
        guard let newText = outcome.text else { return try await editor(request, context, submitted: fields, outcome: outcome) }
        let loaded = try LoadedScenario.read(newText, file: "scenario.yaml")
        let message = (fields["message"]?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 }
            ?? outcome.changes.joined(separator: "; ")
        _ = try await workspace.store.addVersion(to: id, NewVersion(
            text: Data(newText.utf8), mediaType: "application/yaml", title: loaded.scenario.title, parties: loaded.scenario.parties.count,
            issues: loaded.scenario.issues.count, message: String(message.prefix(2_000)), author: "workspace"))
        return Reply.redirect("/s/\(id)")
    }

    func yamlEditor(_ request: Request, _ context: WorkspaceContext, text submitted: String? = nil, message: String = "",
                    diagnostics: [Diagnostic] = []) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let summary = try await workspace.store.scenario(id), let stored = try await editedVersion(request, id) else { return notFoundPage() }
        let text = submitted ?? String(decoding: stored.text, as: UTF8.self)
        let body: SafeHTML = """
            <h1>Edit \(summary.title) as YAML</h1>
            <p>Starting from version \(stored.info.number). Problems are listed below as you type, at their line and column
            (the same validator as <code>parley validate</code>); select one to go to it.</p>
            <div id="diagnostics" aria-live="polite">\(Layout.diagnostics(diagnostics, editor: true))</div>
            <form method="post" action="/s/\(id)/yaml?from=\(stored.info.number)" class="editor" id="yaml-editor">\(Layout.csrfField(csrf))
            <label for="yaml">Scenario (YAML or JSON)</label>
            <textarea id="yaml" name="text" rows="30" spellcheck="false" data-media-type="\(stored.info.mediaType)">\(text)</textarea>
            <p id="cursor" class="meta" aria-live="off">line 1, column 1</p>
            <div class="field"><label for="message">What changed, and why</label> <input id="message" name="message" value="\(message)" required></div>
            <button type="submit">Save as a new version</button></form>
            """
        return Reply.html(Layout.page(title: "Edit YAML", csrf: csrf, breadcrumbs: [("Library", "/"), (summary.title, "/s/\(id)")],
                                      scripts: ["editor.js"], body), status: diagnostics.isEmpty ? .ok : .unprocessableContent)
    }

    func saveYAML(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        let id = context.parameters.get("id") ?? ""
        guard let fields = try await form(&request, context) else { return forbidden() }
        let text = (fields["text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let message = fields["message"] ?? ""
        let mediaType = scenarioMediaType(text)
        let loaded: LoadedScenario
        do { loaded = try await workspace.compute { try LoadedScenario.read(text, file: mediaType == "application/json" ? "scenario.json" : "scenario.yaml") } }
        catch let error as DiagnosticError {
            return try await yamlEditor(request, context, text: text, message: message, diagnostics: error.diagnostics)
        }
        guard try await workspace.store.addVersion(to: id, NewVersion(
            text: Data(text.utf8), mediaType: mediaType, title: loaded.scenario.title, parties: loaded.scenario.parties.count,
            issues: loaded.scenario.issues.count, message: String((message.isEmpty ? "Edited as YAML" : message).prefix(2_000)), author: "workspace")) != nil
        else { return notFoundPage() }
        return Reply.redirect("/s/\(id)")
    }
}
