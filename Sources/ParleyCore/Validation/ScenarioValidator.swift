/// The one validation every scenario passes, whatever format it was read from: it checks the
/// invariants downstream code relies on and is the only code that makes a ``Scenario``.
///
/// Format-specific readers (the Parley decoder, the GENIUS, GeniusWeb and NegMAS readers) check
/// what only they can (a YAML key's spelling, an XML attribute) and hand a ``ScenarioDraft`` here.
/// Each problem becomes a located diagnostic; all are reported together.
///
/// Invariants of a validated scenario:
/// - a non-empty id and title; at least two parties and one issue; every issue has an option;
/// - ids are unique: parties, issues, options within an issue, proposals, sources, red lines,
///   leverage moves;
/// - categorical options have no position, numeric options all have one, ordered issues all or none;
///   positions are finite; a status quo names an option;
/// - every party has one stance slot per issue and one value per option; every number (weight,
///   value, reservation, offset, discount, capability) is finite;
/// - red-line conditions, proposals, leverage and provenance name existing issues, options,
///   parties, red lines and sources.
public struct ScenarioValidator: Sendable {
    public init() {}

    /// Validates `draft`, recording every problem in `context`.
    /// - Returns: the scenario, or `nil` when an error was found.
    /// - Complexity: O(size of the draft).
    package func validate(_ draft: ScenarioDraft, _ context: inout DecodingContext) -> Scenario? {
        let errorsBefore = context.diagnostics.count { $0.severity == .error }
        if draft.id.trimmingWhitespace().isEmpty {
            context.error("the scenario has an empty id", at: draft.fileStart, help: "give the scenario a short id such as 'ukraine-2024-11'")
        }
        let sourceIDs = checkSources(draft, &context)
        let issueIDs = checkIssues(draft, &context)
        let partyIDs = checkParties(draft, &context)
        let redLineIDs = checkRedLines(draft, issueIDs, &context)
        checkPreferences(draft, sourceIDs, &context)
        checkProposals(draft, partyIDs, sourceIDs, &context)
        checkLeverage(draft, partyIDs, redLineIDs, sourceIDs, &context)
        checkAgreement(draft, &context)
        guard context.diagnostics.count(where: { $0.severity == .error }) == errorsBefore else { return nil }
        var scenario = Scenario(id: draft.id, title: draft.title, description: draft.description, date: draft.date,
                                sources: draft.sources, parties: draft.parties, issues: draft.issues,
                                proposals: draft.proposals, conflict: draft.conflict)
        scenario.leverage = draft.leverage
        scenario.agreement = draft.agreement
        return scenario
    }

    // MARK: Parts

    private func checkSources(_ draft: ScenarioDraft, _ context: inout DecodingContext) -> Set<Source.ID> {
        var seen = FirstSeen(kind: "source")
        for (index, source) in draft.sources.enumerated() {
            seen.check(source.id.rawValue, at: draft.sourceLocation(index), &context)
        }
        return Set(draft.sources.map(\.id))
    }

    private func checkIssues(_ draft: ScenarioDraft, _ context: inout DecodingContext) -> [Issue.ID: Set<Option.ID>] {
        if draft.issues.isEmpty {
            context.error("the scenario has no issues", at: draft.fileStart, help: "a negotiation decides at least one issue")
        }
        var seen = FirstSeen(kind: "issue")
        var known: [Issue.ID: Set<Option.ID>] = [:]
        for (i, issue) in draft.issues.enumerated() {
            let location = draft.issueLocation(i)
            if issue.id.rawValue.trimmingWhitespace().isEmpty {
                context.error("an issue has an empty id", at: location, help: "give every issue an id (a name in imported formats)")
            }
            guard seen.check(issue.id.rawValue, at: location, &context) else { continue }
            if issue.options.isEmpty {
                context.error("issue '\(issue.id)' has no options", at: location, help: "give it at least one option")
            }
            var options = FirstSeen(kind: "option", scope: "issue '\(issue.id)'")
            for (o, option) in issue.options.enumerated() {
                options.check(option.id.rawValue, at: draft.optionLocation(i, o), &context)
                if let position = option.position, !position.isFinite {
                    context.error("option '\(option.id)' of issue '\(issue.id)' has position \(position), which is not a finite number",
                                  at: draft.optionLocation(i, o), help: "give a finite number")
                }
            }
            let positioned = issue.options.count { $0.position != nil }
            switch issue.kind {
            case .categorical where positioned > 0:
                context.error("issue '\(issue.id)' is categorical but \(positioned) of its options have positions", at: location,
                              help: "make the issue ordered or numeric, or drop the positions")
            case .numeric where positioned < issue.options.count, .ordered where positioned > 0 && positioned < issue.options.count:
                let missing = issue.options.filter { $0.position == nil }.map { "'\($0.id)'" }
                context.error("issue '\(issue.id)' is \(issue.kind.rawValue) but options \(missing.joined(separator: ", ")) have no position",
                              at: location, help: "give every option of the issue a position (a number)")
            default: break
            }
            if let statusQuo = issue.statusQuo, !issue.options.indices.contains(statusQuo) {
                context.error("the status quo of issue '\(issue.id)' is option number \(statusQuo + 1), which does not exist",
                              at: location, help: "name one of the issue's \(issue.options.count) options")
            }
            known[issue.id] = Set(issue.options.map(\.id))
        }
        return known
    }

