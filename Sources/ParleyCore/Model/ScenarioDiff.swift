/// What changed between two versions of a scenario: every judgment the user wrote, old and new, in
/// the user's terms (saliences and ideal points where the file gives those, not the weights and
/// values derived from them), by name.
///
/// ```swift
/// for line in ScenarioDiff(old, new).changes { print(line) }   // "Russia (RU) reservation value: [0.7, 0.8] → 0.65"
/// ```
public struct ScenarioDiff: Hashable, Sendable {
    /// One sentence per change, in scenario order.
    public var changes: [String]

    public init(_ old: Scenario, _ new: Scenario) {
        var out = Changes()
        out.field("the scenario id", old.id, new.id)
        out.field("the title", old.title, new.title)
        out.field("the description", old.description, new.description)
        out.field("the date", old.date, new.date)
        Self.sources(old, new, &out)
        Self.issues(old, new, &out)
        Self.parties(old, new, &out)
        Self.proposals(old, new, &out)
        Self.leverage(old, new, &out)
        if old.agreement != new.agreement {
            out.add("the agreement rule: \(old.agreement) → \(new.agreement)")
        }
        Self.conflict(old.conflict, new.conflict, &out)
        changes = out.lines
    }

    /// Collects sentences.
    struct Changes {
        var lines: [String] = []

        mutating func add(_ line: String) { lines.append(line) }

        /// "<what>: old → new", when they differ.
        mutating func field<T: Equatable>(_ what: String, _ old: T?, _ new: T?, _ show: (T) -> String = { "\($0)" }) {
            guard old != new else { return }
            add("\(what): \(old.map(show) ?? "(none)") → \(new.map(show) ?? "(none)")")
        }

        /// Estimates as people read them (no floating-point noise from derived values).
        mutating func field(_ what: String, _ old: Estimate?, _ new: Estimate?) {
            field(what, old, new) { (estimate: Estimate) in estimate.readable(decimals: 6) }
        }

        /// Added and removed ids of one kind of thing.
        mutating func membership(_ kind: String, _ old: [String], _ new: [String], name: (String) -> String = { "'\($0)'" }) {
            for id in new where !old.contains(id) { add("\(kind) \(name(id)) added") }
            for id in old where !new.contains(id) { add("\(kind) \(name(id)) removed") }
        }
    }

    static func quoted(_ text: String) -> String { "“\(text)”" }

    static func sources(_ old: Scenario, _ new: Scenario, _ out: inout Changes) {
        out.membership("source", old.sources.map(\.id.rawValue), new.sources.map(\.id.rawValue))
        for source in new.sources {
            guard let before = old.source(source.id) else { continue }
            out.field("source '\(source.id)' title", before.title, source.title, quoted)
            out.field("source '\(source.id)' publisher", before.publisher, source.publisher, quoted)
            out.field("source '\(source.id)' date", before.date, source.date)
            out.field("source '\(source.id)' url", before.url, source.url)
        }
    }

    static func optionText(_ issue: Issue, _ index: Int?) -> String {
        index.map { issue.options.indices.contains($0) ? "'\(issue.options[$0].name)'" : "?" } ?? "(none)"
    }

    static func issues(_ old: Scenario, _ new: Scenario, _ out: inout Changes) {
        out.membership("issue", old.issues.map(\.id.rawValue), new.issues.map(\.id.rawValue))
        for issue in new.issues {
            guard let index = old.issueIndex(of: issue.id) else { continue }
            let before = old.issues[index]
            let label = "issue '\(issue.id)'"
            out.field("\(label) name", before.name, issue.name, quoted)
            out.field("\(label) kind", before.kind.rawValue, issue.kind.rawValue)
            out.field("\(label) unit", before.unit, issue.unit)
            out.field("\(label) description", before.description, issue.description, quoted)
            if optionText(before, before.statusQuo) != optionText(issue, issue.statusQuo) {
                out.add("\(label) status quo: \(optionText(before, before.statusQuo)) → \(optionText(issue, issue.statusQuo))")
            }
            out.membership("option of \(label):", before.options.map(\.id.rawValue), issue.options.map(\.id.rawValue))
            for option in issue.options {
                guard let previous = before.options.first(where: { $0.id == option.id }) else { continue }
                out.field("\(label) option '\(option.id)' name", previous.name, option.name, quoted)
                out.field("\(label) option '\(option.id)' position", previous.position, option.position) { $0.readable(decimals: 6) }
            }
        }
    }

