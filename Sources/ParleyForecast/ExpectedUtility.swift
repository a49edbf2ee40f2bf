import Foundation

/// Bueno de Mesquita's expected-utility ("challenge") model of group decisions, as specified by
/// Scholz, Calbert & Smith (2011), "Unravelling Bueno de Mesquita's group decision model", Journal
/// of Theoretical Politics 23(4): 510-531, Appendix (equation numbers below are theirs).
///
/// One issue, actors with a position, a capability and a salience (0..1). Each round: the median
/// voter position (the Condorcet winner, eq. 2-3), the basic utilities (eq. 8-12), each actor's
/// probability of prevailing against each other (eq. 30-31), the expected utility of challenging
/// (eq. 6-7), risk exponents from security levels (eq. 24-27, a first pass with r = 1 and a second
/// with the actors' r), offers by the quadrant of (E^i(U_ij), E^j(U_ji)) (fig. 6, eq. 35), each
/// actor accepting one offer, all moves at once. The forecast is the median voter position after
/// the last round; the capability × salience weighted mean is reported beside it (Scholz et al.
/// recommend both).
///
/// Where the paper is ambiguous the choice is a ``Reading`` field; the default is the reading that
/// best reproduces Scholz et al.'s Table 2 (see docs/forecasting.md for the comparison).
public struct ExpectedUtilityModel: Hashable, Sendable {
    /// The interpretive choices.
    public struct Reading: Hashable, Sendable, Codable {
        /// How a conflict (both expected utilities positive) is settled: the side with the lower
        /// expected utility gives way fully (BdM 1984), or nobody moves (BdM 1997).
        public enum Conflict: String, Hashable, Sendable, Codable { case lowerConcedes, noMove }
        /// Which offer an actor accepts when several ask it to move: the one from the proposer
        /// with the highest expected utility ("the most enforceable"), or the one asking the least
        /// movement.
        public enum Selection: String, Hashable, Sendable, Codable { case mostEnforceable, leastMovement }
        /// Security level of i (ambiguity A2): what i's adversaries expect from challenging i,
        /// Σ_j E^j(U_ji) (section 5's prose), or i's own expected utility as responder Σ_j E^i(U_ji)
        /// (the appendix as printed).
        public enum Security: String, Hashable, Sendable, Codable { case adversaries, responder }

        public var conflict: Conflict
        public var selection: Selection
        public var security: Security
        /// Whether Δ (the range of positions) is fixed at the first round (`true`) or recomputed
        /// from each round's positions.
        public var fixedRange: Bool

        public init(conflict: Conflict = .lowerConcedes, selection: Selection = .mostEnforceable,
                    security: Security = .adversaries, fixedRange: Bool = true) {
            self.conflict = conflict
            self.selection = selection
            self.security = security
            self.fixedRange = fixedRange
        }
    }

    /// One round's positions (after the round's moves; round 0 is the input) and summaries.
    public struct Round: Hashable, Sendable, Codable {
        public var positions: [Double]
        /// The median voter position (Condorcet winner).
        public var median: Double
        /// The capability × salience weighted mean.
        public var mean: Double
    }

    public var rounds: Int
    /// Q, the probability that the status quo persists when i does not challenge j (eq. 6).
    public var statusQuoProbability: Double
    public var reading: Reading

    public init(rounds: Int = 8, statusQuoProbability: Double = 1, reading: Reading = Reading()) {
        self.rounds = rounds
        self.statusQuoProbability = statusQuoProbability
        self.reading = reading
    }

    /// The state of one round: the inputs, the median, and the matrices of the model (row i,
    /// column j at `i * n + j`).
    public struct Analysis: Sendable {
        public var median: Double
        /// P^i: the probability that i prevails over j (eq. 30-31).
        public var prevail: [Double]
        /// E^i(U_ij) with r = 1 (first pass).
        public var firstPass: [Double]
        public var security: [Double]
        /// R_i (eq. 26) and r_i (eq. 27).
        public var riskAttitude: [Double]
        public var riskExponent: [Double]
        /// E^i(U_ij) with the actors' r_i (second pass): i's expected utility of challenging j.
        public var expectedUtility: [Double]
    }

    /// The rounds: round 0 (the input) and one per round of offers.
    public func run(positions start: [Double], capabilities: [Double], saliences: [Double]) -> [Round] {
        let n = start.count
        var positions = start
        let range0 = (positions.max() ?? 0) - (positions.min() ?? 0)
        var result = [Round(positions: positions, median: Self.median(positions, capabilities, saliences, range: range0),
                            mean: Self.mean(positions, capabilities, saliences))]
        guard n >= 2 else { return result }
        for _ in 0..<rounds {
            let range = reading.fixedRange ? range0 : (positions.max()! - positions.min()!)
            guard range > 0 else { result.append(result.last!); continue }
            let analysis = analyse(positions, capabilities, saliences, range: range)
            positions = move(positions, analysis.expectedUtility)
            result.append(Round(positions: positions, median: Self.median(positions, capabilities, saliences, range: range),
                                mean: Self.mean(positions, capabilities, saliences)))
        }
        return result
    }

