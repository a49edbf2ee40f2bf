import Dispatch
import Foundation
import ParleyAnalysis
import ParleyCore
import Synchronization

/// One action in a negotiation.
public struct TraceStep: Hashable, Sendable, Codable {
    public enum Action: String, Hashable, Sendable, Codable { case offer, accept, walkAway }
    public var round: Int
    public var party: Int
    public var action: Action
    /// The package on the table after the action.
    public var package: Int
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
    /// (a tournament's matches on one scenario).
    public func run(_ model: UtilityModel, negotiators: [any Negotiator], tables: NegotiationTables) -> NegotiationResult {
        precondition(negotiators.count == model.partyCount, "one negotiator per party")
        let parties = model.partyCount
        let utilities = tables.utilities, forbidden = tables.forbidden
        // Negotiators prepare (rank their acceptable packages) on all cores, unless the space is
        // too small to repay handing work to other threads.
        let prepared = Mutex<[Int: any Negotiator]>([:])
        let rounds = rounds
        let prepare = { @Sendable (p: Int) in
            var agent = negotiators[p]
            agent.start(NegotiationContext(party: p, utilities: utilities[p], forbidden: forbidden[p],
                                           reservation: model.reservations[p], rounds: rounds, parties: parties,
                                           ranking: tables.ranking(p)))
            prepared.withLock { $0[p] = agent }
        }
        if (model.space.count ?? 0) < 1 << 14 {
            (0..<parties).forEach(prepare)
        } else {
            DispatchQueue.concurrentPerform(iterations: parties, execute: prepare)
        }
        var agents = prepared.withLock { table in (0..<parties).map { table[$0]! } }
        func step(_ round: Int, _ party: Int, _ action: TraceStep.Action, _ package: Int) -> TraceStep {
            TraceStep(round: round, party: party, action: action, package: package, utilities: (0..<parties).map { utilities[$0][package] })
        }
        var trace: [TraceStep] = []
        let clock = ContinuousClock(), started = clock.now
        func elapsedFraction() -> Double {
            guard let timeLimit else { return 0 }
            let (seconds, attoseconds) = (clock.now - started).components
            return (Double(seconds) + Double(attoseconds) / 1e18) / timeLimit
        }
        func reservations(at time: Double) -> [Double] {
            (0..<parties).map { discounted(model.reservations[$0], party: $0, time: time) }
        }
        // Every action is shown to the other parties (SAOP broadcasts actions).
        func broadcast(_ actor: Int, _ action: ObservedAction, _ package: Int, _ time: Double) {
            for other in 0..<parties where other != actor { agents[other].observe(party: actor, action: action, package: package, time: time) }
        }
        var offer = agents[0].open(time: 0)
        trace.append(step(0, 0, .offer, offer))
        broadcast(0, .offer, offer, 0)
        var acceptances = 0
        var turn = 1
        let totalTurns = rounds > Int.max / parties ? Int.max : rounds * parties
        var time = 0.0
        while turn < totalTurns {
            let party = turn % parties, round = turn / parties
            time = min(1, max(Double(turn) / Double(max(1, totalTurns - 1)), elapsedFraction()))
            if timeLimit != nil, time >= 1 {
                return NegotiationResult(agreement: nil, rounds: round, payoffs: reservations(at: 1), trace: trace, walkedAway: nil, time: 1)
            }
            switch agents[party].respond(to: offer, time: time) {
            case .accept:
                acceptances += 1
                trace.append(step(round, party, .accept, offer))
                broadcast(party, .accept, offer, time)
                if acceptances == parties - 1 {
                    return NegotiationResult(agreement: offer, rounds: round + 1,
                                             payoffs: (0..<parties).map { discounted(utilities[$0][offer], party: $0, time: time) },
                                             trace: trace, walkedAway: nil, time: time)
                }
            case .counter(let package):
                offer = package
                acceptances = 0
                trace.append(step(round, party, .offer, offer))
                broadcast(party, .offer, offer, time)
            case .walkAway:
                trace.append(step(round, party, .walkAway, offer))
                return NegotiationResult(agreement: nil, rounds: round + 1, payoffs: reservations(at: time), trace: trace,
                                         walkedAway: party, time: time)
            }
            turn += 1
        }
        return NegotiationResult(agreement: nil, rounds: rounds, payoffs: reservations(at: 1), trace: trace, walkedAway: nil, time: 1)
    }
}

/// Every party's utility for every package and whether the package breaches one of its red lines.
public struct NegotiationTables: Sendable {
    public let utilities: [[Double]]
    public let forbidden: [[Bool]]
    /// Each party's acceptable packages ranked (when prepared for many negotiations).
    let rankings: [AcceptableRanking]?

    /// Tables for one negotiation: each negotiator ranks its packages itself, on all cores.
    public init(_ model: UtilityModel) {
        (utilities, forbidden) = StackedAlternatingOffers.tables(model)
        rankings = nil
    }

