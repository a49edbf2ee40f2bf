import ParleyCore

/// A scenario compiled for fast evaluation: every party's weighted option values in one flat
/// array, reservation values, and red lines as breach clauses.
///
/// The utility of party `p` for a package is `offsets[p] + Σ_i contributions[p * optionCount + optionStarts[i] + option_i]`:
/// the weights are folded into the values, so evaluating a package costs O(issues) additions and
/// allocates nothing.
public struct UtilityModel: Sendable {
    public let space: OutcomeSpace
    public let partyCount: Int
    public let issueCount: Int
    /// Where each issue's options start in a party's row.
    @usableFromInline package let optionStarts: [Int]
    /// The total number of options over all issues (the length of one party's row).
    @usableFromInline package let optionCount: Int
    /// `weight × value` for each party, issue and option; row-major by party.
    @usableFromInline package let contributions: [Double]
    /// Each party's reservation value (the midpoint of its estimate).
    public let reservations: [Double]
    /// Each party's constant utility offset.
    @usableFromInline package let offsets: [Double]
    /// Every party's red lines as clauses; a package breaches a red line when it satisfies any of its clauses.
    @usableFromInline package let clauses: [BreachClause]
    /// The red lines in scenario order, with their party, for naming breaches.
    public let redLines: [RedLineReference]
    /// Who must accept for a package to pass.
    public let rule: CompiledRule

    /// Compiles `scenario`, taking every estimate at its midpoint.
    public init(_ scenario: Scenario) {
        self.init(scenario, value: { $0.value })
    }

    /// Compiles `scenario`, taking each estimate through `value` (the midpoint, a sample, an end).
    public init(_ scenario: Scenario, value: (Estimate) -> Double) {
        space = OutcomeSpace(scenario)
        partyCount = scenario.parties.count
        issueCount = scenario.issues.count
        var starts: [Int] = []
        var total = 0
        for issue in scenario.issues {
            starts.append(total)
            total += issue.options.count
        }
        optionStarts = starts
        optionCount = total
        var contributions = [Double](repeating: 0, count: partyCount * total)
        for (p, party) in scenario.parties.enumerated() {
            for (i, stance) in party.preferences.stances.enumerated() {
                guard let stance else { continue }
                let weight = value(stance.weight)
                for (o, optionValue) in stance.values.enumerated() {
                    contributions[p * total + starts[i] + o] = weight * value(optionValue)
                }
            }
        }
        self.contributions = contributions
        reservations = scenario.parties.map { value($0.preferences.reservation) }
        offsets = scenario.parties.map(\.preferences.offset)
        var clauses: [BreachClause] = []
        var references: [RedLineReference] = []
        for (p, party) in scenario.parties.enumerated() {
            for redLine in party.preferences.redLines {
                let reference = references.count
                references.append(RedLineReference(party: p, id: redLine.id))
                clauses += BreachClause.compile(redLine, redLineIndex: reference, scenario: scenario,
                                                offsets: starts, optionCount: total)
            }
        }
        self.clauses = clauses
        redLines = references
        rule = CompiledRule(scenario, capability: value)
    }

    /// Party `party`'s utility for the complete package `digits`.
    /// - Complexity: O(issues).
    @inlinable
    public func utility(_ party: Int, _ digits: [Int]) -> Double {
        let row = party * optionCount
        var sum = offsets[party]
        for issue in 0..<issueCount { sum += contributions[row + optionStarts[issue] + digits[issue]] }
        return sum
    }

    /// The lowest and highest utility party `party` gets from any package: each issue's worst and
    /// best contribution added up (exact for additive utilities).
    /// - Complexity: O(options).
    public func utilityRange(_ party: Int) -> ClosedRange<Double> {
        var low = offsets[party], high = offsets[party]
        for issue in 0..<issueCount {
            let start = party * optionCount + optionStarts[issue]
            let slice = contributions[start..<(start + space.radices[issue])]
            low += slice.min() ?? 0
            high += slice.max() ?? 0
        }
        return low...high
    }

    /// Party `party`'s contribution from option `option` of issue `issue`.
    @inlinable
    package func contribution(_ party: Int, issue: Int, option: Int) -> Double {
        contributions[party * optionCount + optionStarts[issue] + option]
    }

    /// Whether the complete package `digits` breaches red line number `redLine` (an index into ``redLines``).
    public func breaches(_ redLine: Int, _ digits: [Int]) -> Bool {
        clauses.contains { $0.redLine == redLine && $0.isSatisfied(by: digits, offsets: optionStarts) }
    }
}

/// A red line and the party that holds it.
public struct RedLineReference: Hashable, Sendable {
    public var party: Int
    public var id: RedLine.ID
}

/// One way to breach a red line: a conjunction "issue i's option is in set S_i" over some issues.
///
/// Every rule compiles to a disjunction of clauses: `forbid` to one clause; `require` to one clause
/// per condition (its complement); a linkage to one clause per `then` condition (the `if`
/// conditions and that condition's complement).
@usableFromInline
package struct BreachClause: Hashable, Sendable {
    /// The index of the red line in ``UtilityModel/redLines``.
    @usableFromInline package let redLine: Int
    /// The party holding the red line.
    @usableFromInline package let party: Int
    /// The constrained issues.
    @usableFromInline package let issues: [Int]
    /// For every option of every issue (flat, by the model's offsets): whether it satisfies this
    /// clause's condition on its issue. Unconstrained issues are all `true`.
    @usableFromInline package let triggers: [Bool]

    /// Whether the complete package `digits` satisfies the clause.
    /// - Complexity: O(constrained issues).
    @inlinable
    package func isSatisfied(by digits: [Int], offsets: [Int]) -> Bool {
        for issue in issues where !triggers[offsets[issue] + digits[issue]] { return false }
        return true
    }

    static func compile(_ redLine: RedLine, redLineIndex: Int, scenario: Scenario, offsets: [Int],
                        optionCount: Int) -> [BreachClause] {
        let party = scenario.parties.firstIndex { $0.preferences.redLines.contains(redLine) } ?? 0
        func clause(_ parts: [(condition: Condition, negated: Bool)]) -> BreachClause? {
            var triggers = [Bool](repeating: true, count: optionCount)
            var issues: Set<Int> = []
            for part in parts {
                guard let i = scenario.issueIndex(of: part.condition.issue) else { continue }
                issues.insert(i)
                let chosen = Set(part.condition.options)
                for (o, option) in scenario.issues[i].options.enumerated() {
                    let inSet = chosen.contains(option.id)
                    triggers[offsets[i] + o] = triggers[offsets[i] + o] && (inSet != part.negated)
                }
            }
            return BreachClause(redLine: redLineIndex, party: party, issues: issues.sorted(), triggers: triggers)
        }
        switch redLine.rule {
        case .forbid(let conditions):
            return [clause(conditions.map { ($0, false) })].compactMap { $0 }
        case .require(let conditions):
            return conditions.compactMap { clause([($0, true)]) }
        case .linkage(let conditions, let then):
            return then.compactMap { clause(conditions.map { ($0, false) } + [($0, true)]) }
        }
    }
}