    private func checkParties(_ draft: ScenarioDraft, _ context: inout DecodingContext) -> Set<Party.ID> {
        if draft.parties.count < 2 {
            context.error("a negotiation needs at least two parties; found \(draft.parties.count)", at: draft.fileStart,
                          help: "add the other parties")
        }
        var seen = FirstSeen(kind: "party")
        for (p, party) in draft.parties.enumerated() {
            let location = draft.partyLocation(p)
            if party.id.rawValue.trimmingWhitespace().isEmpty {
                context.error("a party has an empty id", at: location, help: "give every party an id (a name in imported formats)")
            }
            seen.check(party.id.rawValue, at: location, &context)
            if let capability = party.capability, !(capability.low.isFinite && capability.high.isFinite && capability.low > 0) {
                context.error("the capability of party '\(party.id)' is \(capability); it must be a positive finite number",
                              at: location, help: "use a positive number (any scale) or leave it out")
            }
        }
        return Set(draft.parties.map(\.id))
    }

    private func checkRedLines(_ draft: ScenarioDraft, _ issues: [Issue.ID: Set<Option.ID>],
                               _ context: inout DecodingContext) -> Set<RedLine.ID> {
        var seen = FirstSeen(kind: "red line")
        for (p, party) in draft.parties.enumerated() {
            for redLine in party.preferences.redLines {
                let location = draft.partyLocation(p)
                seen.check(redLine.id.rawValue, at: location, &context)
                let conditions: [Condition]
                switch redLine.rule {
                case .forbid(let list), .require(let list): conditions = list
                case .linkage(let first, let then): conditions = first + then
                }
                for condition in conditions {
                    guard let options = issues[condition.issue] else {
                        context.error("red line '\(redLine.id)' of party '\(party.id)' names issue '\(condition.issue)', which does not exist",
                                      at: location, help: "name one of the scenario's issues")
                        continue
                    }
                    for option in condition.options where !options.contains(option) {
                        context.error("red line '\(redLine.id)' of party '\(party.id)' names option '\(option)', which issue '\(condition.issue)' does not have",
                                      at: location, help: "name one of the issue's options")
                    }
                }
            }
        }
        return Set(seen.ids.map { RedLine.ID($0) })
    }

    private func checkPreferences(_ draft: ScenarioDraft, _ sources: Set<Source.ID>, _ context: inout DecodingContext) {
        for (p, party) in draft.parties.enumerated() {
            let location = draft.partyLocation(p)
            let preferences = party.preferences
            func finite(_ value: Double, _ what: String) {
                if !value.isFinite {
                    context.error("\(what) of party '\(party.id)' is \(value), not a finite number", at: location,
                                  help: "give a finite number")
                }
            }
            finite(preferences.reservation.low, "the reservation value")
            finite(preferences.reservation.high, "the reservation value")
            finite(preferences.offset, "the utility offset")
            if let discount = preferences.discount { finite(discount, "the discount factor") }
            checkProvenance(preferences.reservationProvenance, sources, at: location, &context)
            guard preferences.stances.count == draft.issues.count else {
                context.error("party '\(party.id)' has preferences over \(preferences.stances.count) issues; the scenario has \(draft.issues.count)",
                              at: location, help: "give the party a weight and values for each issue")
                continue
            }
            for (i, stance) in preferences.stances.enumerated() {
                guard let stance else { continue }
                let issue = draft.issues[i]
                finite(stance.weight.low, "the weight of issue '\(issue.id)'")
                finite(stance.weight.high, "the weight of issue '\(issue.id)'")
                if stance.values.count != issue.options.count {
                    context.error("party '\(party.id)' values \(stance.values.count) options of issue '\(issue.id)', which has \(issue.options.count)",
                                  at: location, help: "give a value for every option of the issue")
                    continue
                }
                for (o, value) in stance.values.enumerated() where !(value.low.isFinite && value.high.isFinite) {
                    context.error("party '\(party.id)' values option '\(issue.options[o].id)' of issue '\(issue.id)' at \(value), not a finite number",
                                  at: location, help: "give a finite number")
                }
                checkProvenance(stance.provenance, sources, at: location, &context)
            }
            for redLine in preferences.redLines { checkProvenance(redLine.provenance, sources, at: location, &context) }
        }
    }

