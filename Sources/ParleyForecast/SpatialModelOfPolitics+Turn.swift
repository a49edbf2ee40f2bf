import Foundation

/// One turn of KTAB's model: assessment of a state, challenges, bargains and their resolution.
extension SpatialModelOfPolitics {
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
        let targets = Parallel.map(count: na, parallel: na >= 12) { i -> (Int, Double, Double) in
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
        let chosen = Parallel.map(count: na, parallel: na >= 12) { k -> [Double] in
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
}
