import Foundation
import HTTPTypes
import Hummingbird
import ParleyKit
import ParleyStore

/// The analysis pages of a version: the report's sections, long ones as jobs, what-if, exports.
extension PageRoutes {
    func versionContext(_ context: WorkspaceContext) async throws -> (StoredVersion, String)? {
        guard let id = context.parameters.get("id"), let number = context.parameters.get("n").flatMap(Int.init),
              let stored = try await workspace.store.version(id, number) else { return nil }
        return (stored, Workspace.fileName(id, number, mediaType: stored.info.mediaType))
    }

    func analysisNav(_ id: String, _ n: Int, current: String) -> SafeHTML {
        let links = AnalysisPage.allCases.map { page -> SafeHTML in
            let here: SafeHTML = page.rawValue == current ? " aria-current=\"page\"" : ""
            return "<li><a href=\"/s/\(id)/v/\(n)/\(page.rawValue)\"\(here)>\(page.title)</a></li>"
        }
        let whatIf: SafeHTML = current == "whatif" ? " aria-current=\"page\"" : ""
        let negotiate: SafeHTML = "<li><a href=\"/s/\(id)/v/\(n)/negotiate\" class=\"negotiate\">Negotiate</a></li>"
        return "<nav class=\"analyses\" aria-label=\"Analyses\"><ul>\(links)<li><a href=\"/s/\(id)/v/\(n)/whatif\"\(whatIf)>What if</a></li>\(negotiate)</ul></nav>"
    }

    func versionPage(_ context: WorkspaceContext) async throws -> Response {
        guard let (stored, _) = try await versionContext(context) else { return notFoundPage() }
        return Reply.redirect("/s/\(stored.info.scenarioID)/v/\(stored.info.number)/\(AnalysisPage.overview.rawValue)")
    }

    func analysisPage(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        guard let (stored, file) = try await versionContext(context),
              let page = context.parameters.get("page").flatMap(AnalysisPage.init(rawValue:)) else { return notFoundPage() }
        let id = stored.info.scenarioID, n = stored.info.number
        let parameters = request.queryDictionary
        let canonical = WorkspaceAnalyses.canonical(parameters, for: page)
        let key = ResultKey(scenarioID: id, version: n, kind: "page:" + page.rawValue, parameters: canonical, parleyVersion: ParleyVersion.current)
        let text = String(decoding: stored.text, as: UTF8.self)
        var content: SafeHTML
        var scripts: [String] = []
        let location = "/s/\(id)/v/\(n)/\(page.rawValue)" + (canonical.isEmpty ? "" : "?" + canonical)
        if page.isLong, try await workspace.store.result(key) == nil, parameters["wait"] == nil {
            // Off the request path: start (or join) the job and show its progress.
            let analyses = workspace.analyses
            let store = workspace.store
            let status = workspace.jobs.start(key: location, queue: Workspace.computeQueue, work: { progress, shouldStop, partial in
                try analyses.page(page, text: text, file: file, parameters: parameters, progress: progress, shouldStop: shouldStop, partial: partial)
            }, finish: { html in
                try? await store.storeResult(StoredResult(key: key, mediaType: "text/html", body: Data(html.utf8)))
            })
            scripts = ["progress.js"]
            content = """
                <div id="job" data-job="\(status.id)" data-result="\(location)">
                <p><label for="job-progress">Computing \(page.title.lowercased())</label>
                <progress id="job-progress" max="100" value="0">0%</progress> <span id="job-status" aria-live="polite">starting</span></p>
                <pre id="job-partial" class="tournament" hidden></pre>
                <button type="button" id="job-cancel">Cancel</button></div>
                """
        } else {
            do {
                let html = try await workspace.cached(key, mediaType: "text/html") { [analyses = workspace.analyses] in
                    try analyses.page(page, text: text, file: file, parameters: parameters)
                }
                content = SafeHTML(trusted: html)
            } catch let error as DiagnosticError {
                content = "<section><h2>\(page.title)</h2>\(Layout.diagnostics(error.diagnostics))</section>"
            } catch let error as UsageError {
                content = "<section><h2>\(page.title)</h2><p class=\"notice\">\(error.message)</p></section>"
            }
        }
        let controls = pageControls(page, parameters: parameters, id: id, n: n)
        let body: SafeHTML = """
            <h1>\(stored.info.title) <span class="version">version \(n)</span></h1>
            \(analysisNav(id, n, current: page.rawValue))
            \(controls)
            \(content)
            \(page == .overview ? exports(id, n) : "")
            """
        return Reply.html(Layout.page(title: page.title, csrf: csrf, breadcrumbs: [("Library", "/"), (stored.info.title, "/s/\(id)"), ("Version \(n)", "/s/\(id)/v/\(n)")],
                                      scripts: scripts, body))
    }

