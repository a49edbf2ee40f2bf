import Foundation
import ParleyCore

/// KTAB's Spatial Model of Politics (KAPSARC Toolkit for Behavioral Analysis, `examples/smp`; Wise,
/// Lester & Efird, KAPSARC 2015-2017), reimplemented from its published source and checked against
/// its reference runs line by line (docs/forecasting.md).
///
/// Actors hold positions on several 0..100 dimensions with a salience each and a capability. Each
/// turn: every actor's utility for every actor's position (salience-weighted distance, risk
/// attitude R in u = (1 − d)(1 + dR)); risk attitudes inferred from each position's probability in
/// a probabilistic Condorcet election (risk-neutral utilities, capability-weighted votes); each
/// actor's estimate of the others' risk attitudes; each actor picks the target whose challenge it
/// expects to gain most from (third parties join the contest by their expected utilities), and
/// proposes a bargain at a compromise point weighted by salience and win probability; every actor
/// then chooses among the bargains involving it by a probabilistic Condorcet election over the
/// states they would bring about, and adopts its side. The run stops when a turn moves the actors
/// less than 2 % of the first turn's movement (at least 2, at most 100 turns).
///
/// Interpretive choices (all KTAB's own; they matter for exact reproduction): actors are visited in
/// index order where KTAB uses threads (the deterministic default does not depend on the order; a
/// stochastic run does, so KTAB's own stochastic logs are not reproducible from their input);
/// KTAB's two defects in the non-default bargain models (InitRcvrInterp, PWCompInterp) are kept so
/// that runs agree with KTAB's.
public struct SpatialModelOfPolitics: Sendable {
    public struct Parameters: Hashable, Sendable, Codable {
        public enum VictoryProbability: String, Hashable, Sendable, Codable, CaseIterable { case linear, square, quartic, octic, binary }
        public enum VotingRule: String, Hashable, Sendable, Codable, CaseIterable { case binary, propBin, proportional, propCbc, cubic, asymProsp }
        public enum PCE: String, Hashable, Sendable, Codable, CaseIterable { case conditional, markovIncentive, markovUniform }
        public enum Transitions: String, Hashable, Sendable, Codable, CaseIterable { case deterministic, stochastic }
        public enum RiskRange: String, Hashable, Sendable, Codable, CaseIterable { case min, mid, max }
        public enum RiskAdjust: String, Hashable, Sendable, Codable, CaseIterable { case full, twoThirds, half, oneThird, none }
        public enum ThirdPartyCommit: String, Hashable, Sendable, Codable, CaseIterable { case full, semi, none }
        public enum Interpolation: String, Hashable, Sendable, Codable, CaseIterable { case s1p1, s2p2, s2pMax }
        public enum BargainModel: String, Hashable, Sendable, Codable, CaseIterable { case initiatorOnly, initiatorAndReceiver, pairwiseCompromise }

        public var victoryProbability = VictoryProbability.linear
        public var votingRule = VotingRule.proportional
        public var pce = PCE.conditional
        public var transitions = Transitions.deterministic
        public var riskRange = RiskRange.mid
        public var riskAdjust = RiskAdjust.oneThird
        public var thirdPartyCommit = ThirdPartyCommit.semi
        public var interpolation = Interpolation.s2p2
        public var bargainModel = BargainModel.initiatorOnly
        /// The seed of stochastic transitions (KTAB's default seed).
        public var seed: UInt64 = 0xD67C_C16F_E69C_185C
        public var minimumTurns = 2
        public var maximumTurns = 100
        /// Stop when a turn's movement is below this fraction of the first turn's.
        public var targetRatio = 0.02

        public init() {}

