import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyReport
import ParleySimulation

extension LiveSession {
    /// The session as `viewer` sees it; `connected` are the parties with a browser at the table;
    /// the events are those after sequence number `eventsAfter` (all by default).
    public func view(for viewer: SessionViewer, connected: Set<Int> = [], eventsAfter: Int = 0) -> SessionView {
        if let moderated { return moderatedView(moderated, for: viewer, connected: connected, eventsAfter: eventsAfter) }
        let state = table.session
        let mine: Int? = if case .party(let p) = viewer { p } else { nil }
        let analyst = mine == nil
        let offerUtilities = state.offer.map { offer in (0..<parties.count).map { model.utility($0, digits(offer)) } }
        let result = state.result
        var outcome: SessionView.Outcome?
        if let result {
            let ending = result.agreement != nil ? "agreement" : result.walkedAway != nil ? "walkAway" : "deadline"
            outcome = .init(ending: ending, agreement: result.agreement.map(package), walkedAway: result.walkedAway.map { parties[$0] },
                            ownPayoff: mine.map { result.payoffs[$0] }, payoffs: analyst ? builder.byParty(result.payoffs) : nil)
        }
        let yourTurn = mine.map { state.partyToMove == $0 }
        return SessionView(
            session: id, scenario: scenarioReference, viewer: mine.map { parties[$0] } ?? "analyst", protocol: setup.protocol,
            parties: seatViews(connected: connected, analyst: analyst), issues: issueChoices,
            you: mine.map(ownPreferences),
            turn: state.partyToMove.map { parties[$0] }, yourTurn: yourTurn,
            legalActions: (analyst || yourTurn == true) ? state.legalActions.map(\.rawValue) : [],
            offer: state.offer.map(package), offeredBy: state.offeredBy.map { parties[$0] }, acceptedBy: state.acceptedBy.map { parties[$0] },
            ownUtility: mine.flatMap { p in offerUtilities?[p] },
            utilities: analyst ? offerUtilities.map(builder.byParty) : nil,
            reservations: analyst ? builder.byParty(model.reservations) : nil,
            deadline: .init(rounds: setup.rounds, round: min(state.round + 1, setup.rounds),
                            endsAt: setup.minutes.map { setup.created.addingTimeInterval($0 * 60) }, moveEndsAt: moveDeadline(),
                            onTimeout: setup.onTimeout.rawValue),
            finished: state.isOver, outcome: outcome, lastSeq: entries.count,
            events: events(after: eventsAfter, for: viewer))
    }

    /// The events after sequence number `after`, as `viewer` sees them.
    public func events(after: Int, for viewer: SessionViewer) -> [SessionEventView] {
        guard after < entries.count else { return [] }
        let mine: Int? = if case .party(let p) = viewer { p } else { nil }
        return entries[max(0, after)...].enumerated().map { k, entry in
            if entry.moderated != nil { return moderatedEvent(entry, seq: max(0, after) + k + 1, for: mine) }
            var view = SessionEventView(seq: max(0, after) + k + 1, at: entry.at, kind: "seat")
            var packageIndex: Int?
            switch entry.event {
            case .offered(let party, let package, let round, _):
                (view.kind, view.party, view.round, packageIndex) = ("offer", parties[party], round + 1, package)
            case .accepted(let party, let package, let round, _):
                (view.kind, view.party, view.round, packageIndex) = ("accept", parties[party], round + 1, package)
            case .walkedAway(let party, let package, let round, _):
                (view.kind, view.party, view.round, packageIndex) = ("walkAway", parties[party], round + 1, package)
            case .agreementReached(let package, let round, _):
                (view.kind, view.round, packageIndex) = ("agreement", round + 1, package)
            case .deadlineReached(let round, _):
                (view.kind, view.round) = ("deadline", round)
            case .skipped(let party, let round, _):
                (view.kind, view.party, view.round) = ("skip", parties[party], round + 1)
            case nil:
                if let change = entry.seatChange { describeSeat(change, in: &view, for: mine) }
            }
            if let packageIndex { describePackage(packageIndex, in: &view, for: mine) }
            view.message = entry.message
            if mine == nil, entry.event != nil {
                view.actor = entry.actor
                view.record = entry.record
            }
            return view
        }
    }

    /// A seat change as `mine` (nil: the analyst) sees it: who holds the seat now.
    func describeSeat(_ change: (party: Int, strategy: Strategy?), in view: inout SessionEventView, for mine: Int?) {
        view.party = parties[change.party]
        view.actor = change.strategy.map { mine == nil ? $0.rawValue : "agent" } ?? "person"
    }

