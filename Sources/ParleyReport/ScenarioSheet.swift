import ParleyCore

/// A scenario laid out for reading, without analysing it (`parley show`): parties, issues and
/// options, each party's preferences and red lines in words, proposals, leverage.
public struct ScenarioSheet: Hashable, Sendable, Codable {
    public var contract = "parley.scenario-sheet/1"
    public var id: String
    public var title: String
    public var file: String
    public var date: String?
    public var parties: [PartyEntry]
    public var issues: [IssueEntry]
    public var proposals: [ProposalEntry]
    public var leverage: [String]

    public struct PartyEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var capability: String?
        public var reservation: String
        /// Issue id → how the party's stance is written ("weight 0.5; values: ...").
        public var stances: [String: String]
        public var redLines: [RedLineEntry]
    }

    public struct RedLineEntry: Hashable, Sendable, Codable {
        public var id: String
        public var description: String?
        /// The rule in words, with names.
        public var rule: String
    }

    public struct IssueEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var kind: String
        public var unit: String?
        public var statusQuo: String?
        /// "Membership now (join, 100)".
        public var options: [String]
    }

    public struct ProposalEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var proposer: String?
        /// "Issue: option" for each issue the proposal names.
        public var package: [String]
    }

    public init(_ scenario: Scenario, file: String) {
        id = scenario.id
        title = scenario.title
        self.file = file
        date = scenario.date
        issues = scenario.issues.map { issue in
            IssueEntry(id: issue.id.rawValue, name: issue.name, kind: issue.kind.rawValue, unit: issue.unit,
                       statusQuo: issue.statusQuo.map { issue.options[$0].name },
                       options: issue.options.map { option in
                           "\(option.name) (\(option.id)" + (option.position.map { ", \($0.decimalText)" } ?? "") + ")"
                       })
        }
        parties = scenario.parties.map { party in
            var stances: [String: String] = [:]
            for (i, stance) in party.preferences.stances.enumerated() {
                guard let stance else { continue }
                let issue = scenario.issues[i]
                let weight = stance.salience.map { "salience \($0.readable())" } ?? "weight \(stance.weight.readable())"
                let values = stance.ideal.map { "ideal \($0.readable())" }
                    ?? "values " + zip(issue.options, stance.values).map { "\($0.0.id) \($0.1.readable())" }.joined(separator: ", ")
                stances[issue.id.rawValue] = "\(weight); \(values)"
            }
            return PartyEntry(id: party.id.rawValue, name: party.name, capability: party.capability.map { $0.readable() },
                              reservation: party.preferences.reservation.readable(), stances: stances,
                              redLines: party.preferences.redLines.map {
                                  RedLineEntry(id: $0.id.rawValue, description: $0.description, rule: $0.rule.described(in: scenario))
                              })
        }
        proposals = scenario.proposals.map { proposal in
            ProposalEntry(id: proposal.id.rawValue, name: proposal.name,
                          proposer: proposal.proposer.flatMap { id in scenario.parties.first { $0.id == id }?.name },
                          package: scenario.choices(of: proposal.package).map { "\($0.issue.name): \($0.option.name)" })
        }
        leverage = scenario.leverage.map { move in
            let effect: String
            switch move.effect {
            case .reservation(let party, let change):
                effect = "moves \(scenario.parties.first { $0.id == party }?.name ?? party.rawValue)'s reservation value by \(change.readable())"
            case .dropRedLine(let id): effect = "gives up red line '\(id)'"
            }
            return "\(move.name) (\(move.id)): \(effect), cost \(move.cost.readable())"
        }
    }

    public func text() -> String {
        var out = ["\(title) (\(id))" + (date.map { ", \($0)" } ?? ""), "from \(file)", ""]
        out.append("Issues (\(issues.count)):")
        for issue in issues {
            out.append("  \(issue.name) (\(issue.id), \(issue.kind)\(issue.unit.map { ", \($0)" } ?? ""))"
                + (issue.statusQuo.map { "; status quo: \($0)" } ?? ""))
            out.append("    options: " + issue.options.joined(separator: "; "))
        }
        out.append("")
        out.append("Parties (\(parties.count)):")
        for party in parties {
            out.append("  \(party.name) (\(party.id)): reservation value \(party.reservation)"
                + (party.capability.map { ", capability \($0)" } ?? ""))
            for issue in issues {
                if let stance = party.stances[issue.id] { out.append("    \(issue.name): \(stance)") }
            }
            for redLine in party.redLines {
                out.append("    red line \(redLine.id): \(redLine.rule)" + (redLine.description.map { " (“\($0)”)" } ?? ""))
            }
        }
        out.append("")
        out.append(proposals.isEmpty ? "Proposals: none" : "Proposals (\(proposals.count)):")
        for proposal in proposals {
            out.append("  \(proposal.name) (\(proposal.id))" + (proposal.proposer.map { ", by \($0)" } ?? ""))
            out.append("    " + (proposal.package.isEmpty ? "names no issue" : proposal.package.joined(separator: "; ")))
        }
        if !leverage.isEmpty {
            out.append("")
            out.append("Leverage (\(leverage.count)):")
            for move in leverage { out.append("  " + move) }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
