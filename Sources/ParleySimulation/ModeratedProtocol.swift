import ParleyAnalysis
import ParleyCore

/// The moderated multi-party protocol of the LLM-Deliberation benchmark (Abdelnabi, Gomaa,
/// Sivaprasad, Schönherr & Fritz, "Cooperation, Competition, and Maliciousness: LLM-Stakeholders
/// Interactive Negotiation", NeurIPS 2024 Datasets & Benchmarks), generalised to any scenario and
/// agreement rule:
///
/// 1. the proposer (a party, or a mediator seat that is no party) opens with an initial deal;
/// 2. the parties speak in turns for a fixed budget (4 × n turns by default), in cycles of every
///    party whose order is drawn from the seed; at each turn a party posts a public message and may
///    put a deal on the table;
/// 3. after the last turn the proposer makes a final proposal, scored against the scenario's
///    agreement rule.
///
/// Interpretive choices, where the paper leaves room: a cycle holds every party once (the
/// proposer too, when it is a party); the proposer is never last in a cycle and nobody speaks twice
/// in a row, across cycles too (the statement of the benchmark's order); the budget may end
/// in the middle of a cycle; a party accepts a deal by the rule every analysis uses (utility at or
/// above its reservation value, none of its red lines breached: the benchmark's "score at least the
/// minimum", read as ≥).
public struct ModeratedProtocol: Sendable, Hashable {
    /// The number of discussion turns; nil for 4 × the number of parties.
    public var turns: Int?
    /// Draws the speaking order.
    public var seed: UInt64
    /// The party that opens and makes the final proposal; nil for a mediator seat.
    public var proposer: Int?

    public init(turns: Int? = nil, seed: UInt64 = 1, proposer: Int? = 0) {
        self.turns = turns
        self.seed = seed
        self.proposer = proposer
    }

    /// The speaking order of the discussion: the party of each turn.
    /// - Complexity: O(turns × parties) expected (a cycle that breaks a constraint is drawn again).
    public func schedule(parties: Int) -> [Int] {
        let budget = turns ?? 4 * parties
        guard parties >= 2, budget > 0 else { return [] }
        var random = SeededGenerator(seed: seed)
        var order: [Int] = []
        while order.count < budget {
            var cycle = Array(0..<parties)
            repeat {
                cycle.shuffle(using: &random)
            } while cycle.last == proposer || cycle.first == order.last
            order += cycle
        }
        return Array(order.prefix(budget))
    }
}

/// One move of the moderated protocol: a public message, with a deal put on the table or none.
public struct ModeratedMove: Hashable, Sendable, Codable {
    public var message: String
    /// The package put on the table (its index), or nil.
    public var deal: Int?

    public init(message: String, deal: Int?) {
        self.message = message
        self.deal = deal
    }
}

/// A moderated negotiation as a value stepped one move at a time, like ``NegotiationSession``:
/// whose turn it is, the phase, the transcript. It checks the turn and the deal's index; what a
/// party says or proposes is its own business.
public struct ModeratedSession: Sendable {
    /// The phases: the proposer's opening deal, the discussion, the proposer's final proposal.
    public enum Phase: String, Hashable, Sendable, Codable { case opening, discussion, final, over }

    /// One entry of the transcript.
    public struct Turn: Hashable, Sendable, Codable {
        public var phase: Phase
        /// The party who spoke; nil for the mediator.
        public var party: Int?
        public var move: ModeratedMove

        public init(phase: Phase, party: Int?, move: ModeratedMove) {
            self.phase = phase
            self.party = party
            self.move = move
        }
    }

    /// Why a move was refused; the session is unchanged.
    public enum Error: Swift.Error, Hashable, Sendable {
        case notYourTurn(party: Int?, expected: Int?)
        case over
        case invalidDeal(Int)
        /// The opening and the final proposal must put a deal on the table.
        case dealRequired
    }

    public let rules: ModeratedProtocol
    public let parties: Int
    /// The discussion's speaking order.
    public let schedule: [Int]
    public let packageCount: Int
    public private(set) var phase: Phase = .opening
    /// The index of the next discussion turn.
    public private(set) var turn = 0
    public private(set) var transcript: [Turn] = []
    /// Whether the session was ended before the final proposal (a wall-clock deadline).
    public private(set) var stopped = false

    public init(rules: ModeratedProtocol, parties: Int, packageCount: Int) {
        self.rules = rules
        self.parties = parties
        self.packageCount = packageCount
        schedule = rules.schedule(parties: parties)
    }

    /// Who speaks next: a party, or nil for the mediator (``isOver`` tells the end apart).
    public var speaker: Int? {
        switch phase {
        case .opening, .final: rules.proposer
        case .discussion: schedule[turn]
        case .over: nil
        }
    }

    public var isOver: Bool { phase == .over }

    /// The normalised time of the next move: 0 at the opening, 1 at the final proposal.
    public var time: Double {
        switch phase {
        case .opening: 0
        case .discussion: Double(turn + 1) / Double(schedule.count + 1)
        case .final, .over: 1
        }
    }

    /// The final proposal, once made.
    public var finalDeal: Int? { phase == .over && !stopped ? transcript.last?.move.deal : nil }

    /// Ends the session where it stands, without a final proposal (a wall-clock deadline passed).
    public mutating func stop() {
        guard phase != .over else { return }
        phase = .over
        stopped = true
    }

    /// Takes `speaker`'s move (nil: the mediator).
    /// - Throws: ``Error`` out of turn, after the end, for a deal outside the outcome space, or
    ///   for an opening or final proposal without a deal. The session is then unchanged.
    public mutating func apply(_ move: ModeratedMove, by speaker: Int?) throws(Error) {
        guard phase != .over else { throw .over }
        guard speaker == self.speaker else { throw .notYourTurn(party: speaker, expected: self.speaker) }
        if let deal = move.deal, deal < 0 || deal >= packageCount { throw .invalidDeal(deal) }
        if (phase == .opening || phase == .final), move.deal == nil { throw .dealRequired }
        transcript.append(Turn(phase: phase, party: speaker, move: move))
        switch phase {
        case .opening: phase = schedule.isEmpty ? .final : .discussion
        case .discussion:
            turn += 1
            if turn == schedule.count { phase = .final }
        case .final: phase = .over
        case .over: break
        }
    }
}
