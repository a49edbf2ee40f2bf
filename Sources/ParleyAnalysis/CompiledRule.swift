import ParleyCore

/// A scenario's agreement rule compiled for the hot loops: who must accept for a package to pass.
///
/// Unanimity is the rule with a quota of every party; a quota rule counts accepting parties; a
/// weighted rule adds up the accepting parties' shares of the weight (normalised to sum to 1) and
/// compares the sum with the threshold, a shortfall of at most ``Acceptance/tolerance`` counting as
/// meeting it. Veto parties must be among the accepting parties under every rule.
public struct CompiledRule: Hashable, Sendable {
    public let partyCount: Int
    public let isUnanimity: Bool
    /// The fewest accepting parties that can pass a package.
    public let quota: Int
    /// Whether each party holds a veto.
    public let isVeto: [Bool]
    public let vetoIndices: [Int]
    /// Each party's share of the weight (summing to 1), under a weighted rule.
    public let shares: [Double]?
    /// The share of the weight that must accept, under a weighted rule.
    public let threshold: Double

    /// Compiles `scenario`'s rule; `capability` gives a party's capability as a number (its
    /// midpoint unless a sample is drawn).
    public init(_ scenario: Scenario, capability: (Estimate) -> Double = { $0.value }) {
        let parties = scenario.parties
        partyCount = parties.count
        let vetoes = Set(scenario.agreement.vetoes)
        let isVeto = parties.map { vetoes.contains($0.id) }
        self.isVeto = isVeto
        vetoIndices = isVeto.indices.filter { isVeto[$0] }
        switch scenario.agreement {
        case .unanimity:
            isUnanimity = true
            quota = parties.count
            shares = nil
            threshold = 1
        case .quota(let quota, _):
            isUnanimity = false
            self.quota = quota
            shares = nil
            threshold = 1
        case .weighted(let threshold, let weights, let minimum, _):
            isUnanimity = false
            quota = minimum ?? 1
            let raw: [Double]
            switch weights {
            case .capability: raw = parties.map { $0.capability.map(capability) ?? 0 }
            case .stated(let stated):
                let byParty = Dictionary(stated.map { ($0.party, $0.weight) }, uniquingKeysWith: { first, _ in first })
                raw = parties.map { byParty[$0.id] ?? 0 }
            }
            let total = raw.reduce(0, +)
            shares = raw.map { total > 0 ? $0 / total : 0 }
            self.threshold = threshold
        }
    }

    /// Whether a package that the parties marked in `accepts` accept passes.
    /// - Complexity: O(parties).
    @inlinable
    public func passes(_ accepts: UnsafeBufferPointer<Bool>) -> Bool {
        var count = 0
        var share = 0.0
        for p in 0..<partyCount where accepts[p] {
            count += 1
            if let shares { share += shares[p] }
        }
        if count < quota { return false }
        for p in vetoIndices where !accepts[p] { return false }
        if shares != nil, threshold - share > Acceptance.tolerance { return false }
        return true
    }

    /// Whether a package that the parties marked in `accepts` accept passes.
    public func passes(_ accepts: [Bool]) -> Bool {
        accepts.withUnsafeBufferPointer { passes($0) }
    }

    /// The veto parties that do not accept.
    public func blockedBy(_ accepts: [Bool]) -> [Int] {
        vetoIndices.filter { !accepts[$0] }
    }

    /// The cheapest set of parties whose acceptance would make a package pass, and what it costs:
    /// the red lines its parties breach and their shortfalls below their reservation values.
    ///
    /// Under unanimity the set is every party. Under a quota rule it is the veto parties and the
    /// other parties that cost least (fewest breaches, then smallest shortfall), exactly. Under a
    /// weighted rule the veto parties and then the others in order of cost per share of the weight
    /// are added until the rule is met: a greedy choice, which may miss a cheaper set when weights
    /// are very unequal (finding the cheapest exactly is a knapsack problem).
    /// - Parameters:
    ///   - breaches: the number of each party's own red lines the package breaches.
    ///   - shortfalls: each party's `max(0, reservation − utility)` (0 when it meets its reservation).
    /// - Returns: the parties (ascending), their breaches, and their total and worst shortfalls.
    public func cheapestPassingSet(breaches: UnsafeBufferPointer<Int>, shortfalls: UnsafeBufferPointer<Double>,
                                   order: inout [Int]) -> (breaches: Int, total: Double, worst: Double) {
        var chosenBreaches = 0, total = 0.0, worst = 0.0
        func take(_ p: Int) {
            chosenBreaches += breaches[p]
            total += shortfalls[p]
            worst = max(worst, shortfalls[p])
        }
        if isUnanimity {
            order.removeAll(keepingCapacity: true)
            for p in 0..<partyCount { take(p); order.append(p) }
            return (chosenBreaches, total, worst)
        }
        // The others, cheapest first (per share of the weight under a weighted rule).
        order.removeAll(keepingCapacity: true)
        for p in 0..<partyCount where !isVeto[p] { order.append(p) }
        let shares = self.shares
        order.sort { a, b in
            if breaches[a] != breaches[b] { return breaches[a] < breaches[b] }
            let x = shares.map { shortfalls[a] / max($0[a], 1e-12) } ?? shortfalls[a]
            let y = shares.map { shortfalls[b] / max($0[b], 1e-12) } ?? shortfalls[b]
            return x != y ? x < y : a < b
        }
        var count = 0, share = 0.0
        for p in vetoIndices {
            take(p)
            count += 1
            share += shares?[p] ?? 0
        }
        var next = 0
        while count < quota || (shares != nil && threshold - share > Acceptance.tolerance), next < order.count {
            let p = order[next]
            take(p)
            count += 1
            share += shares?[p] ?? 0
            next += 1
        }
        order.removeSubrange(next...)
        order += vetoIndices
        order.sort()
        return (chosenBreaches, total, worst)
    }
}
