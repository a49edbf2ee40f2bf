/// What changed between two versions of a scenario: judgments, sources, red lines, proposals.
///
/// ```swift
/// for line in ScenarioDiff(old, new).changes { print(line) }   // "RU reservation: [0.7, 0.8] → 0.65"
/// ```
public struct ScenarioDiff: Hashable, Sendable {
    /// One sentence per change, in scenario order.
    public var changes: [String]

    public init(_ old: Scenario, _ new: Scenario) {
        var changes: [String] = []
        func ids<T>(_ items: [T], _ id: (T) -> String) -> [String] { items.map(id) }
        func listDiff(_ kind: String, _ before: [String], _ after: [String]) {
            for id in after where !before.contains(id) { changes.append("\(kind) '\(id)' added") }
            for id in before where !after.contains(id) { changes.append("\(kind) '\(id)' removed") }
        }
        listDiff("source", ids(old.sources) { $0.id.rawValue }, ids(new.sources) { $0.id.rawValue })
        listDiff("party", ids(old.parties) { $0.id.rawValue }, ids(new.parties) { $0.id.rawValue })
        listDiff("issue", ids(old.issues) { $0.id.rawValue }, ids(new.issues) { $0.id.rawValue })
        for issue in new.issues {
            guard let before = old.issues.first(where: { $0.id == issue.id }) else { continue }
            listDiff("option of \(issue.id)", before.options.map(\.id.rawValue), issue.options.map(\.id.rawValue))
        }
        for party in new.parties {
            guard let before = old.parties.first(where: { $0.id == party.id }) else { continue }
            let name = party.id.rawValue
            if before.preferences.reservation != party.preferences.reservation {
                changes.append("\(name) reservation: \(before.preferences.reservation) → \(party.preferences.reservation)")
            }
            if before.preferences.reservationProvenance != party.preferences.reservationProvenance {
                changes.append("\(name) reservation: the source or quote changed")
            }
            for issue in new.issues {
                guard let oldIndex = old.issueIndex(of: issue.id), let newIndex = new.issueIndex(of: issue.id) else { continue }
                let a = before.preferences.stances[oldIndex], b = party.preferences.stances[newIndex]
                switch (a, b) {
                case (nil, nil): continue
                case (nil, _?): changes.append("\(name) now cares about \(issue.id)")
                case (_?, nil): changes.append("\(name) no longer cares about \(issue.id)")
                case (let a?, let b?):
                    if a.weight != b.weight { changes.append("\(name) weight of \(issue.id): \(a.weight) → \(b.weight)") }
                    for (o, option) in issue.options.enumerated() {
                        guard let oldOption = old.issues[oldIndex].optionIndex(of: option.id) else { continue }
                        if a.values[oldOption] != b.values[o] {
                            changes.append("\(name) value of \(issue.id) = \(option.id): \(a.values[oldOption]) → \(b.values[o])")
                        }
                    }
                    if a.provenance != b.provenance { changes.append("\(name) on \(issue.id): the source or quote changed") }
                }
            }
            listDiff("red line of \(name)", before.preferences.redLines.map(\.id.rawValue), party.preferences.redLines.map(\.id.rawValue))
            for redLine in party.preferences.redLines {
                if let previous = before.preferences.redLines.first(where: { $0.id == redLine.id }), previous != redLine {
                    changes.append("red line '\(redLine.id)' changed")
                }
            }
        }
        listDiff("proposal", old.proposals.map(\.id.rawValue), new.proposals.map(\.id.rawValue))
        for proposal in new.proposals {
            guard let before = old.proposal(proposal.id) else { continue }
            if old.choices(of: before.package).map({ "\($0.issue.id)=\($0.option.id)" })
                != new.choices(of: proposal.package).map({ "\($0.issue.id)=\($0.option.id)" }) {
                changes.append("proposal '\(proposal.id)' now proposes a different package")
            }
        }
        listDiff("leverage move", old.leverage.map(\.id.rawValue), new.leverage.map(\.id.rawValue))
        if (old.conflict == nil) != (new.conflict == nil) {
            changes.append(new.conflict == nil ? "the conflict section removed" : "a conflict section added")
        } else if old.conflict != new.conflict {
            changes.append("the conflict section changed")
        }
        self.changes = changes
    }
}