        /// The parameters named in KTAB's terms (`VotingRule: PropCbc`, `prngSeed`), the others at
        /// their defaults; the problems for unknown names or values.
        public init(ktab values: [String: String]) throws(ParameterError) {
            self.init()
            var problems: [String] = []
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                if name == "prngSeed" {
                    if let seed = UInt64(value) { self.seed = seed } else { problems.append("prngSeed '\(value)' is not a 64-bit unsigned integer") }
                    continue
                }
                guard let options = SpatialScenario.ktabParameters[name] else {
                    problems.append("unknown model parameter '\(name)' (known: \(SpatialScenario.ktabParameters.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                guard let mapped = options[value] else {
                    problems.append("\(name) '\(value)' is not one of \(options.keys.sorted().joined(separator: ", "))")
                    continue
                }
                switch name {
                case "VictoryProbModel": victoryProbability = VictoryProbability(rawValue: mapped)!
                case "VotingRule": votingRule = VotingRule(rawValue: mapped)!
                case "PCEModel": pce = PCE(rawValue: mapped)!
                case "StateTransitions": transitions = Transitions(rawValue: mapped)!
                case "BigRRange": riskRange = RiskRange(rawValue: mapped)!
                case "BigRAdjust": riskAdjust = RiskAdjust(rawValue: mapped)!
                case "ThirdPartyCommit": thirdPartyCommit = ThirdPartyCommit(rawValue: mapped)!
                case "InterVecBrgn": interpolation = Interpolation(rawValue: mapped)!
                default: bargainModel = BargainModel(rawValue: mapped)!
                }
            }
            if !problems.isEmpty { throw ParameterError(problems: problems) }
        }
    }

    public struct ParameterError: Error, Hashable, Sendable {
        public var problems: [String]
    }

    /// A model run: the states (0: the input) and the stopping rule's record.
    public struct Run: Hashable, Sendable, Codable {
        /// `positions[state][actor][dimension]` on 0..100.
        public var positions: [[[Double]]]
        /// `probabilities[state][actor]`: the probability that the actor's position wins a
        /// probabilistic Condorcet election in that state (actors sharing a position share it).
        public var probabilities: [[Double]]
        /// Each turn's movement as a fraction of the first turn's (KTAB's "Fractional change").
        public var fractionalChanges: [Double]
    }

    public var parameters: Parameters
    let na: Int, nd: Int
    let capability: [Double]
    /// Saliences on 0..1, `[actor * nd + dimension]`, and each actor's total.
    let salience: [Double], salienceSum: [Double]
    let start: [Double]
    /// The accommodation matrix `[i * na + j]` (identity: ideals follow positions).
    let accommodation: [Double]

    /// - Parameters: positions and saliences `[actor][dimension]` on 0..100; capabilities > 0; each
    ///   actor's saliences must not all be zero (the model divides by them).
    public init(capabilities: [Double], positions: [[Double]], saliences: [[Double]],
                idealAdjustments: [(adjusting: Int, reference: Int, adjust: Double)] = [], parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let na = capabilities.count, nd = positions.first?.count ?? 0
        self.na = na
        self.nd = nd
        capability = capabilities
        start = positions.flatMap { $0.map { $0 / 100.0 } }
        salience = saliences.flatMap { $0.map { $0 / 100.0 } }
        salienceSum = saliences.map { row in row.reduce(0.0) { $0 + $1 / 100.0 } }
        var a = [Double](repeating: 0, count: na * na)
        for i in 0..<na { a[i * na + i] = 1 }
        for adjustment in idealAdjustments { a[adjustment.adjusting * na + adjustment.reference] = adjustment.adjust }
        accommodation = a
    }

    /// Runs the model to its stopping rule. Only positions and probabilities are kept per state
    /// (a state's utilities take na³ numbers).
    public func run() -> Run {
        var random = MersenneTwister64(seed: parameters.seed)
        var current = State(positions: start, ideals: start)
        assess(&current)
        var positions = [current.positions], probabilities = [self.probabilities(current)]
        var changes: [Double] = []
        var firstDistance = 0.0
        var turn = 0
        while true {
            turn += 1
            let next = step(current, random: &random)
            let moved = distanceBetween(next, current)
            if turn == 1 { firstDistance = moved + 1e-4 }
            let ratio = moved / firstDistance
            changes.append(ratio)
            positions.append(next.positions)
            probabilities.append(self.probabilities(next))
            current = next
            if parameters.maximumTurns <= turn || (parameters.minimumTurns <= turn && ratio < parameters.targetRatio) { break }
        }
        return Run(positions: positions.map { p in (0..<na).map { i in (0..<nd).map { 100 * p[i * nd + $0] } } },
                   probabilities: probabilities, fractionalChanges: changes)
    }
}