    /// The parameters a page takes, as a small form.
    func pageControls(_ page: AnalysisPage, parameters: [String: String], id: String, n: Int) -> SafeHTML {
        let inputs = page.parameterNames.map { name -> SafeHTML in
            "<label for=\"p-\(name)\">\(name)</label> <input id=\"p-\(name)\" name=\"\(name)\" value=\"\(parameters[name] ?? "")\" size=\"12\">"
        }
        guard !inputs.isEmpty else { return "" }
        return "<form method=\"get\" class=\"parameters\">\(inputs) <button type=\"submit\">Run</button></form>"
    }

    func exports(_ id: String, _ n: Int) -> SafeHTML {
        let labels = ["parley": "Parley YAML", "parley-json": "Parley JSON", "genius": "GENIUS (zip)", "geniusweb": "GeniusWeb (zip)",
                      "negmas": "NegMAS (zip)", "html": "HTML report"]
        let links = Exports.formats.map { format -> SafeHTML in
            "<li><a href=\"/api/v1/scenarios/\(id)/versions/\(n)/export?format=\(format)\" download>\(labels[format] ?? format)</a></li>"
        }
        return "<section id=\"export\"><h2>Export</h2><p>What a format cannot hold is listed in the download (DROPPED.txt).</p><ul>\(links)</ul></section>"
    }

    func whatIfPage(_ context: WorkspaceContext) async throws -> Response {
        guard let (stored, file) = try await versionContext(context) else { return notFoundPage() }
        let id = stored.info.scenarioID, n = stored.info.number
        let loaded = try LoadedScenario.read(String(decoding: stored.text, as: UTF8.self), file: file)
        let scenario = loaded.scenario
        let sliders = scenario.parties.map { party -> SafeHTML in
            let value = party.preferences.reservation.value
            return """
                <div class="field"><label for="rv-\(party.id.rawValue)">\(party.name): reservation value</label>
                <input type="range" id="rv-\(party.id.rawValue)" data-party="\(party.id.rawValue)" min="0" max="1" step="0.01" value="\(value.decimalText)">
                <output for="rv-\(party.id.rawValue)">\(value.decimalText)</output></div>
                """
        }
        let redLines = scenario.parties.flatMap { party in party.preferences.redLines.map { (party, $0) } }.map { party, line -> SafeHTML in
            """
            <div class="field"><input type="checkbox" id="rl-\(line.id.rawValue)" data-red-line="\(line.id.rawValue)">
            <label for="rl-\(line.id.rawValue)">Drop \(party.name)'s red line \(line.id.rawValue)\(line.description.map { ": " + $0 } ?? "")</label></div>
            """
        }
        let levers = scenario.leverage.map { move -> SafeHTML in
            let effect: String
            switch move.effect {
            case .reservation(let party, let change): effect = "moves \(party)'s reservation value by \(change.value.decimalText)"
            case .dropRedLine(let redLine): effect = "drops red line \(redLine)"
            }
            return """
                <div class="field"><input type="checkbox" id="lv-\(move.id.rawValue)" data-leverage="\(move.id.rawValue)">
                <label for="lv-\(move.id.rawValue)">\(move.name) (\(effect))</label></div>
                """
        }
        let body: SafeHTML = """
            <h1>\(stored.info.title) <span class="version">version \(n)</span></h1>
            \(analysisNav(id, n, current: "whatif"))
            <p>Move a reservation value, drop a red line or apply a leverage move: the verdicts and the zone are recomputed at once (nothing is saved).</p>
            <form id="whatif" data-api="/api/v1/scenarios/\(id)/versions/\(n)/whatif" class="whatif">
            <fieldset><legend>Reservation values</legend>\(sliders)</fieldset>
            <fieldset><legend>Red lines</legend>\(redLines.isEmpty ? "<p>No red lines.</p>" : SafeHTML.join(redLines))</fieldset>
            <fieldset><legend>Leverage</legend>\(levers.isEmpty ? "<p>The scenario names no leverage moves.</p>" : SafeHTML.join(levers))</fieldset>
            <button type="reset" id="whatif-reset">Back to the version's values</button>
            </form>
            <section aria-live="polite"><h2>Result</h2>
            <p id="zone" class="zone-count">Zone of possible agreement: <strong id="zone-size">…</strong> packages
            (<span id="zone-base">…</span> in the version) <span id="whatif-time" class="meta"></span></p>
            <table id="verdicts"><caption>Proposals: who accepts</caption><thead><tr><th scope="col">Proposal</th><th scope="col">Verdict in the version</th><th scope="col">With these changes</th></tr></thead><tbody></tbody></table>
            <ul id="differences"></ul></section>
            """
        return Reply.html(Layout.page(title: "What if", csrf: csrf, breadcrumbs: [("Library", "/"), (stored.info.title, "/s/\(id)"), ("Version \(n)", "/s/\(id)/v/\(n)")],
                                      scripts: ["whatif.js"], body))
    }
}
