import Foundation
import ParleyAnalysis
import ParleyCore

/// A moderated negotiation played to its end, with the benchmark's metrics.
public struct ModeratedResult: Sendable, Hashable {
    public var schedule: [Int]
    public var transcript: [ModeratedSession.Turn]
    /// The final proposal (nil when the proposer made none).
    public var final: Int?
    /// Whether the final proposal passes the agreement rule / every party accepts it.
    public var finalPasses: Bool
    public var finalUnanimous: Bool
    /// Whether some deal put on the table (the opening, a turn's deal or the final one) passed.
    public var anyPass: Bool
    /// Each party's share of its own deals that it does not accept itself (nil: it put none).
    public var wrongRate: [Double?]
    /// Every party's utility of the final proposal.
    public var finalScores: [Double]?
    /// The Gini coefficient of the final scores (nil without a final deal or with scores that are not positive on average).
    public var gini: Double?
    /// The Euclidean distance in utility space from the final deal to the nearest point of the
    /// Pareto frontier of the passing deals (0 on it; nil without a final deal or a passing deal).
    public var distanceToFrontier: Double?
}

/// What a seat of the moderated protocol knows when it speaks: the phase, the time, how many
/// turns are left, and the public transcript so far (the parties' messages and deals).
public struct ModeratedSituation: Sendable {
    public var phase: ModeratedSession.Phase
    /// The speaker's party index (nil for the mediator).
    public var party: Int?
    public var time: Double
    public var turnsLeft: Int
    public var transcript: [ModeratedSession.Turn]
    /// The latest deal put on the table, if any.
    public var deal: Int? { transcript.last { $0.move.deal != nil }?.move.deal }

    public init(phase: ModeratedSession.Phase, party: Int?, time: Double, turnsLeft: Int, transcript: [ModeratedSession.Turn]) {
        self.phase = phase
        self.party = party
        self.time = time
        self.turnsLeft = turnsLeft
        self.transcript = transcript
    }
}

/// What a seat that calls a model did for one move: the prompt, the raw reply, the tokens, the
/// time, and why the reply was refused when it was.
public struct SeatRecord: Hashable, Sendable, Codable {
    public var prompt: [Message]
    public var reply: String
    public var error: String?
    public var attempts: Int
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var milliseconds: Double

    public struct Message: Hashable, Sendable, Codable {
        public var role: String
        public var content: String
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    public init(prompt: [Message], reply: String, error: String?, attempts: Int, promptTokens: Int?, completionTokens: Int?, milliseconds: Double) {
        self.prompt = prompt
        self.reply = reply
        self.error = error
        self.attempts = attempts
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.milliseconds = milliseconds
    }
}

/// A seat of the moderated protocol: a classic strategy (``ClassicModeratedSeat``), a language
/// model, anything that can speak at its turn.
public protocol ModeratedSeat: Sendable {
    var name: String { get }
    mutating func start(_ context: NegotiationContext)
    /// The move at `situation`; `valid` is false when the seat's answer could not be read (the
    /// move is then a pass); `record` says what a model-backed seat did.
    mutating func speak(_ situation: ModeratedSituation) -> (move: ModeratedMove, valid: Bool, record: SeatRecord?)
    /// Another speaker's move (nil: the mediator).
    mutating func observe(party: Int?, move: ModeratedMove, time: Double)
    /// Whether a table rebuilt from its recorded moves asks this seat for its moves again (so that
    /// its state is the same); false for a seat whose answers cost a call to a model, which the
    /// recorded move stands for.
    var replaysByAsking: Bool { get }
}

extension ModeratedSeat {
    public var replaysByAsking: Bool { true }
}

/// A classic strategy in the moderated protocol: at each turn it puts on the table the package
/// its concession schedule gives at that time (``Negotiator/open(time:)``); its opening and final
/// proposals are its schedule's packages at times 0 and 1; it learns from the others' deals.
public struct ClassicModeratedSeat: ModeratedSeat {
    var negotiator: any Negotiator
    public var name: String { negotiator.name }

