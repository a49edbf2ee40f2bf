import ParleyCore

/// How every party judges one package: utility, reservation value, margin, red lines breached,
/// the issues that weigh most for and against, and the verdict.
public struct PackageEvaluation: Hashable, Sendable {
    /// The package as given (issues may be unaddressed).
    public var package: Package
    /// The option each issue settles on: as given, else the issue's status quo, else `nil` (open).
    public var settled: [Int?]
    /// Issues the package leaves out that fall back to their status quo.
    public var statusQuoIssues: [Int]
    /// Issues the package leaves out that have no status quo: each party reads them cautiously.
    public var openIssues: [Int]
    /// One verdict per party, in scenario order.
    public var verdicts: [PartyVerdict]

    /// Whether the package passes the scenario's agreement rule (every party accepting, under unanimity).
    public var passes: Bool = false
    /// The veto parties that do not accept (they block the package whatever the others do).
    public var blockedBy: [Int] = []

    /// Whether every party accepts.
    public var acceptedByAll: Bool { verdicts.allSatisfy(\.accepts) }
    /// How many parties accept.
    public var acceptingCount: Int { verdicts.count { $0.accepts } }
}

/// One party's judgment of a package.
public struct PartyVerdict: Hashable, Sendable {
    public var party: Int
    public var utility: Double
    public var reservation: Double
    /// `utility − reservation`.
    public var margin: Double { utility - reservation }
    /// Red lines of this party the package breaches (indices into ``UtilityModel/redLines``).
    public var breaches: [RedLineBreach]
    /// Each issue's share of the margin, `weight × (value − reservation)`, largest in absolute
    /// value first; these shares add up to the margin exactly (weights sum to 1).
    public var drivers: [IssueDriver]
    public var accepts: Bool

    /// The issues pulling the utility above the reservation value, strongest first.
    public var driversFor: [IssueDriver] { drivers.filter { $0.share > 1e-12 } }
    /// The issues pulling it below, strongest first.
    public var driversAgainst: [IssueDriver] { drivers.filter { $0.share < -1e-12 } }
}

/// A red line a package breaches, and whether only because issues were left open.
public struct RedLineBreach: Hashable, Sendable {
    public var redLine: Int
    /// True when the package breaches the red line only through an issue it leaves open (a
    /// settlement of that issue could still respect it).
    public var throughOpenIssues: Bool
}

/// One issue's part in a party's margin.
public struct IssueDriver: Hashable, Sendable {
    public var issue: Int
    /// The option counted: the settled one, or for an open issue the party's worst.
    public var option: Int
    public var isOpen: Bool
    public var share: Double
}

extension UtilityModel {
    /// Evaluates a package, complete or not, for every party.
    ///
    /// Unaddressed issues take their status quo when the scenario gives one; otherwise they stay
    /// open and each party reads them cautiously: its worst option on the issue counts toward its
    /// utility, and a red line counts as breached when some settlement of the open issues would
    /// breach it.
    /// - Complexity: O(parties × options + clauses × issues).
    public func evaluate(_ package: Package, in scenario: Scenario) -> PackageEvaluation {
        var settled = package.options
        var statusQuo: [Int] = [], open: [Int] = []
        for (i, issue) in scenario.issues.enumerated() where settled[i] == nil {
            if let quo = issue.statusQuo { settled[i] = quo; statusQuo.append(i) } else { open.append(i) }
        }
        var verdicts: [PartyVerdict] = []
        for p in 0..<partyCount {
            var utility = offsets[p]
            var drivers: [IssueDriver] = []
            for i in 0..<issueCount {
                let weight = scenario.parties[p].preferences.weight(i)
                let option: Int
                if let chosen = settled[i] {
                    option = chosen
                } else {
                    option = (0..<space.radices[i]).min { contribution(p, issue: i, option: $0) < contribution(p, issue: i, option: $1) } ?? 0
                }
                let part = contribution(p, issue: i, option: option)
                utility += part
                if weight > 0 {
                    drivers.append(IssueDriver(issue: i, option: option, isOpen: settled[i] == nil,
                                               share: part - weight * reservations[p]))
                }
            }
            drivers.sort { abs($0.share) > abs($1.share) || (abs($0.share) == abs($1.share) && $0.issue < $1.issue) }
            var breaches: [RedLineBreach] = []
            for (k, reference) in redLines.enumerated() where reference.party == p {
                var possible = false, onlyThroughOpen = true
                for clause in clauses where clause.redLine == k {
                    let (satisfiable, usesOpen) = clause.satisfiable(settled: settled, offsets: optionStarts, radices: space.radices)
                    if satisfiable {
                        possible = true
                        if !usesOpen { onlyThroughOpen = false }
                    }
                }
                if possible { breaches.append(RedLineBreach(redLine: k, throughOpenIssues: onlyThroughOpen)) }
            }
            let accepts = Acceptance.accepts(utility: utility, reservation: reservations[p], breachesRedLine: !breaches.isEmpty)
            verdicts.append(PartyVerdict(party: p, utility: utility, reservation: reservations[p], breaches: breaches,
                                         drivers: drivers, accepts: accepts))
        }
        var evaluation = PackageEvaluation(package: package, settled: settled, statusQuoIssues: statusQuo, openIssues: open,
                                           verdicts: verdicts)
        let accepts = verdicts.map(\.accepts)
        evaluation.passes = rule.passes(accepts)
        evaluation.blockedBy = rule.blockedBy(accepts)
        return evaluation
    }
}

extension BreachClause {
    /// Whether some settlement of the open issues (`nil` entries) satisfies the clause, and whether
    /// that depends on an open issue.
    func satisfiable(settled: [Int?], offsets: [Int], radices: [Int]) -> (Bool, usesOpen: Bool) {
        var usesOpen = false
        for issue in issues {
            if let option = settled[issue] {
                if !triggers[offsets[issue] + option] { return (false, false) }
            } else {
                usesOpen = true
                if !(0..<radices[issue]).contains(where: { triggers[offsets[issue] + $0] }) { return (false, false) }
            }
        }
        return (true, usesOpen)
    }
}
