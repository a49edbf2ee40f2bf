import ParleyCore
import Testing
@testable import ParleyConflict

/// The sanction search against many movers, checked against a brute force written from the
/// definitions (no memo, no bit tricks): a coalition facing seven or more opponents must not confuse
/// (state, opponents used) pairs.
@Suite struct CoalitionSearchTests {
    /// Nine decision makers moving as eight movers: a coalition of the first two, which faces seven
    /// opponents. Options: bit 0 belongs to the last opponent (dm8), bits 1...6 to dm2...dm7, bits 7
    /// and 8 to dm0 and dm1. The coalition's sanctions are scarce and need a forced order of the
    /// opponents' moves: its members rank first "not (o1 & o2 & -o0)", then their own option taken,
    /// then random statements; `o0 = N & o1 = N` and `o2 & o0` are infeasible, so from a state with
    /// o1, o2 not taken and o0 taken the only sanction is o1, then o0, then o2. Everything else (the
    /// other directions and preferences, further infeasible combinations) is random.
    static func randomConflict(seed: UInt64) -> ConflictModel {
        var rng = SeededGenerator(seed: seed)
        let count = 9
        let owner = [8, 2, 3, 4, 5, 6, 7, 0, 1]   // owner[option] = decision maker
        let directions: [ConflictOption.Direction] = [.both, .both, .forward, .backward]
        let options = (0..<count).map { option in
            ConflictOption(name: "o\(option)", direction: (3...6).contains(option) ? directions.randomElement(using: &rng)! : .both)
        }
        func randomPattern(_ size: Int) -> OptionPattern {
            OptionPattern((0..<count).shuffled(using: &rng).prefix(size).map { (option: $0, taken: Bool.random(using: &rng)) })
        }
        func randomStatements(_ count: ClosedRange<Int>) -> [PreferenceStatement] {
            (0..<Int.random(in: count, using: &rng)).map { _ in
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: .all(randomPattern(Int.random(in: 1...2, using: &rng)))
                case 1: .any([randomPattern(1), randomPattern(2)])
                default: .implies(condition: randomPattern(1), consequence: randomPattern(1))
                }
            }
        }
        let scarce = PreferenceStatement.any([OptionPattern([(1, false)]), OptionPattern([(2, false)]), OptionPattern([(0, true)])])
        let decisionMakers = (0..<count).map { dm in
            let controlled = owner.indices.filter { owner[$0] == dm }
            let statements = dm < 2 ? [scarce, .all(OptionPattern([(controlled[0], true)]))] + randomStatements(0...2)
                : randomStatements(2...4)
            return DecisionMaker(name: "dm\(dm)", options: controlled, preferences: .prioritized(statements))
        }
        let infeasible = [OptionPattern([(0, false), (1, false)]), OptionPattern([(2, true), (0, true)])]
            + (0..<Int.random(in: 0...1, using: &rng)).map { _ in randomPattern(4) }
        return ConflictModel(options: options, decisionMakers: decisionMakers, infeasible: infeasible,
                             coalitions: [[0, 1]] + (2..<count).map { [$0] })
    }

    /// The definitions, state by state, from the model alone (moves and scores tabulated once).
    struct BruteForce {
        let model: ConflictModel
        let movers: [[Int]]
        /// The feasible codes, ascending.
        let states: [UInt64]
        /// `score[dm][state]`: the prioritisation score (higher is better).
        let score: [[Int]]
        /// `moves[mover][state]`: the states the mover reaches by changing some of its options at once.
        let moves: [[[Int]]]

        init(_ model: ConflictModel) {
            self.model = model
            let movers = model.coalitions ?? model.decisionMakers.indices.map { [$0] }
            let states = (0..<UInt64(1 << model.options.count)).filter { code in !model.infeasible.contains { $0.matches(code) } }
            self.movers = movers
            self.states = states
            score = model.decisionMakers.map { dm in
                guard case .prioritized(let statements) = dm.preferences else { fatalError("prioritised only") }
                return states.map { code in
                    var total = 0
                    for (k, statement) in statements.enumerated() where statement.holds(at: code) { total += 1 << (statements.count - 1 - k) }
                    return total
                }
            }
            moves = movers.map { mover in
                let controlled = mover.flatMap { model.decisionMakers[$0].options }
                return states.map { code in
                    states.indices.filter { target in
                        guard states[target] != code else { return false }
                        for option in model.options.indices {
                            let before = code & (1 << UInt64(option)) != 0, after = states[target] & (1 << UInt64(option)) != 0
                            if before == after { continue }
                            if !controlled.contains(option) { return false }
                            if model.options[option].direction == .forward && !after { return false }
                            if model.options[option].direction == .backward && after { return false }
                        }
                        return true
                    }
                }
            }
        }

        func improves(_ mover: Int, from: Int, to: Int) -> Bool {
            movers[mover].allSatisfy { score[$0][to] > score[$0][from] }
        }

        func isSanction(_ mover: Int, _ x: Int, reference s: Int, symmetric: Bool) -> Bool {
            if improves(mover, from: s, to: x) { return false }
            return !symmetric || !moves[mover][x].contains { improves(mover, from: s, to: $0) }
        }

        /// Whether a chain of the others' moves from x, each opponent moving at most once, passes a sanction.
        func sanctioned(_ mover: Int, from x: Int, used: Set<Int>, reference s: Int, credible: Bool, symmetric: Bool) -> Bool {
            for j in movers.indices where j != mover && !used.contains(j) {
                for t in moves[j][x] where !credible || improves(j, from: x, to: t) {
                    if isSanction(mover, t, reference: s, symmetric: symmetric) { return true }
                    if sanctioned(mover, from: t, used: used.union([j]), reference: s, credible: credible, symmetric: symmetric) { return true }
                }
            }
            return false
        }

        func stable(_ mover: Int, at s: Int, _ concept: StabilityConcept) -> Bool {
            let improvements = moves[mover][s].filter { improves(mover, from: s, to: $0) }
            switch concept {
            case .nash: return improvements.isEmpty
            case .gmr: return improvements.allSatisfy { sanctioned(mover, from: $0, used: [], reference: s, credible: false, symmetric: false) }
            case .smr: return improvements.allSatisfy { sanctioned(mover, from: $0, used: [], reference: s, credible: false, symmetric: true) }
            case .seq: return improvements.allSatisfy { sanctioned(mover, from: $0, used: [], reference: s, credible: true, symmetric: false) }
            case .sim, .seqSim: fatalError("not brute-forced here")
            }
        }
    }

    /// Every state for the coalition, one opponent and the last opponent (whose moves were
    /// mis-keyed when states were keyed by `state * 64 + opponents used`).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func coalitionAgainstSevenOpponentsMatchesBruteForce(seed: UInt64) throws {
        let model = Self.randomConflict(seed: seed)
        let analysis = StabilityAnalysis(try GraphModel(model))
        let brute = BruteForce(model)
        #expect(analysis.graph.codes == brute.states)
        #expect(analysis.graph.movers.count == 8)
        for concept in [StabilityConcept.nash, .gmr, .smr, .seq] {
            let table = try #require(analysis.stable[concept])
            for mover in [0, 1, 7] {
                for index in brute.states.indices {
                    #expect(table[mover][index] == brute.stable(mover, at: index, concept),
                            "seed \(seed), \(concept.title), mover \(mover), state \(index + 1)")
                }
            }
        }
    }
}
