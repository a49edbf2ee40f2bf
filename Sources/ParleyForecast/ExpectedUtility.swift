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
    /// The interpretive choices. ``scholzCode`` (the default) is the reading that best reproduces
    /// Scholz et al.'s Table 2; ``printed`` follows the equations as printed.
    public struct Reading: Hashable, Sendable, Codable {
        /// P^i, the probability that i prevails over j (eq. 30-31): votes for i over j divided by
        /// the votes cast in that pair (`pairwise`, eq. 31 as printed), or by the votes over all
        /// ordered pairs of positions (`allPairs`, what Scholz et al.'s own program computes, as
        /// ported by its public replications; it makes P small and the model far less
        /// confrontational).
        public enum Probability: String, Hashable, Sendable, Codable, CaseIterable { case pairwise, allPairs }
        /// A voter's preference between two positions in P: the difference of distances
        /// (`linear`, eq. 2) or of distances raised to the voter's risk exponent (`riskAdjusted`).
        public enum VoteDistance: String, Hashable, Sendable, Codable, CaseIterable { case linear, riskAdjusted }
        /// Whose risk exponent values the proposer's side of an offer to j: the proposer's own
        /// (`own`), or the receiver's, so that both expected utilities of a dyad are seen from the
        /// receiver's point of view (`receiver`).
        public enum Perspective: String, Hashable, Sendable, Codable, CaseIterable { case own, receiver }
        /// How a conflict (both expected utilities positive) is settled: the side with the lower
        /// expected utility gives way fully (BdM 1984), or nobody moves (BdM 1997).
        public enum Conflict: String, Hashable, Sendable, Codable, CaseIterable { case lowerConcedes, noMove }
        /// Which offer an actor accepts when several ask it to move (section 6.2; fig. 6):
        /// `byType`: a conflict's demand first, then a compromise, then a capitulation; among
        /// conflicts and capitulations the least movement, among compromises the one whose
        /// expected-utility-weighted position is lowest (Scholz et al.'s program);
        /// `mostEnforceable`: the proposer with the highest expected utility;
        /// `leastMovement`: the smallest move.
        public enum Selection: String, Hashable, Sendable, Codable, CaseIterable { case byType, mostEnforceable, leastMovement }
        /// Security level of i (ambiguity A2): what i's adversaries expect from challenging i,
        /// Σ_j E^j(U_ji) (section 5's prose), or i's own expected utilities as challenger
        /// Σ_j E^i(U_ij) (the appendix as printed).
        public enum Security: String, Hashable, Sendable, Codable, CaseIterable { case adversaries, own }

        public var probability: Probability
        public var voteDistance: VoteDistance
        public var perspective: Perspective
        public var conflict: Conflict
        public var selection: Selection
        public var security: Security
        /// Whether Δ (the range of positions) is fixed at the first round (`true`) or recomputed
        /// from each round's positions.
        public var fixedRange: Bool

        public init(probability: Probability = .allPairs, voteDistance: VoteDistance = .riskAdjusted, perspective: Perspective = .receiver,
                    conflict: Conflict = .lowerConcedes, selection: Selection = .byType, security: Security = .adversaries,
                    fixedRange: Bool = true) {
            self.probability = probability
            self.voteDistance = voteDistance
            self.perspective = perspective
            self.conflict = conflict
            self.selection = selection
            self.security = security
            self.fixedRange = fixedRange
        }

        /// The reading of Scholz et al.'s program (the default): Table 2 within 0.3 per round.
        public static let scholzCode = Reading()
        /// The equations as printed: eq. 31's pairwise probability, linear votes, each actor's own
        /// risk exponent, no move in a conflict (BdM 1997), the most enforceable offer.
        public static let printed = Reading(probability: .pairwise, voteDistance: .linear, perspective: .own, conflict: .noMove,
                                            selection: .mostEnforceable)

        /// The readings with a name, as `parley forecast --reading` offers them.
        public enum Named: String, Hashable, Sendable, Codable, CaseIterable {
            /// ``Reading/scholzCode``: Scholz et al.'s program; reproduces their Table 2.
            case scholz
            /// ``Reading/printed``: the equations as printed.
            case printed

            /// The reading the name stands for.
            public var reading: Reading {
                switch self {
                case .scholz: .scholzCode
                case .printed: .printed
                }
            }
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
        /// P^i: the probability that i prevails over j (eq. 30-31), with the actors' exponents.
        public var prevail: [Double]
        /// The same with r = 1 (first pass).
        public var firstPrevail: [Double]
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
            positions = move(positions, saliences, analysis, range: range)
            result.append(Round(positions: positions, median: Self.median(positions, capabilities, saliences, range: range),
                                mean: Self.mean(positions, capabilities, saliences)))
        }
        return result
    }

    /// P^i for every pair `[i * n + j]` with voters' risk exponents `r`.
    func prevail(_ x: [Double], _ c: [Double], _ s: [Double], exponents r: [Double], range delta: Double) -> [Double] {
        let n = x.count
        // distance[k * n + a]: voter k's (risk-adjusted) distance to actor a's position, so that
        // k's preference for a over b is distance[k, b] − distance[k, a].
        var distance = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            for a in 0..<n {
                let d = abs(x[k] - x[a]) / delta
                distance[k * n + a] = reading.voteDistance == .riskAdjusted ? pow(d, r[k]) : d
            }
        }
        var total = 0.0
        if reading.probability == .allPairs {
            for k in 0..<n {
                var sum = 0.0
                for a in 0..<n { for b in 0..<n { sum += abs(distance[k * n + b] - distance[k * n + a]) } }
                total += c[k] * s[k] * sum
            }
        }
        var prevail = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i && x[i] != x[j] {
                var numerator = 0.0, denominator = 0.0
                for k in 0..<n {
                    let vote = c[k] * s[k] * (distance[k * n + j] - distance[k * n + i])
                    if vote > 0 { numerator += vote }
                    denominator += abs(vote)
                }
                if reading.probability == .allPairs { denominator = total }
                prevail[i * n + j] = denominator > 0 ? numerator / denominator : 0
            }
        }
        return prevail
    }

    /// The model's quantities for one configuration of positions: the first pass with r = 1, the
    /// risk exponents, and the second pass with them.
    public func analyse(_ x: [Double], _ c: [Double], _ s: [Double], range delta: Double) -> Analysis {
        let n = x.count
        let mu = Self.median(x, c, s, range: delta)
        let ones = [Double](repeating: 1, count: n)
        let firstPrevail = prevail(x, c, s, exponents: ones, range: delta)
        let first = expectedUtilities(x, s, firstPrevail, exponents: ones, median: mu, range: delta)
        var security = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                security[i] += reading.security == .adversaries ? first[j * n + i] : first[i * n + j]
            }
        }
        let high = security.max()!, low = security.min()!
        let attitude = security.map { high > low ? (2 * $0 - high - low) / (high - low) : 0 }
        let exponent = attitude.map { (1 - $0 / 3) / (1 + $0 / 3) }
        let secondPrevail = prevail(x, c, s, exponents: exponent, range: delta)
        let second = expectedUtilities(x, s, secondPrevail, exponents: exponent, median: mu, range: delta)
        return Analysis(median: mu, prevail: secondPrevail, firstPrevail: firstPrevail, firstPass: first, security: security,
                        riskAttitude: attitude, riskExponent: exponent, expectedUtility: second)
    }

    /// E^i(U_ij) with the exponent r.
    func expectedUtility(_ x: [Double], _ s: [Double], _ prevail: [Double], _ i: Int, _ j: Int, exponent ri: Double,
                         median mu: Double, range delta: Double) -> Double {
        let n = x.count, q = statusQuoProbability
        let dj = abs(x[i] - x[j]) / delta
        let success = 2 - 4 * pow(0.5 - 0.5 * dj, ri)
        let failure = 2 - 4 * pow(0.5 + 0.5 * dj, ri)
        let statusQuo = 2 - 4 * pow(0.5, ri)
        let p = prevail[i * n + j]
        var eu = s[j] * (p * success + (1 - p) * failure) + (1 - s[j]) * success - q * statusQuo
        if q != 1 {
            let dm = abs(x[i] - mu) / delta
            let better = 2 - 4 * pow(max(0, 0.5 - 0.25 * (dm + dj)), ri)
            let worse = 2 - 4 * pow(0.5 + 0.25 * (dm + dj), ri)
            let t: Double = abs(x[i] - mu) < abs(x[i] - x[j]) ? 1 : 0
            eu -= (1 - q) * (t * better + (1 - t) * worse)
        }
        return eu
    }

    /// E^i(U_ij) for every pair (eq. 6 with the utilities of eq. 8-12), each row with its actor's exponent.
    func expectedUtilities(_ x: [Double], _ s: [Double], _ prevail: [Double], exponents r: [Double],
                           median mu: Double, range delta: Double) -> [Double] {
        let n = x.count
        var eu = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                eu[i * n + j] = expectedUtility(x, s, prevail, i, j, exponent: r[i], median: mu, range: delta)
            }
        }
        return eu
    }

    /// Every actor's position after the round's offers (fig. 6, eq. 35, offer selection).
    func move(_ x: [Double], _ s: [Double], _ analysis: Analysis, range delta: Double) -> [Double] {
        let n = x.count
        /// The kinds of offer in the order an actor considers them under ``Reading/Selection/byType``.
        enum Kind: Int, Comparable {
            case conflict, compromise, capitulation
            static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        }
        struct Offer { var kind: Kind; var proposer: Int; var a: Double; var b: Double; var position: Double }
        var next = x
        for m in 0..<n {
            var offers: [Offer] = []
            for p in 0..<n where p != m && x[p] != x[m] {
                // b: the mover's expected utility of challenging the proposer; a: the proposer's.
                let b = analysis.expectedUtility[m * n + p]
                let a = reading.perspective == .own ? analysis.expectedUtility[p * n + m]
                    : expectedUtility(x, s, analysis.prevail, p, m, exponent: analysis.riskExponent[m], median: analysis.median, range: delta)
                if a > 0, b > 0 {
                    // Conflict: the side expecting less gives way (BdM 1984).
                    if a > b, reading.conflict == .lowerConcedes { offers.append(Offer(kind: .conflict, proposer: p, a: a, b: b, position: x[p])) }
                } else if a > 0, b < 0 {
                    if a > abs(b) {
                        // Compromise: the mover goes |b/a| of the way (eq. 35).
                        offers.append(Offer(kind: .compromise, proposer: p, a: a, b: b, position: x[m] + (x[p] - x[m]) * abs(b / a)))
                    } else {
                        // Capitulation: the mover loses more than the proposer gains and gives way.
                        offers.append(Offer(kind: .capitulation, proposer: p, a: a, b: b, position: x[p]))
                    }
                }
            }
            guard !offers.isEmpty else { continue }
            func movement(_ o: Offer) -> Double { abs(o.position - x[m]) }
            let chosen: Offer
            switch reading.selection {
            case .leastMovement:
                chosen = offers.min { (movement($0), -$0.a) < (movement($1), -$1.a) }!
            case .mostEnforceable:
                chosen = offers.min { (-$0.a, movement($0)) < (-$1.a, movement($1)) }!
            case .byType:
                let kind = offers.map(\.kind).min()!
                let candidates = offers.filter { $0.kind == kind }
                if kind == .compromise {
                    func key(_ o: Offer) -> Double { (abs(o.b) * x[m] + abs(o.a) * x[o.proposer]) / (abs(o.a) + abs(o.b)) }
                    chosen = candidates.min { key($0) < key($1) }!
                } else {
                    chosen = candidates.min { movement($0) < movement($1) }!
                }
            }
            next[m] = chosen.position
        }
        return next
    }

    /// The median voter position: the Condorcet winner among the actors' positions, i.e. the
    /// position with the least capability × salience weighted distance to all actors (eq. 2-3;
    /// the lowest such position on a tie).
    public static func median(_ x: [Double], _ c: [Double], _ s: [Double], range delta: Double) -> Double {
        var best = Double.nan, bestLoss = Double.infinity
        for candidate in Set(x).sorted() {
            var loss = 0.0
            for i in x.indices { loss += c[i] * s[i] * abs(x[i] - candidate) }
            if loss < bestLoss - 1e-12 { bestLoss = loss; best = candidate }
        }
        return best
    }

    /// The capability × salience weighted mean position.
    public static func mean(_ x: [Double], _ c: [Double], _ s: [Double]) -> Double {
        var total = 0.0, weight = 0.0
        for i in x.indices { total += c[i] * s[i] * x[i]; weight += c[i] * s[i] }
        return weight > 0 ? total / weight : x.reduce(0, +) / Double(max(1, x.count))
    }
}