    /// An event's package, with the viewer's own utility for it (every party's for the analyst).
    func describePackage(_ index: Int, in view: inout SessionEventView, for mine: Int?) {
        view.package = package(index)
        let utilities = (0..<parties.count).map { model.utility($0, digits(index)) }
        if let mine { view.ownUtility = utilities[mine] } else { view.utilities = builder.byParty(utilities) }
    }

    var scenarioReference: SessionView.ScenarioReference { .init(id: setup.scenario, version: setup.version, title: scenario.title) }

    /// The parties' seats as a viewer sees them (the strategies in the analyst's view only).
    func seatViews(connected: Set<Int>, analyst: Bool) -> [SessionView.Seat] {
        scenario.parties.enumerated().map { p, party in
            .init(id: party.id.rawValue, name: party.name, seat: isPerson(p) ? "person" : "agent",
                  strategy: analyst && !isPerson(p) ? strategyName(p) : nil, connected: connected.contains(p))
        }
    }

    var issueChoices: [SessionView.IssueChoices] {
        scenario.issues.map { issue in
            .init(id: issue.id.rawValue, name: issue.name, options: issue.options.map { .init(id: $0.id.rawValue, name: $0.name) })
        }
    }

    /// The draft `{issue: option}` as party `party` sees it.
    public func preview(_ fields: [String: Any], for party: Int) -> Result<PackagePreview, SessionProblems> {
        readPackage(fields).map { index in
            let digits = digits(index)
            let utility = model.utility(party, digits)
            let breaches = model.redLines.indices.filter { model.redLines[$0].party == party && model.breaches($0, digits) }.map { k in
                let id = model.redLines[k].id
                return scenario.parties[party].preferences.redLines.first { $0.id == id }?.description ?? id.rawValue
            }
            return PackagePreview(ownUtility: utility, reservation: model.reservations[party],
                                  belowReservation: !Acceptance.meetsReservation(utility: utility, reservation: model.reservations[party]),
                                  breaches: breaches)
        }
    }

    /// The log as JSON lines: each action in the trace format of `parley simulate --format json`
    /// (`round`, `party`, `action`, `package`, `utilities`) with its `seq`, `at`, `actor` and
    /// `message`; endings and seat changes as `event` lines.
    public func exportLines() throws -> String {
        var lines = ""
        for view in events(after: 0, for: .analyst) {
            let action: TraceStep.Action? = switch view.kind {
            case "offer": .offer
            case "accept": .accept
            case "walkAway": .walkAway
            default: nil
            }
            let line = ExportLine(seq: view.seq, at: view.at, event: action == nil ? view.kind : nil, round: view.round, party: view.party,
                                  action: action, package: view.package, utilities: view.utilities ?? (action != nil ? [:] : nil),
                                  actor: view.actor, message: view.message, record: view.record)
            lines += try Self.json(line) + "\n"
        }
        return lines
    }

    private struct ExportLine: Encodable {
        var seq: Int
        var at: Date
        var event: String?
        var round: Int?
        var party: String?
        var action: TraceStep.Action?
        var package: [String: String]?
        var utilities: [String: Double]?
        var actor: String?
        var message: String?
        var record: SeatRecord?
    }

