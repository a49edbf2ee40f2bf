import Foundation
import ParleyCore
import ParleySimulation

/// What each viewer sees of a moderated session: the same `parley.session/1` view as stacked
/// alternating offers, read for the moderated protocol. `offer` is the latest deal on the table
/// and `offeredBy` who put it there; nobody accepts a deal (`acceptedBy` stays empty: which
/// parties would accept it is each party's own business); `deadline.rounds` is the discussion's
/// budget of turns and `deadline.round` the turn being played.
extension LiveSession {
    /// The agreement: the accepted offer of stacked alternating offers, or a moderated session's
    /// final proposal when it passes the agreement rule.
    public var agreement: Int? {
        if let moderated { return moderated.final.flatMap { $0.passes ? $0.deal : nil } }
        return table.session.result?.agreement
    }

    func moderatedView(_ table: ModeratedTable, for viewer: SessionViewer, connected: Set<Int>, eventsAfter: Int) -> SessionView {
        let state = table.session
        let mine: Int? = if case .party(let p) = viewer { p } else { nil }
        let analyst = mine == nil
        let n = parties.count
        let latest = state.transcript.last { $0.move.deal != nil }
        let dealUtilities = latest?.move.deal.map { deal in (0..<n).map { model.utility($0, digits(deal)) } }
        var outcome: SessionView.Outcome?
        if state.isOver {
            let final = table.final
            let payoffs = (0..<n).map { p in
                final.flatMap { $0.passes ? model.utility(p, digits($0.deal)) : nil } ?? model.reservations[p]
            }
            outcome = .init(ending: state.stopped ? "deadline" : final?.passes == true ? "passed" : "failed",
                            agreement: final.flatMap { $0.passes ? package($0.deal) : nil }, walkedAway: nil,
                            ownPayoff: mine.map { payoffs[$0] }, payoffs: analyst ? builder.byParty(payoffs) : nil,
                            finalDeal: final.map { package($0.deal) }, passes: final?.passes ?? false, unanimous: final?.unanimous ?? false)
        }
        let speaker = state.isOver ? nil : state.speaker
        let yourTurn = mine.map { !state.isOver && speaker == $0 }
        let legal = state.isOver ? [] : state.phase == .discussion ? ["offer", "pass"] : ["offer"]
        let budget = state.schedule.count
        return SessionView(
            session: id, scenario: scenarioReference, viewer: mine.map { parties[$0] } ?? "analyst", protocol: setup.protocol,
            parties: seatViews(connected: connected, analyst: analyst), issues: issueChoices,
            you: mine.map(ownPreferences),
            turn: state.isOver ? nil : speakerName(speaker), yourTurn: yourTurn,
            legalActions: (analyst || yourTurn == true) ? legal : [],
            offer: latest?.move.deal.map(package), offeredBy: latest.map { speakerName($0.party) }, acceptedBy: [],
            ownUtility: mine.flatMap { p in dealUtilities?[p] },
            utilities: analyst ? dealUtilities.map(builder.byParty) : nil,
            reservations: analyst ? builder.byParty(model.reservations) : nil,
            deadline: .init(rounds: budget, round: min(state.turn + 1, max(1, budget)),
                            endsAt: setup.minutes.map { setup.created.addingTimeInterval($0 * 60) }, moveEndsAt: moveDeadline(),
                            onTimeout: setup.onTimeout.rawValue),
            phase: state.phase.rawValue, turnsLeft: budget - state.turn, proposer: setup.proposer,
            finished: state.isOver, outcome: outcome, lastSeq: entries.count,
            events: events(after: eventsAfter, for: viewer))
    }

    /// A moderated table's entry as `mine` (nil: the analyst) sees it: `opening`, `message` (a
    /// discussion turn) or `final` with the speaker's message and deal; `deadline`; `seat`.
    func moderatedEvent(_ entry: SessionEntry, seq: Int, for mine: Int?) -> SessionEventView {
        var view = SessionEventView(seq: seq, at: entry.at, kind: "seat")
        switch entry.moderated {
        case .turn(let speaker, let move, let valid):
            view.kind = switch entry.phase {
            case .opening: "opening"
            case .final: "final"
            default: "message"
            }
            view.party = speakerName(speaker)
            view.message = entry.message
            view.valid = valid ? nil : false
            if let deal = move.deal { describePackage(deal, in: &view, for: mine) }
            if mine == nil {
                view.actor = entry.actor
                view.record = entry.record
            }
        case .stop:
            view.kind = "deadline"
            if mine == nil { view.actor = entry.actor }
        case .seat(let party, let strategy, _):
            describeSeat((party, strategy), in: &view, for: mine)
        case nil:
            break
        }
        return view
    }
}
