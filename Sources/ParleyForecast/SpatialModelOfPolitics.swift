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

    // MARK: - Primitives

    @inline(__always) static func bsUtil(_ sd: Double, _ r: Double) -> Double {
        sd <= 1 ? (1 - sd) * (1 + sd * r) : (1 - sd) * (1 + r)
    }

    @inline(__always) func vote(_ w: Double, _ u1: Double, _ u2: Double) -> Double {
        let du = u1 - u2
        var binary = du / 1e-8
        if binary > 1 { binary = 1 }
        if binary < -1 { binary = -1 }
        switch parameters.votingRule {
        case .binary: return w * binary
        case .propBin: return w * ((1 - 0.2) * du + 0.2 * binary)
        case .proportional: return w * du
        case .propCbc: return w * ((1 - 0.5) * du + 0.5 * (du * du * du))
        case .cubic: return w * (du * du * du)
        case .asymProsp:
            if du < 0 { return w * du }
            if du > 0 { return (2.0 * w * du) / 3.0 }
            return 0
        }
    }

    /// The victory probabilities (p12, p21) of coalition strengths s1 and s2.
    @inline(__always) func victory(_ s1: Double, _ s2: Double) -> (Double, Double) {
        func quartic(_ x: Double) -> Double { x * x * x * x }
        let x1: Double, x2: Double
        switch parameters.victoryProbability {
        case .linear: (x1, x2) = (s1, s2)
        case .square: (x1, x2) = (s1 * s1, s2 * s2)
        case .quartic: (x1, x2) = (quartic(s1), quartic(s2))
        case .octic: let a = quartic(s1), b = quartic(s2); (x1, x2) = (a * a, b * b)
        case .binary:
            let threshold = 1.10
            if s1 >= threshold * s2 { (x1, x2) = (1, 1e-6) }
            else if s2 >= threshold * s1 { (x1, x2) = (1e-6, 1) }
            else {
                let r = s1 / (s1 + s2)
                let p = (r * (threshold + 1.0) - 1.0) / (threshold - 1.0)
                (x1, x2) = (p, 1 - p)
            }
        }
        return (x1 / (x1 + x2), x2 / (x1 + x2))
    }

    /// Coalition strengths `c[i * n + j]` for options i over j: votes `vote(k, i, j)` of the
    /// actors, summed by sign.
    func coalitions(actors: Int, options n: Int, _ vote: (Int, Int, Int) -> Double) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<i {
                var cij = 1e-8, cji = 1e-8
                for k in 0..<actors {
                    let v = vote(k, i, j)
                    if v > 0 { cij = cij + v }
                    if v < 0 { cji = cji - v }
                }
                c[i * n + j] = cij
                c[j * n + i] = cji
            }
            c[i * n + i] = 1e-8
        }
        return c
    }

    /// The probabilistic Condorcet election over options with coalition strengths `c`.
    func condorcet(_ c: [Double], options n: Int) -> [Double] {
        var pv = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<i { (pv[i * n + j], pv[j * n + i]) = victory(c[i * n + j], c[j * n + i]) }
            pv[i * n + i] = 0.5
        }
        switch parameters.pce {
        case .conditional:
            var p = (0..<n).map { i in (0..<n).reduce(1.0) { $0 * pv[i * n + $1] } }
            let total = p.reduce(0.0) { $0 + $1 }
            for i in 0..<n { p[i] = p[i] / total }
            return p
        case .markovUniform:
            var p = [Double](repeating: 1.0 / Double(n), count: n), change = 1.0, iterations = 0
            while 1e-6 < change, iterations < 1000 {
                change = 0
                var q = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var pi = 0.0
                    for j in 0..<n { pi = pi + pv[i * n + j] * (p[i] + p[j]) }
                    q[i] = pi / Double(n)
                    change = max(change, abs(q[i] - p[i]))
                }
                for i in 0..<n { p[i] = (p[i] + q[i]) / 2.0 }
                iterations += 1
            }
            return p
        case .markovIncentive:
            var incentive = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { incentive[i * n + j] = c[i * n + j] * pv[i * n + j] + (i == j ? 1e-10 : 0) } }
            var columnSums = [Double](repeating: 0, count: n)
            for j in 0..<n { for k in 0..<n { columnSums[j] = columnSums[j] + incentive[k * n + j] } }
            var p = [Double](repeating: 1.0 / Double(n), count: n), change = 1.0, iterations = 0
            while 1e-8 < change, iterations < 1000 {
                // ct[i][j] = p_i · chp[j][i], chp[a][b] = incentive[a][b] / Σ_k incentive[k][b]
                change = 0
                var q = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var qi = 0.0
                    for j in 0..<n {
                        let ctij = p[i] * (incentive[j * n + i] / columnSums[i])
                        let ctji = p[j] * (incentive[i * n + j] / columnSums[j])
                        qi = qi + pv[i * n + j] * (ctij + ctji)
                    }
                    q[i] = qi
                    change = max(change, abs(q[i] - p[i]))
                }
                for i in 0..<n { p[i] = (p[i] + q[i]) / 2.0 }
                iterations += 1
            }
            return p
        }
    }

    /// A scalar election: actors with weights `w` and utilities `u[actor * n + option]`.
    func election(weights w: [Double], utilities u: [Double], options n: Int) -> [Double] {
        condorcet(coalitions(actors: na, options: n) { k, i, j in vote(w[k], u[k * n + i], u[k * n + j]) }, options: n)
    }

    // MARK: - States

    struct State {
        var positions: [Double]
        var ideals: [Double]
        /// Representatives of the distinct positions (lowest index first).
        var unique: [Int] = []
        /// Objective risk attitudes.
        var risk: [Double] = []
        /// `utility[(h * na + i) * na + j]`: h's estimate of i's utility for j's position.
        var utility: [Double] = []
        var distance: [Double] = []
    }

    func equivalent(_ s: State, _ i: Int, _ j: Int) -> Bool {
        var total = 0.0
        for k in 0..<nd { let d = s.positions[i * nd + k] - s.positions[j * nd + k]; total = total + d * d }
        return total.squareRoot() < 1e-3
    }

    /// Salience-weighted distance from i's ideal to a position.
    @inline(__always) func distance(_ s: State, from i: Int, to position: UnsafeBufferPointer<Double>, _ offset: Int) -> Double {
        var ds2 = 0.0, ss2 = 0.0
        for k in 0..<nd {
            let d = s.ideals[i * nd + k] - position[offset + k], w = salience[i * nd + k]
            let ds = d * w
            ds2 = ds2 + ds * ds
            ss2 = ss2 + w * w
        }
        return (ds2 / ss2).squareRoot()
    }

    func assess(_ s: inout State) {
        var unique: [Int] = []
        for i in 0..<na where !unique.contains(where: { equivalent(s, i, $0) }) { unique.append(i) }
        s.unique = unique
        var distance = [Double](repeating: 0, count: na * na)
        s.positions.withUnsafeBufferPointer { positions in
            for i in 0..<na { for j in 0..<na { distance[i * na + j] = self.distance(s, from: i, to: positions, j * nd) } }
        }
        let neutral = distance.map { Self.bsUtil($0, 0) }
        let c = coalitions(actors: na, options: na) { k, i, j in vote(capability[k], neutral[k * na + i], neutral[k * na + j]) }
        let p = condorcet(c, options: na)
        var low = 1.0, high = 0.0
        for x in p { low = x < low ? x : low; high = x > high ? x : high }
        let risk: [Double] = p.map { x in
            switch parameters.riskRange {
            case .min: (x - low) / (high - low)
            case .mid: (3 * x - (high + 2 * low)) / (2 * (high - low))
            case .max: (2 * x - (high + low)) / (high - low)
            }
        }
        var utility = [Double](repeating: 0, count: na * na * na)
        for h in 0..<na {
            for i in 0..<na {
                let rh = risk[h], ri = risk[i]
                let r: Double = switch parameters.riskAdjust {
                case .full: ri
                case .twoThirds: (rh + (2.0 * ri)) / 3.0
                case .half: (rh + ri) / 2
                case .oneThird: ((2.0 * rh) + ri) / 3.0
                case .none: rh
                }
                for j in 0..<na { utility[(h * na + i) * na + j] = Self.bsUtil(distance[i * na + j], r) }
            }
        }
        s.distance = distance
        s.risk = risk
        s.utility = utility
    }

    /// h's estimate of (the probability that i beats j, k's expected gain from i challenging j).
    func challenge(_ s: State, _ h: Int, _ k: Int, _ i: Int, _ j: Int) -> (Double, Double) {
        let base = h * na * na
        @inline(__always) func u(_ a: Int, _ b: Int) -> Double { s.utility[base + a * na + b] }
        let statusQuo = u(k, i) + u(k, j)
        let victory = u(k, i) + u(k, i), defeat = u(k, j) + u(k, j)
        let ai = vote(salienceSum[i] * capability[i], u(i, i), u(i, j))
        let aj = vote(salienceSum[j] * capability[j], u(j, i), u(j, j))
        var chij = 1e-10, chji = 1e-10
        if ai > 0 { chij = chij + ai }
        if ai < 0 { chji = chji - ai }
        if aj > 0 { chij = chij + aj }
        if aj < 0 { chji = chji - aj }
        let ci = chij, cj = chji
        for n in 0..<na where n != i && n != j {
            let w = salienceSum[n] * capability[n]
            let uni = u(n, i), unj = u(n, j), unn = u(n, n)
            let little = vote(w, uni, unj)
            let cni = little > 0 ? ci + little : ci, cnj = little < 0 ? cj - little : cj
            let pin = cni / (cni + cnj), pjn = 1.0 - pin
            let a1: Double, b1: Double, a2: Double, b2: Double
            switch parameters.thirdPartyCommit {
            case .full: (a1, b1, a2, b2) = (uni + uni + uni, unj + unj + unj, uni + uni + uni, unj + unj + unj)
            case .semi: (a1, b1, a2, b2) = (uni + uni + unn, unj + unj + unj, uni + uni + uni, unj + unj + unn)
            case .none: (a1, b1, a2, b2) = (uni + uni + unn, unj + unj + unn, uni + uni + unn, unj + unj + unn)
            }
            let v = vote(w, (pin * a1) + (pjn * b1), (pin * a2) + (pjn * b2))
            if v > 0 { chij = chij + v }
            if v < 0 { chji = chji - v }
        }
        let pij = chij / (chij + chji), pji = chji / (chij + chji)
        let contest = pij * victory + pji * defeat
        let gain = (1 - salienceSum[j]) * victory + salienceSum[j] * contest
        return (pij, gain - statusQuo)
    }

    struct Bargain {
        var initiator: Int, receiver: Int
        var initiatorPosition: [Double], receiverPosition: [Double]
    }

    @inline(__always) static func round4(_ x: Double) -> Double { Double(Int(0.5 + x * 10000.0)) / 10000.0 }

    func interpolate(_ s: State, _ i: Int, _ j: Int, _ prbI: Double, _ prbJ: Double) -> ([Double], [Double]) {
        var bi = [Double](repeating: 0, count: nd), bj = bi
        for k in 0..<nd {
            let tik = s.positions[i * nd + k], sik = salience[i * nd + k]
            let tjk = s.positions[j * nd + k], sjk = salience[j * nd + k]
            switch parameters.interpolation {
            case .s1p1, .s2p2:
                let wik: Double, wjk: Double
                if parameters.interpolation == .s1p1 { (wik, wjk) = (sik * prbI, sjk * prbJ) }
                else { (wik, wjk) = ((sik * sik) * (prbI * prbI), (sjk * sjk) * (prbJ * prbJ)) }
                bi[k] = Self.round4(((wik + 1e-6) * tik + wjk * tjk) / (wik + 1e-6 + wjk))
                bj[k] = Self.round4((wik * tik + (1e-6 + wjk) * tjk) / (wik + 1e-6 + wjk))
            case .s2pMax:
                let di = prbJ > prbI ? prbJ - prbI : 0, dj = prbI > prbJ ? prbI - prbJ : 0
                let sik2 = sik * sik, sjk2 = sjk * sjk
                let dik = (di * sjk2) / ((di * sjk2) + 1e-6 + ((1 - di) * sik2))
                let djk = (dj * sik2) / ((dj * sik2) + 1e-6 + ((1 - dj) * sjk2))
                bi[k] = tik + dik * (tjk - tik)
                bj[k] = tjk + djk * (tik - tjk)
            }
        }
        return (bi, bj)
    }

    /// Utility to actor a of the state a bargain would bring about.
    func value(_ s: State, _ b: Bargain, for a: Int) -> Double {
        let base = (a * na + a) * na
        var u = 0.0
        if b.initiator == b.receiver {
            for n in 0..<na { u = u + s.utility[base + n] }
        } else {
            func positionUtility(_ p: [Double]) -> Double {
                p.withUnsafeBufferPointer { Self.bsUtil(distance(s, from: a, to: $0, 0), s.risk[a]) }
            }
            u = u + positionUtility(b.initiatorPosition)
            u = u + positionUtility(b.receiverPosition)
            for n in 0..<na where n != b.initiator && n != b.receiver { u = u + s.utility[base + n] }
        }
        return u / Double(na)
    }

    /// One turn: challenges, bargains, resolution, new ideals.
    func step(_ s: State, random: inout MersenneTwister64) -> State {
        var queues = (0..<na).map { i in [Bargain(initiator: i, receiver: i, initiatorPosition: Array(s.positions[(i * nd)..<((i + 1) * nd)]),
                                                  receiverPosition: Array(s.positions[(i * nd)..<((i + 1) * nd)]))] }
        // Each actor's best target (independent: on all cores).
        let targets = Self.parallelMap(count: na, parallel: na >= 12) { i -> (Int, Double, Double) in
            var best = -1, probability = 0.0, bestGain = -1.0
            for j in 0..<na where j != i {
                let (p, gain) = challenge(s, i, i, i, j)
                if 1e-5 < gain && bestGain < gain { (best, probability, bestGain) = (j, p, gain) }
            }
            return (best, probability, bestGain)
        }
        for i in 0..<na {
            let (j, piiJ, gain) = targets[i]
            guard 0 < gain, j >= 0 else { continue }
            let own = interpolate(s, i, j, piiJ, 1 - piiJ)
            switch parameters.bargainModel {
            case .initiatorOnly:
                let b = Bargain(initiator: i, receiver: j, initiatorPosition: own.0, receiverPosition: own.1)
                queues[i].append(b); queues[j].append(b)
            case .initiatorAndReceiver, .pairwiseCompromise:
                // KTAB passes j's estimate of i's expected gain where a probability belongs; kept.
                let x = challenge(s, j, i, i, j).1
                let theirs = interpolate(s, i, j, x, 1 - x)
                if parameters.bargainModel == .initiatorAndReceiver {
                    let b1 = Bargain(initiator: i, receiver: j, initiatorPosition: own.0, receiverPosition: own.1)
                    let b2 = Bargain(initiator: i, receiver: j, initiatorPosition: theirs.0, receiverPosition: theirs.1)
                    queues[i] += [b1, b2]; queues[j] += [b1, b2]
                } else {
                    // KTAB weighs j's side with i's capability; kept.
                    let wi = capability[i] * salienceSum[i], wj = capability[i] * salienceSum[j]
                    let ci = zip(own.0, theirs.0).map { (wi * $0 + wj * $1) / (wi + wj) }
                    let cj = zip(own.1, theirs.1).map { (wi * $0 + wj * $1) / (wi + wj) }
                    let b = Bargain(initiator: i, receiver: j, initiatorPosition: ci, receiverPosition: cj)
                    queues[i].append(b); queues[j].append(b)
                }
            }
        }
        // One draw per actor, in actor order, drawn before resolving so that resolution can run
        // on all cores.
        let draws: [Double] = parameters.transitions == .stochastic ? (0..<na).map { _ in random.unit() } : []
        let chosen = Self.parallelMap(count: na, parallel: na >= 12) { k -> [Double] in
            let queue = queues[k], nb = queue.count
            var u = [Double](repeating: 0, count: na * nb)
            for a in 0..<na { for m in 0..<nb { u[a * nb + m] = value(s, queue[m], for: a) } }
            let p = election(weights: capability, utilities: u, options: nb)
            var pick = 0
            if parameters.transitions == .deterministic {
                var largest = -1.0
                for (m, x) in p.enumerated() where largest < abs(x) { largest = abs(x); pick = m }
            } else {
                var sum = 0.0
                pick = nb - 1
                for (m, x) in p.enumerated() { sum = sum + x; if draws[k] <= sum { pick = m; break } }
            }
            let b = queue[pick]
            if b.initiator == b.receiver { return Array(s.positions[(k * nd)..<((k + 1) * nd)]) }
            return b.initiator == k ? b.initiatorPosition : b.receiverPosition
        }
        let positions = chosen.flatMap { $0 }
        var ideals = s.ideals
        for i in 0..<na {
            var sum = 0.0
            var next = [Double](repeating: 0, count: nd)
            for j in 0..<na {
                let a = accommodation[i * na + j]
                sum = sum + a
                for k in 0..<nd { next[k] = next[k] + a * positions[j * nd + k] }
            }
            let lag = 1.0 - (1.0 < sum ? 1.0 : sum)
            for k in 0..<nd { ideals[i * nd + k] = next[k] + lag * s.ideals[i * nd + k] }
        }
        var result = State(positions: positions, ideals: ideals)
        assess(&result)
        return result
    }

    func distanceBetween(_ a: State, _ b: State) -> Double {
        var total = 0.0
        for i in 0..<na {
            var sq = 0.0
            for k in 0..<nd { let d = a.positions[i * nd + k] - b.positions[i * nd + k]; sq = sq + d * d }
            total = total + sq.squareRoot()
        }
        return total
    }

    /// Each actor's position's probability of winning (KTAB's "winning probabilities").
    func probabilities(_ s: State) -> [Double] {
        let n = s.unique.count
        var u = [Double](repeating: 0, count: na * n)
        for i in 0..<na { for m in 0..<n { u[i * n + m] = s.utility[(i * na + i) * na + s.unique[m]] } }
        let p = election(weights: capability, utilities: u, options: n)
        return (0..<na).map { i in
            var last = 0
            for (m, r) in s.unique.enumerated() where equivalent(s, i, r) { last = m }
            return p[last]
        }
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

    static func parallelMap<T: Sendable>(count: Int, parallel: Bool, _ body: (Int) -> T) -> [T] {
        guard parallel else { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
            results.initialize(repeating: nil)
            defer { results.deallocate() }
            nonisolated(unsafe) let slots = results
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = work($0) }
            return results.map { $0! }
        }
    }
}