    private func checkProposals(_ draft: ScenarioDraft, _ parties: Set<Party.ID>, _ sources: Set<Source.ID>,
                                _ context: inout DecodingContext) {
        var seen = FirstSeen(kind: "proposal")
        for (index, proposal) in draft.proposals.enumerated() {
            let location = draft.proposalLocation(index)
            seen.check(proposal.id.rawValue, at: location, &context)
            if let proposer = proposal.proposer, !parties.contains(proposer) {
                context.error("proposal '\(proposal.id)' is by '\(proposer)', which is not a party", at: location,
                              help: "name one of the parties")
            }
            checkProvenance(proposal.provenance, sources, at: location, &context)
            guard proposal.package.options.count == draft.issues.count else {
                context.error("proposal '\(proposal.id)' answers \(proposal.package.options.count) issues; the scenario has \(draft.issues.count)",
                              at: location, help: "give the package one entry per issue")
                continue
            }
            for (i, option) in proposal.package.options.enumerated() {
                if let option, !draft.issues[i].options.indices.contains(option) {
                    context.error("proposal '\(proposal.id)' chooses option number \(option + 1) of issue '\(draft.issues[i].id)', which has \(draft.issues[i].options.count)",
                                  at: location, help: "name one of the issue's options")
                }
            }
        }
    }

    private func checkLeverage(_ draft: ScenarioDraft, _ parties: Set<Party.ID>, _ redLines: Set<RedLine.ID>,
                               _ sources: Set<Source.ID>, _ context: inout DecodingContext) {
        var seen = FirstSeen(kind: "leverage")
        for (index, move) in draft.leverage.enumerated() {
            let location = draft.leverageLocation(index)
            seen.check(move.id.rawValue, at: location, &context)
            if let by = move.by, !parties.contains(by) {
                context.error("leverage '\(move.id)' is applied by '\(by)', which is not a party", at: location, help: "name one of the parties")
            }
            switch move.effect {
            case .reservation(let party, let change):
                if !parties.contains(party) {
                    context.error("leverage '\(move.id)' changes the reservation value of '\(party)', which is not a party", at: location,
                                  help: "name one of the parties")
                }
                if !(change.low.isFinite && change.high.isFinite) {
                    context.error("leverage '\(move.id)' changes a reservation value by \(change), not a finite number", at: location,
                                  help: "give a finite number")
                }
            case .dropRedLine(let id) where !redLines.contains(id):
                context.error("leverage '\(move.id)' drops red line '\(id)', which no party has", at: location,
                              help: "name one of the parties' red lines")
            case .dropRedLine: break
            }
            if !move.cost.isFinite || move.cost < 0 {
                context.error("leverage '\(move.id)' costs \(move.cost); a cost is a finite number, 0 or more", at: location,
                              help: "give a cost of 0 or more")
            }
            checkProvenance(move.provenance, sources, at: location, &context)
        }
    }