    /// The analysis of the agreement once the session ended with one; nil otherwise.
    /// - Complexity: one map of the agreement space (the frontier and the Nash package) and one
    ///   pass over the packages for the ones that dominate the agreement.
    public func postSettlement() -> PostSettlement? {
        guard let agreement else { return nil }
        let n = parties.count
        let reached = (0..<n).map { model.utility($0, digits(agreement)) }
        let space = try? AgreementSpace.map(model)
        func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        var toFrontier = Double.infinity
        if let space {
            for start in stride(from: 0, to: space.frontierUtilities.count, by: n) {
                toFrontier = min(toFrontier, distance(reached, Array(space.frontierUtilities[start..<(start + n)])))
            }
        }
        var dominating: [(index: Int, gain: Double)] = []
        var scratch = [Int](repeating: 0, count: scenario.issues.count)
        for index in 0..<(model.space.count ?? 0) {
            model.space.digits(of: index, into: &scratch)
            var allAtLeast = true, gain = 0.0
            for p in 0..<n {
                let difference = model.utility(p, scratch) - reached[p]
                if difference < -1e-12 { allAtLeast = false; break }
                gain += difference
            }
            if allAtLeast, gain > 1e-9 { dominating.append((index, gain)) }
        }
        let nash = space?.solutions[.nash]
        let best = dominating.sorted { $0.gain > $1.gain || ($0.gain == $1.gain && $0.index < $1.index) }.prefix(5)
        return PostSettlement(
            agreement: package(agreement), utilities: builder.byParty(reached), paretoOptimal: dominating.isEmpty,
            distanceToFrontier: dominating.isEmpty ? 0 : (toFrontier.isFinite ? toFrontier : 0),
            nash: nash.map { builder.package($0.package(in: model.space).options) },
            nashUtilities: nash.map { builder.byParty($0.utilities) },
            distanceToNash: nash.map { distance(reached, $0.utilities) },
            improvements: best.map { candidate in
                let utilities = (0..<n).map { model.utility($0, digits(candidate.index)) }
                return .init(package: package(candidate.index), utilities: builder.byParty(utilities),
                             gains: builder.byParty(zip(utilities, reached).map { $0 - $1 }))
            },
            dominatedBy: dominating.count)
    }

    /// The Pareto frontier of the passing packages: each point's utilities, in party order.
    public func frontier() -> [[Double]] {
        guard let space = try? AgreementSpace.map(model) else { return [] }
        let n = parties.count
        return stride(from: 0, to: space.frontierUtilities.count, by: n).map { Array(space.frontierUtilities[$0..<($0 + n)]) }
    }

    /// Every party's reservation value, in party order.
    public var reservations: [Double] { model.reservations }

    /// Every party's utility for each event's package (nil for events without one), by sequence number.
    public func utilitiesByEvent() -> [[Double]?] {
        entries.map { entry in
            if case .turn(_, let move, _) = entry.moderated { return move.deal.map { i in (0..<parties.count).map { model.utility($0, digits(i)) } } }
            let index: Int? = switch entry.event {
            case .offered(_, let package, _, _), .accepted(_, let package, _, _), .agreementReached(let package, _, _): package
            case .walkedAway(_, let package, _, _): package
            default: nil
            }
            return index.map { i in (0..<parties.count).map { model.utility($0, digits(i)) } }
        }
    }

    /// The session as it stood after its first `count` entries (for replay).
    public func replayed(upTo count: Int) throws -> LiveSession {
        var copy = self
        // A view needs the moves, not the negotiators (an agent program is not started again).
        if let moderated {
            copy.moderated = ModeratedTable(rules: moderated.session.rules, model: model, seats: [:], opening: moderated.opening)
            try copy.moderated?.replay(entries.prefix(count).compactMap(\.moderated))
        } else {
            copy.table = LiveTable(rules: table.session.rules, model: model, agents: [:])
            try copy.table.replay(entries.prefix(count).compactMap(\.move), space: model.space)
        }
        copy.entries = Array(entries.prefix(count))
        return copy
    }

    func ownPreferences(_ p: Int) -> SessionView.OwnPreferences {
        var points: [String: [String: Double]] = [:]
        for (i, issue) in scenario.issues.enumerated() {
            points[issue.id.rawValue] = Dictionary(uniqueKeysWithValues: issue.options.enumerated().map { k, option in
                (option.id.rawValue, model.contribution(p, issue: i, option: k))
            })
        }
        let range = model.utilityRange(p)
        let party = scenario.parties[p]
        return .init(party: party.id.rawValue, name: party.name, reservation: model.reservations[p], offset: model.offsets[p], points: points,
                     redLines: party.preferences.redLines.map { .init(id: $0.id.rawValue, description: $0.description ?? $0.id.rawValue) },
                     best: range.upperBound, worst: range.lowerBound)
    }

    func digits(_ index: Int) -> [Int] { model.space.package(at: index).options.map { $0 ?? 0 } }

    func package(_ index: Int) -> [String: String] { builder.package(model.space.package(at: index).options) }
}

extension LiveSession {
    /// The JSON of a view or an event list: sorted keys, times in ISO 8601 with milliseconds.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.timestamp(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `date` in ISO 8601 with milliseconds, UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An entry as the store keeps it.
    public static func stored(_ entry: SessionEntry) throws -> Data { try JSONEncoder().encode(entry) }

    /// An entry the store kept.
    public static func entry(_ data: Data) throws -> SessionEntry { try JSONDecoder().decode(SessionEntry.self, from: data) }
}