    /// The model's quantities for one configuration of positions.
    public func analyse(_ x: [Double], _ c: [Double], _ s: [Double], range delta: Double) -> Analysis {
        let n = x.count
        let mu = Self.median(x, c, s, range: delta)
        var prevail = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                var numerator = 0.0, denominator = 0.0
                for k in 0..<n {
                    let advantage = abs(x[k] - x[j]) - abs(x[k] - x[i])
                    if advantage > 0 { numerator += c[k] * s[k] * advantage }
                    denominator += c[k] * s[k] * abs(advantage)
                }
                prevail[i * n + j] = denominator > 0 ? numerator / denominator : 0
            }
        }
        let ones = [Double](repeating: 1, count: n)
        let first = expectedUtilities(x, s, prevail, exponents: ones, median: mu, range: delta)
        var security = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                security[i] += reading.security == .adversaries ? first[j * n + i] : first[i * n + j]
            }
        }
        let high = security.max()!, low = security.min()!
        let attitude = security.map { high > low ? (2 * $0 - high - low) / (high - low) : 0 }
        let exponent = attitude.map { (1 - $0 / 3) / (1 + $0 / 3) }
        let second = expectedUtilities(x, s, prevail, exponents: exponent, median: mu, range: delta)
        return Analysis(median: mu, prevail: prevail, firstPass: first, security: security, riskAttitude: attitude,
                        riskExponent: exponent, expectedUtility: second)
    }

    /// E^i(U_ij) for every pair (eq. 6 with the utilities of eq. 8-12).
    func expectedUtilities(_ x: [Double], _ s: [Double], _ prevail: [Double], exponents r: [Double],
                           median mu: Double, range delta: Double) -> [Double] {
        let n = x.count, q = statusQuoProbability
        var eu = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let ri = r[i]
            let statusQuo = 2 - 4 * pow(0.5, ri)
            for j in 0..<n where j != i {
                let dj = abs(x[i] - x[j]) / delta, dm = abs(x[i] - mu) / delta
                let success = 2 - 4 * pow(0.5 - 0.5 * dj, ri)
                let failure = 2 - 4 * pow(0.5 + 0.5 * dj, ri)
                let better = 2 - 4 * pow(max(0, 0.5 - 0.25 * (dm + dj)), ri)
                let worse = 2 - 4 * pow(0.5 + 0.25 * (dm + dj), ri)
                let t: Double = abs(x[i] - mu) < abs(x[i] - x[j]) ? 1 : 0
                let p = prevail[i * n + j]
                eu[i * n + j] = s[j] * (p * success + (1 - p) * failure) + (1 - s[j]) * success
                    - q * statusQuo - (1 - q) * (t * better + (1 - t) * worse)
            }
        }
        return eu
    }

    /// Every actor's position after the round's offers (fig. 6, eq. 35, offer selection).
    func move(_ x: [Double], _ eu: [Double]) -> [Double] {
        let n = x.count
        // For each actor, the offers asking it to move: (new position, proposer's expected utility).
        var best = [(position: Double, strength: Double)?](repeating: nil, count: n)
        func offer(to j: Int, position: Double, strength: Double) {
            guard position != x[j] else { return }
            if let current = best[j] {
                switch reading.selection {
                case .mostEnforceable:
                    if strength > current.strength || (strength == current.strength && abs(position - x[j]) < abs(current.position - x[j])) {
                        best[j] = (position, strength)
                    }
                case .leastMovement:
                    let distance = abs(position - x[j]), currentDistance = abs(current.position - x[j])
                    if distance < currentDistance || (distance == currentDistance && strength > current.strength) { best[j] = (position, strength) }
                }
            } else {
                best[j] = (position, strength)
            }
        }
        for i in 0..<n {
            for j in 0..<n where j != i && x[i] != x[j] {
                let a = eu[i * n + j], b = eu[j * n + i]
                if a > 0, b > 0 {
                    // Conflict: j gives way when i expects more (i's offer stands); the symmetric
                    // case is visited with i and j swapped.
                    if reading.conflict == .lowerConcedes, a > b { offer(to: j, position: x[i], strength: a) }
                } else if a > 0, b < 0 {
                    if a > abs(b) {
                        // Compromise: j moves towards i by |b/a| of the distance (eq. 35).
                        offer(to: j, position: x[j] + (x[i] - x[j]) * abs(b / a), strength: a)
                    } else {
                        // Capitulation: j expects to lose more than i gains and gives way fully.
                        offer(to: j, position: x[i], strength: a)
                    }
                }
            }
        }
        return (0..<n).map { best[$0]?.position ?? x[$0] }
    }

    /// The median voter position: the actor position with the largest total pairwise vote against
    /// every other position (the Condorcet winner when one exists; eq. 2-3).
    public static func median(_ x: [Double], _ c: [Double], _ s: [Double], range delta: Double) -> Double {
        guard delta > 0, !x.isEmpty else { return x.first ?? .nan }
        var bestPosition = x[0], bestVotes = -Double.infinity
        for j in x.indices {
            var votes = 0.0
            for k in x.indices where k != j {
                for i in x.indices { votes += c[i] * s[i] * (abs(x[i] - x[k]) - abs(x[i] - x[j])) / delta }
            }
            if votes > bestVotes + 1e-12 { bestVotes = votes; bestPosition = x[j] }
        }
        return bestPosition
    }

    /// The capability × salience weighted mean position.
    public static func mean(_ x: [Double], _ c: [Double], _ s: [Double]) -> Double {
        var total = 0.0, weight = 0.0
        for i in x.indices { total += c[i] * s[i] * x[i]; weight += c[i] * s[i] }
        return weight > 0 ? total / weight : x.reduce(0, +) / Double(max(1, x.count))
    }
}
