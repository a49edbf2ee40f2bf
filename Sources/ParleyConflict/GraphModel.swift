import ParleyCore

/// A conflict compiled for stability analysis: its feasible states, every decision maker's payoff
/// for each, and every mover's unilateral moves, all in flat arrays indexed by state number.
///
/// States are numbered 0..<count in ascending order of their decimal codes (gmcr-py numbers them
/// 1..count the same way; reports add 1). A mover is a decision maker, or a coalition of them when
/// the model names coalitions.
public struct GraphModel: Sendable {
    public let model: ConflictModel
    /// The decimal code of each feasible state, ascending.
    public let codes: [UInt64]
    /// For each code below `2^options`, its state number, or -1 when infeasible.
    let stateOfCode: [Int32]
    /// `payoffs[dm][state]`: higher is better; equal values are ties.
    public let payoffs: [[Int]]
    /// The movers: groups of decision makers moving together (singletons without coalitions).
    public let movers: [[Int]]
    /// Each mover's unilateral moves, CSR: the moves of mover m from state s are
    /// `moveTargets[m][moveStarts[m][s]..<moveStarts[m][s + 1]]`.
    @usableFromInline let moveStarts: [[Int]]
    @usableFromInline let moveTargets: [[Int32]]

    /// The number of feasible states.
    public var count: Int { codes.count }

    /// Compiles `model`.
    /// - Throws: ``ConflictError`` with the problems ``ConflictValidator`` finds (readers validate
    ///   already; a model built or changed in code may still break a rule, such as a numbered
    ///   ranking after states were removed).
    /// - Complexity: O(2^options) to enumerate, O(states × 2^(options of a mover)) to find moves.
    public init(_ model: ConflictModel) throws(ConflictError) {
        let problems = ConflictValidator().problems(model).filter { $0.severity == .error }
        guard problems.isEmpty else { throw ConflictError(diagnostics: problems) }
        self.model = model
        let optionCount = model.options.count
        let codes = model.feasibleCodes()
        var stateOfCode = [Int32](repeating: -1, count: 1 << optionCount)
        for (state, code) in codes.enumerated() { stateOfCode[Int(code)] = Int32(state) }
        self.codes = codes
        self.stateOfCode = stateOfCode
        payoffs = model.decisionMakers.map { Self.payoffs($0.preferences, codes: codes) }
        movers = model.coalitions ?? model.decisionMakers.indices.map { [$0] }
        var starts: [[Int]] = []
        var targets: [[Int32]] = []
        let perceived = model.decisionMakers.map { dm in codes.map { dm.perceives($0) } }
        for mover in movers {
            let controlled = mover.flatMap { model.decisionMakers[$0].options }
            var (s, t) = Self.moves(controlled: controlled, options: model.options, codes: codes, stateOfCode: stateOfCode)
            // Misperceptions (gmcr-py's `RMGenerator`): a mover can neither move from nor to a state it
            // does not perceive; a coalition perceives what any of its members perceives.
            if mover.contains(where: { !model.decisionMakers[$0].misperceptions.isEmpty }) {
                let sees = codes.indices.map { state in mover.contains { perceived[$0][state] } }
                (s, t) = Self.restricted(starts: s, targets: t, to: sees)
            }
            starts.append(s)
            targets.append(t)
        }
        moveStarts = starts
        moveTargets = targets
        self.perceived = perceived
    }

    /// `perceived[dm][state]`: whether decision maker `dm` perceives the state (see ``DecisionMaker/misperceptions``).
    public let perceived: [[Bool]]

    /// The decision makers that do not perceive `state`.
    public func misperceiving(_ state: Int) -> [Int] {
        perceived.indices.filter { !perceived[$0][state] }
    }

    /// The moves kept between states the mover perceives.
    static func restricted(starts: [Int], targets: [Int32], to sees: [Bool]) -> ([Int], [Int32]) {
        var newStarts = [0]
        var newTargets: [Int32] = []
        for state in 0..<(starts.count - 1) {
            if sees[state] {
                for target in targets[starts[state]..<starts[state + 1]] where sees[Int(target)] { newTargets.append(target) }
            }
            newStarts.append(newTargets.count)
        }
        return (newStarts, newTargets)
    }