    static func parties(_ old: Scenario, _ new: Scenario, _ out: inout Changes) {
        out.membership("party", old.parties.map(\.id.rawValue), new.parties.map(\.id.rawValue))
        for party in new.parties {
            guard let before = old.parties.first(where: { $0.id == party.id }) else { continue }
            let who = "\(party.name) (\(party.id))"
            out.field("party '\(party.id)' name", before.name, party.name, quoted)
            out.field("\(who) capability", before.capability, party.capability)
            let a = before.preferences, b = party.preferences
            out.field("\(who) reservation value", a.reservation, b.reservation)
            provenance("\(who) reservation value", a.reservationProvenance, b.reservationProvenance, &out)
            out.field("\(who) utility offset", a.offset, b.offset) { $0.readable(decimals: 6) }
            out.field("\(who) discount factor", a.discount, b.discount) { $0.readable(decimals: 6) }
            for issue in new.issues {
                guard let oldIndex = old.issueIndex(of: issue.id), let newIndex = new.issueIndex(of: issue.id),
                      oldIndex < a.stances.count, newIndex < b.stances.count else { continue }
                stance(who, old.issues[oldIndex], issue, a.stances[oldIndex], b.stances[newIndex], &out)
            }
            redLines(who, old, new, a.redLines, b.redLines, &out)
        }
    }

    /// A stance in the terms it was written in: salience or weight, ideal point or option values.
    static func stance(_ who: String, _ oldIssue: Issue, _ issue: Issue, _ a: Stance?, _ b: Stance?, _ out: inout Changes) {
        let on = "\(who) on '\(issue.id)'"
        switch (a, b) {
        case (nil, nil): return
        case (nil, _?): out.add("\(on): a stance added (the issue now counts for the party)")
        case (_?, nil): out.add("\(on): the stance removed (the issue no longer counts for the party)")
        case (let a?, let b?):
            if a.salience != nil || b.salience != nil {
                out.field("\(on) salience", a.salience, b.salience)
            } else {
                out.field("\(on) weight", a.weight, b.weight)
            }
            if a.ideal != nil || b.ideal != nil {
                out.field("\(on) ideal point", a.ideal, b.ideal)
            } else {
                for (o, option) in issue.options.enumerated() {
                    guard let oldOption = oldIssue.optionIndex(of: option.id), oldOption < a.values.count, o < b.values.count else { continue }
                    out.field("\(on) value of '\(option.id)'", a.values[oldOption], b.values[o])
                }
            }
            provenance(on, a.provenance, b.provenance, &out)
        }
    }

    static func provenance(_ what: String, _ a: Provenance, _ b: Provenance, _ out: inout Changes) {
        out.field("\(what): source", a.source?.rawValue, b.source?.rawValue)
        out.field("\(what): quote", a.quote, b.quote, quoted)
        out.field("\(what): confidence", a.confidence?.rawValue, b.confidence?.rawValue)
        out.field("\(what): note", a.note, b.note, quoted)
    }

    /// "forbid nato = join", "require guarantees in {nato, bilateral}", "if ... then ...".
    static func ruleText(_ rule: RedLine.Rule) -> String {
        func conditions(_ list: [Condition]) -> String {
            list.map { "\($0.issue) = \($0.options.count == 1 ? $0.options[0].rawValue : "{" + $0.options.map(\.rawValue).joined(separator: ", ") + "}")" }
                .joined(separator: " and ")
        }
        switch rule {
        case .forbid(let list): return "forbid " + conditions(list)
        case .require(let list): return "require " + conditions(list)
        case .linkage(let first, let then): return "if " + conditions(first) + " then " + conditions(then)
        }
    }

