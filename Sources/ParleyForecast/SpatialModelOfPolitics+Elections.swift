import Foundation

/// The building blocks of KTAB's model: utilities, votes, victory probabilities, coalitions and
/// the probabilistic Condorcet election.
extension SpatialModelOfPolitics {
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
}
