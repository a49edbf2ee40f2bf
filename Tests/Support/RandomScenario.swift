import ParleyCore

/// Random valid scenarios for the property tests of every test target.
public enum RandomScenario {
    public static func make(seed: UInt64, parties: ClosedRange<Int> = 2...4, issues: ClosedRange<Int> = 2...4,
                     options: ClosedRange<Int> = 2...5, redLines: Bool = true) -> Scenario {
        var rng = SeededGenerator(seed: seed)
        let issueCount = Int.random(in: issues, using: &rng)
        let issueList = (0..<issueCount).map { i in
            Issue(id: Issue.ID("i\(i)"), name: "issue \(i)", kind: .categorical,
                  options: (0..<Int.random(in: options, using: &rng)).map { Option(id: Option.ID("o\($0)"), name: "option \($0)") })
        }
        let partyCount = Int.random(in: parties, using: &rng)
        let partyList = (0..<partyCount).map { p -> Party in
            var weights = issueList.map { _ in Double.random(in: 0.05...1, using: &rng) }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
            let stances = zip(issueList, weights).map { issue, weight in
                Stance(weight: Estimate(weight),
                       values: issue.options.map { _ in Estimate((Double.random(in: 0...1, using: &rng) * 20).rounded() / 20) })
            }
            var lines: [RedLine] = []
            if redLines && Bool.random(using: &rng) {
                let issue = issueList.randomElement(using: &rng)!
                lines.append(RedLine(id: RedLine.ID("r\(p)"), rule: .forbid([
                    Condition(issue: issue.id, options: [issue.options[0].id], text: "o0")])))
            }
            return Party(id: Party.ID("P\(p)"), name: "party \(p)",
                         preferences: Preferences(reservation: Estimate(Double.random(in: 0...0.5, using: &rng)),
                                                  stances: stances, redLines: lines))
        }
        return Scenario(id: "random-\(seed)", title: "random", parties: partyList, issues: issueList)
    }
}