    /// The agreement rule: a quota from 1 to the number of parties, veto parties that exist (once
    /// each), a threshold in (0, 1], positive finite weights for exactly the parties, a minimum
    /// number of parties from 1 to the number of parties.
    private func checkAgreement(_ draft: ScenarioDraft, _ context: inout DecodingContext) {
        let base = draft.locations.agreement ?? draft.fileStart
        func at(_ part: String) -> SourceLocation { draft.locations.map["agreement/\(part)"] ?? base }
        let ids = draft.parties.map(\.id)
        let n = ids.count
        let known = Set(ids)
        var seen = Set<Party.ID>()
        for (index, veto) in draft.agreement.vetoes.enumerated() {
            let place = draft.locations.map["agreement/vetoes/\(index)"] ?? at("vetoes")
            if !known.contains(veto) {
                let hint = DecodingContext.suggestion(for: veto.rawValue, among: ids.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
                context.error("the veto party '\(veto)' is not a party", at: place,
                              help: hint + "the parties: \(ids.map(\.rawValue).joined(separator: ", "))")
            } else if !seen.insert(veto).inserted {
                context.error("the veto party '\(veto)' is listed twice", at: place, help: "list each veto party once")
            }
        }
        switch draft.agreement {
        case .unanimity:
            break
        case .quota(let quota, let vetoes):
            if quota < 1 || quota > n {
                context.error("a quota of \(quota) with \(n.counted("party", "parties")): it must be from 1 to \(n)", at: at("quota"),
                              help: quota > n ? "lower the quota to at most \(n), or use 'rule: unanimity'" : "a package needs at least one party's consent")
            } else if Set(vetoes).count > quota {
                context.error("\(Set(vetoes).count) veto parties but a quota of \(quota): the vetoes alone exceed the quota", at: at("quota"),
                              help: "raise the quota to at least the number of veto parties")
            }
        case .weighted(let threshold, let weights, let minimum, _):
            if !(threshold > 0 && threshold <= 1) {
                context.error("a weighted rule's threshold of \(threshold.decimalText) is outside (0, 1]", at: at("threshold"),
                              help: "give the share of the total weight that must accept, e.g. 0.65")
            }
            if let minimum, minimum < 1 || minimum > n {
                context.error("a minimum of \(minimum) parties with \(n.counted("party", "parties")): it must be from 1 to \(n)",
                              at: at("minimumParties"), help: "give a number from 1 to \(n), or leave 'minimumParties' out")
            }
            switch weights {
            case .capability:
                let missing = draft.parties.filter { $0.capability == nil }.map(\.id.rawValue)
                if !missing.isEmpty {
                    context.error("'weights: capability' but \(missing.listed) \(missing.count == 1 ? "has" : "have") no capability", at: at("weights"),
                                  help: "give every party a 'capability', or state the weights as {party: number}")
                }
                for party in draft.parties {
                    if let capability = party.capability, !(capability.value > 0 && capability.value.isFinite) {
                        context.error("'weights: capability' needs positive capabilities; \(party.id)'s is \(capability)", at: at("weights"),
                                      help: "give \(party.id) a positive capability, or state the weights as {party: number}")
                    }
                }
            case .stated(let stated):
                var named = Set<Party.ID>()
                for weight in stated {
                    if !known.contains(weight.party) {
                        context.error("the rule weighs '\(weight.party)', which is not a party", at: at("weights/\(weight.party)"),
                                      help: "the parties: \(ids.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !(weight.weight > 0 && weight.weight.isFinite) {
                        context.error("\(weight.party)'s weight in the rule is \(weight.weight.decimalText); weights are positive numbers",
                                      at: at("weights/\(weight.party)"), help: "give a positive weight")
                    }
                    named.insert(weight.party)
                }
                let missing = ids.filter { !named.contains($0) }.map(\.rawValue)
                if !missing.isEmpty {
                    context.error("the rule's weights leave out \(missing.listed)", at: at("weights"),
                                  help: "give every party a weight (a party that should not count needs no place at the table)")
                }
            }
        }
    }

    private func checkProvenance(_ provenance: Provenance, _ sources: Set<Source.ID>, at location: SourceLocation,
                                 _ context: inout DecodingContext) {
        if let source = provenance.source, !sources.contains(source) {
            context.error("unknown source '\(source)'", at: location, help: "declare it under 'sources:'")
        }
    }
}

/// Ids seen so far in one list, reporting repeats with where the first one was written.
struct FirstSeen {
    let kind: String
    var scope: String?
    private var first: [String: SourceLocation] = [:]

    init(kind: String, scope: String? = nil) {
        self.kind = kind
        self.scope = scope
    }

    /// Every id seen.
    var ids: Set<String> { Set(first.keys) }

    /// Records `id`; reports it and returns false when it was seen before.
    @discardableResult
    mutating func check(_ id: String, at location: SourceLocation, _ context: inout DecodingContext) -> Bool {
        if let earlier = first[id] {
            let place = earlier.file == location.file ? "line \(earlier.line)" : "\(earlier.file):\(earlier.line)"
            context.error("duplicate \(kind) id '\(id)'\(scope.map { " in \($0)" } ?? "") (first declared at \(place))", at: location,
                          help: "give every \(kind) its own id (in an imported file, its own name)")
            return false
        }
        first[id] = location
        return true
    }
}