/// The 64-bit Mersenne Twister (`std::mt19937_64`) with KTAB's output transform, for stochastic
/// runs that must agree with KTAB's draws.
public struct MersenneTwister64: Sendable {
    var state = [UInt64](repeating: 0, count: 312)
    var index = 312

    public init(seed: UInt64) {
        state[0] = seed
        for i in 1..<312 { state[i] = 6364136223846793005 &* (state[i - 1] ^ (state[i - 1] >> 62)) &+ UInt64(i) }
    }

    public mutating func next() -> UInt64 {
        if index >= 312 {
            for i in 0..<312 {
                let x = (state[i] & 0xFFFF_FFFF_8000_0000) | (state[(i + 1) % 312] & 0x7FFF_FFFF)
                var xa = x >> 1
                if x & 1 != 0 { xa ^= 0xB502_6F5A_A966_19E9 }
                state[i] = state[(i + 156) % 312] ^ xa
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= (y >> 29) & 0x5555_5555_5555_5555
        y ^= (y << 17) & 0x71D6_7FFF_EDA6_0000
        y ^= (y << 37) & 0xFFF7_EEE0_0000_0000
        y ^= y >> 43
        return y
    }

    /// KTAB's uniform draw on [0, 1]: the engine's output through its quadratic transform.
    public mutating func unit() -> Double {
        let n = next()
        let transformed = (n &+ 0xE08C_1D66_8B75_6F83) &* (2 &* n &+ 3)
        return Double(transformed) / Double(UInt64.max)
    }
}