    public init(_ negotiator: any Negotiator) { self.negotiator = negotiator }

    public mutating func start(_ context: NegotiationContext) { negotiator.start(context) }

    public mutating func speak(_ situation: ModeratedSituation) -> (move: ModeratedMove, valid: Bool, record: SeatRecord?) {
        let message: String = switch situation.phase {
        case .opening: "Here is my opening deal."
        case .final: "My final proposal."
        default: "I propose this deal."
        }
        return (ModeratedMove(message: message, deal: negotiator.open(time: situation.time)), true, nil)
    }

    public mutating func observe(party: Int?, move: ModeratedMove, time: Double) {
        if let party, let deal = move.deal { negotiator.observe(party: party, action: .offer, package: deal, time: time) }
    }
}

extension ModeratedProtocol {
    /// Plays the protocol with classic strategies in the seats (see ``run(_:seats:opening:)``).
    public func run(_ model: UtilityModel, negotiators: [any Negotiator], opening: Int? = nil) -> ModeratedResult {
        run(model, seats: negotiators.map { ClassicModeratedSeat($0) }, opening: opening).result
    }

    /// Plays the protocol on a ``ModeratedTable`` whose every seat is automated: `seats` (one per
    /// party, in party order) speak at their turns and see every move.
    /// - Returns: the result, and for each transcript entry whether the move was valid and the seat's record.
    public func run(_ model: UtilityModel, seats: [any ModeratedSeat], opening: Int? = nil)
        -> (result: ModeratedResult, valid: [Bool], records: [SeatRecord?]) {
        precondition(seats.count == model.partyCount, "one seat per party")
        var table = ModeratedTable(rules: self, model: model, seats: Dictionary(uniqueKeysWithValues: seats.enumerated().map { ($0, $1) }),
                                   opening: opening)
        var valid: [Bool] = [], records: [SeatRecord?] = []
        while let step = table.moveAutomated() {
            valid.append(step.valid)
            records.append(step.record)
        }
        return (table.result, valid, records)
    }
}

extension ModeratedResult {
    /// The metrics of a finished session.
    package static func score(_ session: ModeratedSession, model: UtilityModel, tables: NegotiationTables) -> ModeratedResult {
        let parties = model.partyCount
        func accepts(_ deal: Int) -> [Bool] { acceptances(of: deal, model: model, tables: tables) }
        let deals = session.transcript.compactMap(\.move.deal)
        let final = session.finalDeal
        var wrong: [Double?] = Array(repeating: nil, count: parties)
        for p in 0..<parties {
            let own = session.transcript.filter { $0.party == p }.compactMap(\.move.deal)
            if !own.isEmpty { wrong[p] = Double(own.filter { !accepts($0)[p] }.count) / Double(own.count) }
        }
        let scores = final.map { deal in (0..<parties).map { tables.utilities[$0][deal] } }
        var distance: Double?
        if let scores, let space = try? AgreementSpace.map(model), space.hasZone {
            var best = Double.infinity
            for start in stride(from: 0, to: space.frontierUtilities.count, by: parties) {
                var sum = 0.0
                for p in 0..<parties { let d = scores[p] - space.frontierUtilities[start + p]; sum += d * d }
                best = min(best, sum.squareRoot())
            }
            // A final deal that no passing deal dominates lies on the frontier of the passing deals.
            distance = best.isFinite ? best : nil
        }
        return ModeratedResult(
            schedule: session.schedule, transcript: session.transcript, final: final,
            finalPasses: final.map { model.rule.passes(accepts($0)) } ?? false,
            finalUnanimous: final.map { !accepts($0).contains(false) } ?? false,
            anyPass: deals.contains { model.rule.passes(accepts($0)) },
            wrongRate: wrong, finalScores: scores, gini: scores.flatMap(Self.gini), distanceToFrontier: distance)
    }