    static func redLines(_ who: String, _ old: Scenario, _ new: Scenario, _ a: [RedLine], _ b: [RedLine], _ out: inout Changes) {
        out.membership("\(who) red line", a.map(\.id.rawValue), b.map(\.id.rawValue))
        for redLine in b {
            guard let previous = a.first(where: { $0.id == redLine.id }) else { continue }
            let label = "red line '\(redLine.id)'"
            out.field("\(label) description", previous.description, redLine.description, quoted)
            if ruleText(previous.rule) != ruleText(redLine.rule) {
                out.add("\(label) rule: \(ruleText(previous.rule)) → \(ruleText(redLine.rule))")
            }
            provenance(label, previous.provenance, redLine.provenance, &out)
        }
    }

    static func packageText(_ scenario: Scenario, _ package: Package) -> String {
        let choices = scenario.choices(of: package).map { "\($0.issue.id) = \($0.option.id)" }
        return choices.isEmpty ? "(nothing)" : choices.joined(separator: ", ")
    }

    static func proposals(_ old: Scenario, _ new: Scenario, _ out: inout Changes) {
        out.membership("proposal", old.proposals.map(\.id.rawValue), new.proposals.map(\.id.rawValue))
        for proposal in new.proposals {
            guard let before = old.proposal(proposal.id) else { continue }
            let label = "proposal '\(proposal.id)'"
            out.field("\(label) name", before.name, proposal.name, quoted)
            out.field("\(label) proposer", before.proposer?.rawValue, proposal.proposer?.rawValue)
            out.field("\(label) date", before.date, proposal.date)
            let was = packageText(old, before.package), now = packageText(new, proposal.package)
            if was != now { out.add("\(label) package: \(was) → \(now)") }
            provenance(label, before.provenance, proposal.provenance, &out)
        }
    }

    static func effectText(_ effect: Leverage.Effect) -> String {
        switch effect {
        case .reservation(let party, let change): "moves \(party)'s reservation value by \(change.readable(decimals: 6))"
        case .dropRedLine(let id): "drops red line '\(id)'"
        }
    }

    static func leverage(_ old: Scenario, _ new: Scenario, _ out: inout Changes) {
        out.membership("leverage move", old.leverage.map(\.id.rawValue), new.leverage.map(\.id.rawValue))
        for move in new.leverage {
            guard let before = old.leverage.first(where: { $0.id == move.id }) else { continue }
            let label = "leverage move '\(move.id)'"
            out.field("\(label) name", before.name, move.name, quoted)
            out.field("\(label) applied by", before.by?.rawValue, move.by?.rawValue)
            out.field("\(label) effect", effectText(before.effect), effectText(move.effect))
            out.field("\(label) cost", before.cost, move.cost) { $0.readable(decimals: 6) }
            provenance(label, before.provenance, move.provenance, &out)
        }
    }

    static func conflict(_ old: ConflictModel?, _ new: ConflictModel?, _ out: inout Changes) {
        switch (old, new) {
        case (nil, nil): return
        case (nil, _?): out.add("a conflict section added")
        case (_?, nil): out.add("the conflict section removed")
        case (let a?, let b?):
            guard a != b else { return }
            let optionName = { (o: ConflictOption) in o.id ?? o.name }
            out.membership("conflict option", a.options.map(optionName), b.options.map(optionName))
            out.membership("decision maker", a.decisionMakers.map(\.name), b.decisionMakers.map(\.name))
            for maker in b.decisionMakers {
                if let previous = a.decisionMakers.first(where: { $0.name == maker.name }), previous != maker {
                    out.add("decision maker '\(maker.name)': its options or preferences changed")
                }
            }
            if a.infeasible != b.infeasible { out.add("the conflict's infeasible states changed") }
            if a.coalitions != b.coalitions { out.add("the conflict's coalitions changed") }
        }
    }
}
