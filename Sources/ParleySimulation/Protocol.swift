import Dispatch
import Foundation
import ParleyAnalysis
import ParleyCore

/// One action in a negotiation.
public struct TraceStep: Hashable, Sendable, Codable {
    /// The kinds of action of the stacked alternating offers protocol.
    public enum Action: String, Hashable, Sendable, Codable, CaseIterable { case offer, accept, walkAway }
    public var round: Int
    public var party: Int
    public var action: Action
    /// The package on the table after the action (nil for walking away before the opening offer).
    public var package: Int?
    /// Every party's utility for that package.
    public var utilities: [Double]
}

/// The outcome of a negotiation.
public struct NegotiationResult: Hashable, Sendable {
    public var agreement: Int?
    /// The round in which it ended.
    public var rounds: Int
    /// Each party's payoff: its utility for the agreement, or its reservation value without one.
    public var payoffs: [Double]
    public var trace: [TraceStep]
    /// Who walked away, if anyone.
    public var walkedAway: Int?
    /// The normalised time at which it ended (1 at the deadline).
    public var time: Double = 1
}

/// The stacked alternating offers protocol (SAOP; Aydoğan, Festen, Hindriks & Jonker 2017): the
/// offer on the table passes round the parties in order; each accepts it, replaces it with a
/// counter-offer, or walks away; there is agreement when every other party has accepted the
/// current offer in turn. A round is one turn of every party; at the deadline without agreement
/// every party gets its reservation value. Deterministic: the same negotiators give the same trace.
/// The protocol's state and rules are a ``NegotiationSession``; ``run(_:negotiators:tables:)``
/// drives one with automated negotiators.
///
/// The deadline is in rounds, in wall-clock seconds (`timeLimit`), or both, whichever comes first;
/// normalised time is then the larger of the two fractions used. With discount factors `δ_i`, a
/// party's payoff at normalised time `t` is `u_i × δ_i^t`, and without agreement its reservation
/// value discounted to the time the negotiation ended (GENIUS's convention). Runs with a wall-clock
/// deadline are not reproducible (the number of turns depends on the machine).
public struct StackedAlternatingOffers: Sendable {
    public var rounds: Int
    /// Seconds; nil for a deadline in rounds only.
    public var timeLimit: Double?
    /// Each party's discount factor (1 or nil: none), in party order; empty for no discounting.
    public var discounts: [Double?]

    public init(rounds: Int = 100, timeLimit: Double? = nil, discounts: [Double?] = []) {
        self.rounds = rounds
        self.timeLimit = timeLimit
        self.discounts = discounts
    }

    /// `value` discounted for party `p` at normalised time `t`.
    func discounted(_ value: Double, party p: Int, time t: Double) -> Double {
        guard p < discounts.count, let factor = discounts[p], factor > 0, factor < 1 else { return value }
        return value * pow(factor, t)
    }

    /// Runs a negotiation over `model`'s packages between `negotiators` (one per party, in party order).
    /// - Complexity: O(rounds × parties) turns, each as costly as the negotiators make it.
    public func run(_ model: UtilityModel, negotiators: [any Negotiator]) -> NegotiationResult {
        run(model, negotiators: negotiators, tables: NegotiationTables(model))
    }

    /// Runs a negotiation with tables computed once for many negotiations over the same model
    /// (a tournament's matches on one scenario): a driver of a ``NegotiationSession`` that asks
    /// each negotiator in turn for its move, with the wall clock as the session's clock, and shows
    /// every action to the other negotiators (SAOP broadcasts actions).
    package func run(_ model: UtilityModel, negotiators: [any Negotiator], tables: NegotiationTables) -> NegotiationResult {
        precondition(negotiators.count == model.partyCount, "one negotiator per party")
        let parties = model.partyCount
        // The driver needs the trace, not the event log.
        var session = NegotiationSession(rules: self, model: model, tables: tables, keepsLog: false)
        // Negotiators prepare (rank their acceptable packages) on all cores, unless the space is
        // too small to repay handing work to other threads.
        let prepared = Locked<[Int: any Negotiator]>([:])
        let prepare = { @Sendable [session] (p: Int) in
            var agent = negotiators[p]
            agent.start(session.context(for: p))
            prepared.withLock { $0[p] = agent }
        }
        if (model.space.count ?? 0) < 1 << 14 {
            (0..<parties).forEach(prepare)
        } else {
            DispatchQueue.concurrentPerform(iterations: parties, execute: prepare)
        }
        var agents = prepared.withLock { table in (0..<parties).map { table[$0]! } }
        let clock = ContinuousClock(), started = clock.now
        while let party = session.partyToMove {
            let elapsed = timeLimit == nil ? Duration.zero : clock.now - started
            if timeLimit != nil {
                session.updateClock(elapsed: elapsed)
                if session.isOver { break }
            }
            let time = session.time(elapsed: elapsed)
            let action = agents[party].act(on: session.offer, time: time)
            let event: NegotiationEvent
            do {
                event = try session.record(action, by: party, at: time).event
            } catch {
                preconditionFailure("negotiator '\(agents[party].name)' made an illegal move \(action): \(error)")
            }
            // Every action is shown to the other parties (SAOP broadcasts actions).
            switch event {
            case .offered(_, let package, _, let time):
                for other in 0..<parties where other != party { agents[other].observe(party: party, action: .offer, package: package, time: time) }
            case .accepted(_, let package, _, let time):
                for other in 0..<parties where other != party { agents[other].observe(party: party, action: .accept, package: package, time: time) }
            case .walkedAway, .agreementReached, .deadlineReached, .skipped:
                break
            }
        }
        return session.result!
    }
}