    /// Which parties accept `deal`: utility at or above the reservation value, no red line of its own breached.
    package static func acceptances(of deal: Int, model: UtilityModel, tables: NegotiationTables) -> [Bool] {
        (0..<model.partyCount).map {
            !tables.forbidden[$0][deal] && Acceptance.meetsReservation(utility: tables.utilities[$0][deal], reservation: model.reservations[$0])
        }
    }

    /// The Gini coefficient of `values`: the mean absolute difference over twice the mean (nil when the mean is not positive).
    public static func gini(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > 0 else { return nil }
        var total = 0.0
        for a in values { for b in values { total += abs(a - b) } }
        return total / (2 * Double(values.count * values.count) * mean)
    }
}

/// The rule-aware mediator baseline: from the parties' offers only (never their preferences), it
/// estimates what each party accepts and proposes the package most likely to pass.
///
/// Each party's value of an option is estimated as the share of that party's deals that chose it;
/// a package's estimated value for the party is the mean over the issues; the party is taken to
/// accept a package worth at least the least of its own deals (it put them on the table). A party
/// that put no deal is taken to accept anything (nothing is known of it). The proposal passes the
/// rule on these estimated acceptances if any package does; among those, the most estimated
/// acceptances, then the highest estimated total value, then the lowest package index.
public struct MediatorBaseline: Sendable {
    let model: UtilityModel
    /// counts[party][option offset]: how often the party's deals chose each option.
    var counts: [[Int]]
    var deals: [[Int]]

    public init(model: UtilityModel) {
        self.model = model
        let options = model.space.radices.reduce(0, +)
        counts = Array(repeating: Array(repeating: 0, count: options), count: model.partyCount)
        deals = Array(repeating: [], count: model.partyCount)
    }

    /// Records `party`'s deal (the mediator's own are not evidence of anyone's preferences).
    public mutating func observe(party: Int?, deal: Int) {
        guard let party else { return }
        deals[party].append(deal)
        var digits = [Int](repeating: 0, count: model.space.radices.count)
        model.space.digits(of: deal, into: &digits)
        var offset = 0
        for (issue, radix) in model.space.radices.enumerated() {
            counts[party][offset + digits[issue]] += 1
            offset += radix
        }
    }

    func estimate(_ party: Int, _ digits: [Int]) -> Double {
        let total = Double(max(1, deals[party].count))
        var offset = 0, sum = 0.0
        for (issue, radix) in model.space.radices.enumerated() {
            sum += Double(counts[party][offset + digits[issue]]) / total
            offset += radix
        }
        return sum / Double(max(1, digits.count))
    }

    /// The proposal: see the type's description.
    public func proposal(rule: CompiledRule) -> Int {
        let parties = model.partyCount
        let count = model.space.count ?? 0
        var digits = [Int](repeating: 0, count: model.space.radices.count)
        let floors: [Double?] = (0..<parties).map { p in
            deals[p].isEmpty ? nil : deals[p].map { deal -> Double in
                var d = [Int](repeating: 0, count: model.space.radices.count)
                model.space.digits(of: deal, into: &d)
                return estimate(p, d)
            }.min()
        }
        var best = (passes: false, accepted: -1, value: -Double.infinity, index: 0)
        var accepts = [Bool](repeating: false, count: parties)
        for index in 0..<count {
            model.space.digits(of: index, into: &digits)
            var accepted = 0, value = 0.0
            for p in 0..<parties {
                let estimate = estimate(p, digits)
                value += estimate
                accepts[p] = floors[p].map { estimate >= $0 - 1e-12 } ?? true
                if accepts[p] { accepted += 1 }
            }
            let passes = rule.passes(accepts)
            if (passes && !best.passes) || (passes == best.passes && (accepted > best.accepted || (accepted == best.accepted && value > best.value + 1e-12))) {
                best = (passes, accepted, value, index)
            }
        }
        return best.index
    }
}