    /// Tables for many negotiations over the same model (a tournament's matches): each party's
    /// acceptable packages are also ranked once, on all cores, and shared by every negotiator
    /// that takes the party's seat.
    public init(sharing model: UtilityModel) {
        let (utilities, forbidden) = StackedAlternatingOffers.tables(model)
        self.utilities = utilities
        self.forbidden = forbidden
        let parties = model.partyCount
        let built = Mutex<[Int: AcceptableRanking]>([:])
        DispatchQueue.concurrentPerform(iterations: parties) { p in
            let ranking = AcceptableRanking(NegotiationContext(party: p, utilities: utilities[p], forbidden: forbidden[p],
                                                               reservation: model.reservations[p], rounds: 1))
            built.withLock { $0[p] = ranking }
        }
        rankings = built.withLock { table in (0..<parties).map { table[$0]! } }
    }

    func ranking(_ party: Int) -> AcceptableRanking? { rankings?[party] }
}

extension StackedAlternatingOffers {
    /// Every party's utility for every package, and whether the package breaches one of the party's
    /// red lines: computed in chunks on all cores, stepping through each chunk's packages like an
    /// odometer rather than decoding every index.
    static func tables(_ model: UtilityModel) -> (utilities: [[Double]], forbidden: [[Bool]]) {
        let count = model.space.count ?? 0
        let parties = model.partyCount
        let radices = model.space.radices
        let utilities = (0..<parties).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: count) }
        let forbidden = (0..<parties).map { _ in UnsafeMutableBufferPointer<Bool>.allocate(capacity: count) }
        defer {
            utilities.forEach { $0.deallocate() }
            forbidden.forEach { $0.deallocate() }
        }
        nonisolated(unsafe) let utilityColumns = utilities, forbiddenColumns = forbidden
        let chunkSize = 1 << 15
        let chunks = max(1, (count + chunkSize - 1) / chunkSize)
        let issues = radices.count, options = model.optionCount
        let redLines = model.redLines
        let fill = { @Sendable (chunk: Int) in
            let start = chunk * chunkSize, end = min(count, start + chunkSize)
            guard start < end else { return }
            // Running sums per issue level, party-major: prefix[p * (issues + 1) + k] is party p's
            // offset plus the contributions of issues 0..<k, added in the same order as
            // UtilityModel.utility, so the sums are bit for bit the same. Stepping to the next
            // package recomputes only the levels from the first digit that changed.
            let levels = issues + 1
            let digits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, issues))
            let prefix = UnsafeMutableBufferPointer<Double>.allocate(capacity: parties * levels)
            defer { digits.deallocate(); prefix.deallocate() }
            var decoded = [Int](repeating: 0, count: issues)
            model.space.digits(of: start, into: &decoded)
            for issue in 0..<issues { digits[issue] = decoded[issue] }
            model.contributions.withUnsafeBufferPointer { contributions in
                model.optionStarts.withUnsafeBufferPointer { optionStarts in
                    model.offsets.withUnsafeBufferPointer { offsets in
                        radices.withUnsafeBufferPointer { radices in
                            var level = 0
                            for index in start..<end {
                                for p in 0..<parties {
                                    let base = p * levels, row = p * options
                                    if level == 0 { prefix[base] = offsets[p] }
                                    var issue = level
                                    while issue < issues {
                                        prefix[base + issue + 1] = prefix[base + issue] + contributions[row + optionStarts[issue] + digits[issue]]
                                        issue += 1
                                    }
                                    utilityColumns[p][index] = prefix[base + issues]
                                    forbiddenColumns[p][index] = false
                                }
                                if !redLines.isEmpty {
                                    for issue in 0..<issues { decoded[issue] = digits[issue] }
                                    for k in redLines.indices where model.breaches(k, decoded) {
                                        forbiddenColumns[redLines[k].party][index] = true
                                    }
                                }
                                // The next package: the last issue varies fastest.
                                var issue = issues - 1
                                while issue >= 0 {
                                    digits[issue] += 1
                                    if digits[issue] < radices[issue] { break }
                                    digits[issue] = 0
                                    issue -= 1
                                }
                                level = max(0, issue)
                            }
                        }
                    }
                }
            }
        }
        if chunks == 1 { fill(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: fill) }
        return (utilities.map { Array($0) }, forbidden.map { Array($0) })
    }
}

/// The strategies by name, for the command line.
public enum StrategyCatalog {
    public static let names = ["boulware", "linear", "conceder", "hardliner", "nash-seeking", "tit-for-tat", "random",
                               "negmas-boulware", "negmas-linear", "negmas-conceder"]

    /// The strategy called `name`, for negotiating over `space`; `seed` drives the random ones.
    public static func make(_ name: String, space: OutcomeSpace, seed: UInt64 = 1) -> (any Negotiator)? {
        switch name.lowercased() {
        case "nash-seeking", "nash": NashSeekingNegotiator(space: space)
        case "boulware": TimeDependentNegotiator.boulware()
        case "linear": TimeDependentNegotiator.linear()
        case "conceder": TimeDependentNegotiator.conceder()
        case "hardliner": TimeDependentNegotiator.hardliner()
        case "tit-for-tat", "tft": TitForTatNegotiator()
        case "random": RandomNegotiator(seed: seed)
        case "negmas-boulware": AspirationNegotiator.boulware()
        case "negmas-linear": AspirationNegotiator.linear()
        case "negmas-conceder": AspirationNegotiator.conceder()
        default: nil
        }
    }
}