    /// The states mover `mover` can reach from `state` in one move.
    @inlinable
    public func moves(_ mover: Int, from state: Int) -> ArraySlice<Int32> {
        moveTargets[mover][moveStarts[mover][state]..<moveStarts[mover][state + 1]]
    }

    /// The state number of a code, when feasible.
    public func state(ofCode code: UInt64) -> Int? {
        guard code < UInt64(stateOfCode.count) else { return nil }
        let state = stateOfCode[Int(code)]
        return state < 0 ? nil : Int(state)
    }

    /// The state as a Y/N pattern in option order ("YNNY").
    public func pattern(_ state: Int) -> String {
        String(model.options.indices.map { codes[state] & (1 << UInt64($0)) != 0 ? "Y" : "N" })
    }

    static func moves(controlled: [Int], options: [ConflictOption], codes: [UInt64], stateOfCode: [Int32])
        -> ([Int], [Int32]) {
        var mask: UInt64 = 0
        for option in controlled { mask |= 1 << UInt64(option) }
        var forwardOnly: UInt64 = 0, backwardOnly: UInt64 = 0
        for (index, option) in options.enumerated() {
            if option.direction == .forward { forwardOnly |= 1 << UInt64(index) }
            if option.direction == .backward { backwardOnly |= 1 << UInt64(index) }
        }
        var starts = [0]
        var targets: [Int32] = []
        for code in codes {
            // Every non-empty change of the mover's options, as a submask of `mask`.
            var change = mask
            while change != 0 {
                let target = code ^ change
                let turnedOn = change & target, turnedOff = change & code
                if turnedOn & backwardOnly == 0, turnedOff & forwardOnly == 0 {
                    let state = stateOfCode[Int(target)]
                    if state >= 0 { targets.append(state) }
                }
                change = (change - 1) & mask
            }
            starts.append(targets.count)
        }
        return (starts, targets)
    }

    /// Payoffs from preferences. Prioritised statements: score `Σ 2^(K−k)` over the statements true at
    /// a state; payoffs are dense ranks of the scores from 1 (least preferred). A manual ranking of
    /// g groups gives the states of group j (0 = most preferred) the payoff `count − j`, as gmcr-py does.
    /// The preferences are valid (``ConflictValidator``): a ranking ranks every feasible state once.
    static func payoffs(_ preferences: ConflictPreferences, codes: [UInt64]) -> [Int] {
        switch preferences {
        case .prioritized(let statements):
            let total = statements.count
            let scores = codes.map { code in
                statements.enumerated().reduce(0.0) { sum, entry in
                    entry.element.holds(at: code) ? sum + Double(1 << UInt64(min(62, total - 1 - entry.offset))) : sum
                }
            }
            let distinct = Array(Set(scores)).sorted()
            var rank: [Double: Int] = [:]
            for (index, score) in distinct.enumerated() { rank[score] = index + 1 }
            return scores.map { rank[$0]! }
        case .ranking(let groups):
            var payoffs = [Int](repeating: 0, count: codes.count)
            for (position, group) in groups.enumerated() {
                for number in group { payoffs[number - 1] = codes.count - position }
            }
            return payoffs
        case .patternRanking(let groups):
            var stateOf: [UInt64: Int] = [:]
            for (index, code) in codes.enumerated() { stateOf[code] = index }
            var payoffs = [Int](repeating: 0, count: codes.count)
            for (position, group) in groups.enumerated() {
                for code in group {
                    guard let state = stateOf[code] else { continue }   // an infeasible state: nothing to rank
                    payoffs[state] = codes.count - position
                }
            }
            return payoffs
        }
    }
}

/// A conflict that breaks a rule of ``ConflictValidator``: its problems, without locations.
public struct ConflictError: Error, Hashable, Sendable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}
