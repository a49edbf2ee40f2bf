import Foundation
import HTTPTypes
import Hummingbird
import ParleyCharts
import ParleyKit
import ParleySimulation

/// The negotiation pages: the list of sessions, the form that sets one up from a version, the
/// analyst's view (live, with replay), and the seat page a person opens from their link.
struct SessionPages: Sendable {
    let workspace: Workspace

    func add(to router: Router<WorkspaceContext>) {
        router.get("/sessions") { _, _ in try await list() }
        router.get("/s/:id/v/:n/negotiate") { _, context in try await setupForm(context) }
        router.post("/s/:id/v/:n/negotiate") { request, context in try await create(request, context) }
        router.get("/sessions/:sid") { request, context in try await analystPage(request, context, fragment: false) }
        router.get("/sessions/:sid/panel") { request, context in try await analystPage(request, context, fragment: true) }
        router.post("/sessions/:sid/seats") { request, context in try await changeSeat(request, context) }
        router.get("/play/:sid") { _, _ in Reply.html(seatShell()) }
    }

    var csrf: String { workspace.csrfToken }
    var pages: PageRoutes { PageRoutes(workspace: workspace) }

    func list() async throws -> Response {
        let rows = try await workspace.store.sessions().map { s -> SafeHTML in
            """
            <tr><td><a href="/sessions/\(s.id)">\(s.id)</a></td><td><a href="/s/\(s.scenarioID)/v/\(s.number)">\(s.title)</a> (version \(s.number))</td>
            <td>\(s.open ? "open" : "over")</td><td class="number">\(s.events)</td><td>\(PageRoutes.shortDate(s.updated))</td></tr>
            """
        }
        let body: SafeHTML = """
            <h1>Negotiation sessions</h1>
            <p>Start one from a scenario version's page (“Negotiate”).</p>
            <table><caption>Every session, most recently active first</caption>
            <thead><tr><th scope="col">Session</th><th scope="col">Scenario</th><th scope="col">State</th><th scope="col">Events</th><th scope="col">Last activity</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Reply.html(Layout.page(title: "Sessions", csrf: csrf, body))
    }

    // MARK: Setting up

    func setupForm(_ context: WorkspaceContext, problems: [SessionProblems.Problem] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = context.parameters.get("id") ?? "", number = context.parameters.get("n", as: Int.self) ?? 0
        guard let loaded = try await workspace.sessions.load(id, number) else { return pages.notFoundPage() }
        let strategies = Strategy.allCases.map(\.rawValue)
        let seats = loaded.scenario.parties.enumerated().map { p, party -> SafeHTML in
            let field = "seat-\(party.id.rawValue)"
            let options = SafeHTML.join((["person"] + strategies).map { name in
                let selected: SafeHTML = (p == 0 ? name == "person" : name == "boulware") ? " selected" : ""
                return "<option value=\"\(name)\"\(selected)>\(name == "person" ? "a person (gets a link)" : name)</option>"
            })
            let command: SafeHTML = workspace.configuration.allowAgentCommands
                ? " <label for=\"agent-\(party.id.rawValue)\">or an agent program</label> <input id=\"agent-\(party.id.rawValue)\" name=\"agent-\(party.id.rawValue)\" placeholder=\"python3 my_agent.py\">"
                : ""
            let languageModel: SafeHTML = workspace.configuration.languageModel != nil
                ? " <label for=\"llm-\(party.id.rawValue)\">or a language model</label> <input id=\"llm-\(party.id.rawValue)\" name=\"llm-\(party.id.rawValue)\" placeholder=\"model name\">"
                : ""
            return "<p><label for=\"\(field)\">\(party.name)</label> <select id=\"\(field)\" name=\"\(field)\">\(options)</select>\(command)\(languageModel)</p>"
        }
        let defaultProposer = loaded.scenario.parties.isEmpty ? nil : loaded.scenario.parties[Simulate.defaultProposer(loaded.scenario)].id.rawValue
        let proposers = SafeHTML.join(loaded.scenario.parties.map { party -> SafeHTML in
            "<option value=\"\(party.id.rawValue)\"\(party.id.rawValue == defaultProposer ? " selected" : "")>\(party.name)</option>"
        } + ["<option value=\"mediator\">a mediator seat (rule-aware baseline)</option>"])
        let errors = SafeHTML.join(problems.map { "<li class=\"error\"><strong>\($0.field)</strong>: \($0.message) <span class=\"help\">(\($0.help))</span></li>" })
        let body: SafeHTML = """
            <h1>Negotiate: \(loaded.scenario.title)</h1>
            \(problems.isEmpty ? "" : "<ul class=\"diagnostics\" role=\"alert\">\(errors)</ul>")
            <form method="post" action="/s/\(id)/v/\(number)/negotiate" class="panel">\(Layout.csrfField(csrf))
            <p>Who must agree: \(loaded.scenario.agreement.description).</p>
            <p><label for="protocol">Protocol</label> <select id="protocol" name="protocol">
            <option value="saop">stacked alternating offers: the offer on the table passes round the parties; each accepts it, counters or walks away</option>
            <option value="moderated">moderated: the proposer opens with a deal, the parties speak in turns (a message, a deal or none), then the proposer's final proposal is scored against the rule</option>
            </select></p>
            <fieldset><legend>Seats</legend>\(seats)</fieldset>
            <p><label for="rounds">Rounds (stacked alternating offers)</label> <input id="rounds" name="rounds" type="number" min="1" max="\(SessionSetup.maxRounds)" value="20" required></p>
            <p><label for="turns">Turns (moderated; empty: 4 × the parties)</label> <input id="turns" name="turns" type="number" min="0" max="\(SessionSetup.maxTurns)"></p>
            <p><label for="proposer">Proposer (moderated)</label> <select id="proposer" name="proposer">\(proposers)</select></p>
            <p><label for="minutes">Time limit (minutes, optional)</label> <input id="minutes" name="minutes" type="number" min="1" step="any"></p>
            <p><label for="moveSeconds">Time per move for people (seconds, optional)</label> <input id="moveSeconds" name="moveSeconds" type="number" min="5" max="86400"></p>
            <p><label for="onTimeout">When a person's time runs out</label> <select id="onTimeout" name="onTimeout">
            <option value="">the protocol's default: they walk away (moderated: their turn passes)</option>
            <option value="walkAway">they walk away (stacked alternating offers)</option><option value="agent">an agent (boulware) moves for them</option>
            <option value="skip">their move is skipped (moderated: they pass)</option></select></p>
            <p><label for="pace">Seconds between agents' moves</label> <input id="pace" name="pace" type="number" min="0" max="10" step="any" value="1"></p>
            <button type="submit">Start the session</button></form>
            """
        return Reply.html(Layout.page(title: "Negotiate", csrf: csrf, breadcrumbs: [(id, "/s/\(id)"), ("version \(number)", "/s/\(id)/v/\(number)")], body),
                          status: status)
    }

    func create(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        guard let fields = try await pages.form(&request, context) else { return pages.forbidden() }
        let id = context.parameters.get("id") ?? "", number = context.parameters.get("n", as: Int.self) ?? 0
        guard let loaded = try await workspace.sessions.load(id, number) else { return pages.notFoundPage() }
        var body: [String: Any] = ["scenario": id, "version": number]
        for name in ["rounds", "minutes", "moveSeconds", "pace"] {
            if let text = fields[name], !text.isEmpty { body[name] = Double(text) ?? text }
        }
        if let policy = fields["onTimeout"], !policy.isEmpty { body["onTimeout"] = policy }
        if let proto = fields["protocol"] { body["protocol"] = proto }
        if fields["protocol"] == "moderated" {
            if let turns = fields["turns"], !turns.isEmpty { body["turns"] = Double(turns) ?? turns }
            if let proposer = fields["proposer"], !proposer.isEmpty { body["proposer"] = proposer }
        }
        var seats: [String: Any] = [:]
        for party in loaded.scenario.parties {
            let choice = fields["seat-\(party.id.rawValue)"] ?? "boulware"
            if let model = fields["llm-\(party.id.rawValue)"], !model.isEmpty {
                seats[party.id.rawValue] = ["llm": model]
            } else if let command = fields["agent-\(party.id.rawValue)"], !command.isEmpty {
                seats[party.id.rawValue] = ["agent": command]
            } else {
                seats[party.id.rawValue] = choice == "person" ? ["person": true] : ["strategy": choice]
            }
        }
        body["seats"] = seats
        do {
            let room = try await SessionRoutes(workspace: workspace).newSession(body, loaded: loaded)
            return Reply.redirect("/sessions/\(room.session.id)")
        } catch let problems as SessionProblems {
            return try await setupForm(context, problems: problems.problems, status: .unprocessableContent)
        } catch let error as DiagnosticError {
            return try await setupForm(context, problems: error.diagnostics.map { .init(field: "scenario", message: $0.message, help: $0.help ?? "") },
                                       status: .unprocessableContent)
        }
    }

    // MARK: The analyst's view

    func analystPage(_ request: Request, _ context: WorkspaceContext, fragment: Bool) async throws -> Response {
        guard let room = try await workspace.sessions.room(context.parameters.get("sid") ?? "") else { return pages.notFoundPage() }
        var session = room.session
        let total = session.entries.count
        var step: Int?
        if let text = request.uri.queryParameters.get("step") {
            guard let value = Int(text), (0...total).contains(value) else {
                return Reply.html(Layout.plain(title: "No such step", message: "The step must be from 0 to \(total)."), status: .badRequest)
            }
            step = value
            session = try session.replayed(upTo: value)
        }
        let panel = self.panel(session, room: room, request: request, step: step, total: total)
        if fragment { return Reply.html(panel.text) }
        let body: SafeHTML = """
            <h1>Session \(session.id): \(session.scenario.title)</h1>
            <div id="session-panel" data-session="\(session.id)" data-live="\(step == nil && !session.isOver ? "yes" : "no")" aria-live="polite">\(panel)</div>
            """
        return Reply.html(Layout.page(title: "Session \(session.id)", csrf: csrf, breadcrumbs: [("Sessions", "/sessions")],
                                      scripts: ["session.js"], body))
    }

    func panel(_ session: LiveSession, room: SessionHub.Room, request: Request, step: Int?, total: Int) -> SafeHTML {
        let view = session.view(for: .analyst, connected: room.connected)
        let names = Dictionary(uniqueKeysWithValues: session.scenario.parties.map { ($0.id.rawValue, $0.name) })
        let banner: SafeHTML
        let moderated = session.moderated != nil
        if let outcome = view.outcome {
            let what: String = switch outcome.ending {
            case "agreement": "Agreement reached"
            case "walkAway": "\(names[outcome.walkedAway ?? ""] ?? "A party") walked away"
            case "passed": "The final proposal passes the rule" + (outcome.unanimous == true ? ": every party accepts it" : "")
            case "failed": "The final proposal does not pass the rule"
            default: moderated ? "The time limit ended the session before the final proposal" : "The deadline passed without agreement"
            }
            banner = "<p class=\"banner over\" role=\"status\">\(what).</p>"
        } else if moderated {
            let phase = view.phase == "opening" ? "the opening" : view.phase == "final" ? "the final proposal" : "turn \(view.deadline.round) of \(view.deadline.rounds)"
            banner = "<p class=\"banner\" role=\"status\">Moderated, \(phase): \(names[view.turn ?? ""] ?? view.turn ?? "") to speak.</p>"
        } else {
            banner = "<p class=\"banner\" role=\"status\">Round \(view.deadline.round) of \(view.deadline.rounds): \(names[view.turn ?? ""] ?? "") to move.</p>"
        }
        let base = request.head.authority.map { "http://\($0)" } ?? ""
        let strategies = Strategy.allCases.map(\.rawValue)
        let seats = view.parties.enumerated().map { p, seat -> SafeHTML in
            var link: SafeHTML = ""
            if let token = session.setup.seats[seat.id]?.token {
                let url = "\(base)/play/\(session.id)#\(token)"
                link = "<a href=\"\(url)\" class=\"seat-link\" data-party=\"\(seat.id)\">seat link</a>"
            }
            let options = SafeHTML.join((["person"] + strategies).map { "<option value=\"\($0)\">\($0)</option>" })
            let change: SafeHTML = session.isOver || step != nil ? "" : """
                <form method="post" action="/sessions/\(session.id)/seats" class="inline">\(Layout.csrfField(csrf))
                <input type="hidden" name="party" value="\(seat.id)"><label class="visually-hidden" for="take-\(seat.id)">Seat of \(seat.name)</label>
                <select id="take-\(seat.id)" name="seat">\(options)</select> <button type="submit">Change seat</button></form>
                """
            let reservation = view.reservations?[seat.id] ?? 0
            let utility = view.utilities?[seat.id].map { Self.number($0) } ?? "–"
            return """
                <tr><th scope="row">\(seat.name) <span class="muted">(\(seat.id))</span></th><td>\(seat.seat == "person" ? "person" : "agent: \(seat.strategy ?? "")")</td>
                <td>\(seat.connected ? "● connected" : "○")</td><td class="number">\(utility)</td><td class="number">\(Self.number(reservation))</td><td>\(link) \(change)</td></tr>
                """
        }
        let offer: SafeHTML = view.offer.map { offer in
            let items = SafeHTML.join(session.scenario.issues.map { issue in
                let option = issue.options.first { $0.id.rawValue == offer[issue.id.rawValue] }?.name ?? ""
                return "<li><strong>\(issue.name)</strong>: \(option)</li>"
            })
            if moderated { return "<h2>On the table</h2><p>The latest deal, put by \(names[view.offeredBy ?? ""] ?? view.offeredBy ?? "").</p><ul>\(items)</ul>" }
            return "<h2>On the table</h2><p>Offered by \(names[view.offeredBy ?? ""] ?? ""); accepted by \(view.acceptedBy.map { names[$0] ?? $0 }.joined(separator: ", ").ifEmpty("nobody yet")).</p><ul>\(items)</ul>"
        } ?? "<h2>On the table</h2><p>Nothing yet: \(names[view.turn ?? ""] ?? "the first party") opens.</p>"
        let events = view.events.suffix(40).map { event -> SafeHTML in
            let who = names[event.party ?? ""] ?? ""
            let what: String = switch event.kind {
            case "offer": "\(who) offered"
            case "accept": "\(who) accepted"
            case "walkAway": "\(who) walked away"
            case "agreement": "agreement"
            case "deadline": "deadline"
            case "skip": "\(who)'s move was skipped (time ran out)"
            case "opening": "\(who.ifEmpty(event.party ?? "")) opened with a deal"
            case "message": "\(who) spoke" + (event.package != nil ? " and put a deal on the table" : "")
            case "final": "\(who.ifEmpty(event.party ?? "")) made the final proposal"
            default: "\(who)'s seat: \(event.actor ?? "")"
            }
            let utilities = event.utilities.map { u in session.parties.map { "\($0) \(Self.number(u[$0] ?? 0))" }.joined(separator: " · ") } ?? ""
            let message: SafeHTML = event.message.map { "<br><q>\($0)</q>" } ?? ""
            let when = event.round.map { "round \($0)" } ?? event.kind
            let invalid: SafeHTML = event.valid == false ? " <span class=\"warning\">(the seat's answer was unusable: a stand-in was recorded)</span>" : ""
            return "<li value=\"\(event.seq)\"><span class=\"muted\">\(when)</span> \(what)\(invalid) <span class=\"muted\">\(utilities)</span>\(message)</li>"
        }
        let replay: SafeHTML = total == 0 ? "" : """
            <form method="get" action="/sessions/\(session.id)" class="inline replay"><label for="step">Replay: after event</label>
            <input id="step" name="step" type="number" min="0" max="\(total)" value="\(step ?? total)"> of \(total) <button type="submit">Show</button>
            \(step.map { s -> SafeHTML in "<a href=\"/sessions/\(session.id)?step=\(max(0, s - 1))\">◀ back</a> <a href=\"/sessions/\(session.id)?step=\(min(total, s + 1))\">forward ▶</a> <a href=\"/sessions/\(session.id)\">live</a>" } ?? "")</form>
            """
        return """
            \(banner)
            <table><caption>Seats, each party's utility for the offer on the table and its reservation value</caption>
            <thead><tr><th scope="col">Party</th><th scope="col">Seat</th><th scope="col">Presence</th><th scope="col">Utility of the offer</th><th scope="col">Reservation</th><th scope="col">Link and seat</th></tr></thead>
            <tbody>\(seats)</tbody></table>
            \(offer)
            <div class="charts">\(SafeHTML(trusted: charts(session)))</div>
            \(postSettlement(session, room: room, replaying: step != nil))
            \(replay)
            <h2>Events</h2><ol class="events">\(events)</ol>
            <p><a href="/api/v1/sessions/\(session.id)/export" download>Export the event log (JSON lines)</a> · <a href="/s/\(session.setup.scenario)/v/\(session.setup.version)">the scenario version</a></p>
            """
    }

    /// The offers in the first two parties' utility space with the frontier and the reservation
    /// lines, and every party's utility of each offer by turn.
    func charts(_ session: LiveSession) -> String {
        let ids = session.parties
        let names = session.scenario.parties.map(\.name)
        let rows = session.utilitiesByEvent()
        var offers: [Int: [ScatterChart.Point]] = [:]
        var agreement: [ScatterChart.Point] = []
        var byTurn = Array(repeating: [ScatterChart.Point](), count: ids.count)
        var turn = 0
        for (entry, utilities) in zip(session.entries, rows) {
            guard let utilities else { continue }
            switch entry.event {
            case .offered(let party, _, let round, _):
                turn += 1
                offers[party, default: []].append(.init(x: utilities[0], y: utilities[1], tip: "\(names[party]), round \(round + 1)"))
                for p in ids.indices { byTurn[p].append(.init(x: Double(turn), y: utilities[p], tip: "\(names[p]): \(Self.number(utilities[p]))")) }
            case .agreementReached:
                agreement.append(.init(x: utilities[0], y: utilities[1], tip: "the agreement"))
            default: break
            }
        }
        var space = ScatterChart(title: "Offers in utility space", xLabel: "\(names[0]) utility", yLabel: "\(names[1]) utility")
        space.referenceX = session.reservations[0]
        space.referenceY = session.reservations[1]
        space.shadeAboveReferences = true
        let frontier = session.frontier().map { ScatterChart.Point(x: $0[0], y: $0[1], tip: "frontier") }.sorted { $0.x < $1.x }
        space.series.append(.init(name: "frontier (passing packages)", points: frontier, style: .ring, radius: 2))
        for (party, points) in offers.sorted(by: { $0.key < $1.key }) {
            space.series.append(.init(name: "offers by \(names[party])", points: points, style: .dot, radius: 4))
        }
        if !agreement.isEmpty { space.series.append(.init(name: "agreement", points: agreement, style: .diamond, radius: 7, labelled: true)) }
        var history = ScatterChart(title: "Each party's utility of every offer", xLabel: "offer", yLabel: "utility")
        for p in ids.indices { history.series.append(.init(name: names[p], points: byTurn[p], style: .line)) }
        return "<figure>\(space.svg(id: "offers-space"))</figure><figure>\(history.svg(id: "offers-history"))</figure>"
    }

    func postSettlement(_ session: LiveSession, room: SessionHub.Room, replaying: Bool) -> SafeHTML {
        guard !replaying, session.agreement != nil, let analysis = room.postSettlement() else { return "" }
        let improvements = analysis.improvements.map { item -> SafeHTML in
            let package = session.scenario.issues.map { issue in
                "\(issue.name): \(issue.options.first { $0.id.rawValue == item.package[issue.id.rawValue] }?.name ?? "")"
            }.joined(separator: "; ")
            let gains = session.parties.map { "\($0) +\(Self.number(item.gains[$0] ?? 0))" }.joined(separator: " · ")
            return "<li>\(package) <span class=\"muted\">(\(gains))</span></li>"
        }
        let nash: SafeHTML = analysis.distanceToNash.map { "<p>Distance to the Nash package in utility space: \(Self.number($0)).</p>" } ?? ""
        return """
            <section class="panel"><h2>After the agreement</h2>
            <p>\(analysis.paretoOptimal ? "The agreement is on the Pareto frontier: no package leaves every party at least as well off and one better."
                : "\(analysis.dominatedBy) packages leave every party at least as well off and one better; the agreement is \(Self.number(analysis.distanceToFrontier)) from the frontier.")</p>
            \(nash)
            \(analysis.improvements.isEmpty ? "" : "<p>Improvements to suggest (largest total gain first):</p><ol>\(improvements)</ol>")
            </section>
            """
    }

    func changeSeat(_ request: Request, _ context: WorkspaceContext) async throws -> Response {
        var request = request
        guard let fields = try await pages.form(&request, context) else { return pages.forbidden() }
        let sid = context.parameters.get("sid") ?? ""
        guard let room = try await workspace.sessions.room(sid), let party = room.session.partyIndex(fields["party"] ?? "") else {
            return pages.notFoundPage()
        }
        let choice = fields["seat"] ?? "person"
        let strategy = Strategy(rawValue: choice)
        if !room.session.isOver, choice == "person" || strategy != nil {
            try await room.commit { session in session.changeSeat(party, to: strategy) }
        }
        return Reply.redirect("/sessions/\(sid)")
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    // MARK: The seat page

    /// The seat page: no data at all until its script, holding the token from the address's
    /// fragment, asks the API for this seat's view.
    func seatShell() -> String {
        let body: SafeHTML = """
            <h1 id="title">Negotiation</h1>
            <p id="banner" class="banner" role="status" aria-live="polite">Connecting…</p>
            <div id="table" class="seat-table" hidden>
            <section class="panel" aria-labelledby="offer-title"><h2 id="offer-title">On the table</h2><div id="offer"></div></section>
            <section class="panel" aria-labelledby="builder-title"><h2 id="builder-title">Your offer</h2>
            <form id="builder"><div id="choices"></div>
            <p><meter id="draft-meter" min="0" max="1" value="0"></meter> Your utility: <strong id="draft-utility">–</strong>
            (your reservation value: <span id="reservation">–</span>)</p>
            <p id="draft-warning" class="warning" role="alert" hidden></p>
            <p><label for="message">Message (optional)</label> <input id="message" maxlength="500" autocomplete="off"></p>
            <p class="actions"><button type="button" id="accept">Accept the offer</button> <button type="submit" id="counter">Send this offer</button>
            <button type="button" id="pass" hidden>Speak without a deal</button>
            <button type="button" id="walk" class="danger">Walk away</button></p></form></section>
            <section class="panel" aria-labelledby="history-title"><h2 id="history-title">History</h2>
            <div id="history-chart"></div><ol id="events" class="events"></ol></section>
            <section class="panel" aria-labelledby="you-title"><h2 id="you-title">Your preferences (only you see them)</h2><div id="you"></div></section>
            <section class="panel" aria-labelledby="people-title"><h2 id="people-title">At the table</h2><ul id="people"></ul></section>
            </div>
            """
        return Layout.page(title: "Negotiation", csrf: "", scripts: ["table.js"], body)
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
