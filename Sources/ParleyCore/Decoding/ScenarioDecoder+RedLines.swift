extension ScenarioDecoder {
    func decodeRedLines(_ partyID: String, _ node: DocumentNode, _ issues: [Issue],
                        _ context: inout DecodingContext, _ state: inout DecoderState) -> [RedLine] {
        guard let items = context.sequence(node, "the red lines of party '\(partyID)'") else { return [] }
        var redLines: [RedLine] = []
        for item in items {
            guard var fields = context.mapping(item, "a red line",
                                               allowed: ["id", "description", "forbid", "require", "if", "then"] + Self.provenanceKeys),
                  let idNode = fields.required("id", in: &context),
                  let id = context.identifier(idNode, "a red line id", declares: true) else { continue }
            fields.what = "red line '\(id)'"
            let isNew = state.redLineIDs.check(id, at: idNode.location, &context)
            let description = fields["description"].flatMap { context.text($0, "the red line's description") }
            if let then = fields.entry("then"), fields["if"] == nil {
                context.error("red line '\(id)' has 'then' without 'if'", at: then.key.location,
                              help: "add 'if:' with the conditions under which 'then' must hold")
                continue
            }
            let provenance = decodeProvenance(fields, &context, state)
            let present = ["forbid", "require", "if"].filter { fields[$0] != nil }
            var rule: RedLine.Rule?
            switch present {
            case ["forbid"]:
                rule = conditions(fields["forbid"]!, id, issues, &context, state).map { .forbid($0) }
            case ["require"]:
                rule = conditions(fields["require"]!, id, issues, &context, state).map { .require($0) }
            case ["if"]:
                guard let thenNode = fields.required("then", in: &context, help: "a linkage says 'if: {...}' and 'then: {...}'") else { continue }
                let conditionsIf = conditions(fields["if"]!, id, issues, &context, state)
                let conditionsThen = conditions(thenNode, id, issues, &context, state)
                if let conditionsIf, let conditionsThen { rule = .linkage(if: conditionsIf, then: conditionsThen) }
            case []:
                context.error("red line '\(id)' says nothing to forbid or require", at: fields.location,
                              help: "add 'forbid: {issue: option}', 'require: {issue: [options]}', or 'if:' with 'then:'")
                continue
            default:
                context.error("red line '\(id)' combines \(present.map { "'\($0)'" }.joined(separator: " and ")); a red line has one rule",
                              at: fields.location, help: "split it into one red line per rule")
                continue
            }
            guard let rule, isNew else { continue }
            state.locations.record("red-lines/\(id)", item.location)
            redLines.append(RedLine(id: RedLine.ID(id), description: description, rule: rule, provenance: provenance))
        }
        return redLines
    }

    /// Reads `{issue: condition, ...}`; a condition is an option id, a list of option ids, or a
    /// position interval `{min, max}`.
    private func conditions(_ node: DocumentNode, _ redLineID: String, _ issues: [Issue],
                            _ context: inout DecodingContext, _ state: DecoderState) -> [Condition]? {
        guard let byIssue = context.mapping(node, "the conditions of red line '\(redLineID)'") else { return nil }
        guard !byIssue.entries.isEmpty else {
            context.error("red line '\(redLineID)' has an empty condition", at: node.location,
                          help: "name at least one issue and its options")
            return nil
        }
        var result: [Condition] = []
        var valid = true
        for entry in byIssue.entries {
            guard let issue = issues.first(where: { $0.id.rawValue == entry.key.text }) else {
                reportUnknownIssue(entry.key.text, issues: issues, at: entry.key.location, &context, state)
                valid = false
                continue
            }
            if let condition = condition(entry.value, issue, redLineID, &context) { result.append(condition) } else { valid = false }
        }
        return valid ? result : nil
    }

    private func condition(_ node: DocumentNode, _ issue: Issue, _ redLineID: String,
                           _ context: inout DecodingContext) -> Condition? {
        var chosen = Set<Int>()
        let text: String
        var interval: PositionInterval?
        switch node.content {
        case .scalar:
            guard let name = context.identifier(node, "an option") else { return nil }
            guard let index = optionIndex(name, of: issue.options, kind: issue.kind) else {
                reportUnknownOption(name, issueID: issue.id.rawValue, options: issue.options, at: node.location, &context)
                return nil
            }
            chosen = [index]
            text = issue.options[index].id.rawValue
        case .sequence(let items):
            var names: [String] = []
            for item in items {
                guard let name = context.identifier(item, "an option") else { return nil }
                guard let index = optionIndex(name, of: issue.options, kind: issue.kind) else {
                    reportUnknownOption(name, issueID: issue.id.rawValue, options: issue.options, at: item.location, &context)
                    return nil
                }
                chosen.insert(index)
                names.append(issue.options[index].id.rawValue)
            }
            guard !names.isEmpty else {
                context.error("red line '\(redLineID)' lists no options for issue '\(issue.id)'", at: node.location,
                              help: "list at least one option")
                return nil
            }
            // In the issue's option order, so that the text does not depend on how the list was written.
            names = chosen.sorted().map { issue.options[$0].id.rawValue }
            text = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        case .mapping:
            guard let bounds = context.mapping(node, "a position interval", allowed: ["min", "max"]) else { return nil }
            guard issue.scale != nil else {
                context.error("red line '\(redLineID)' gives a position interval, but issue '\(issue.id)' is categorical",
                              at: node.location, help: "list the options instead")
                return nil
            }
            let low = bounds["min"].flatMap { context.number($0, "the interval's min") }
            let high = bounds["max"].flatMap { context.number($0, "the interval's max") }
            guard low != nil || high != nil else {
                context.error("a position interval needs 'min', 'max' or both", at: node.location,
                              help: "write e.g. {min: 50} or {min: 20, max: 60}")
                return nil
            }
            interval = PositionInterval(min: low, max: high)
            for (index, option) in issue.options.enumerated() {
                let position = option.position ?? 0
                if position >= (low ?? -.infinity) - 1e-9 && position <= (high ?? .infinity) + 1e-9 { chosen.insert(index) }
            }
            switch (low, high) {
            case let (low?, high?): text = "position \(low.decimalText)..\(high.decimalText)"
            case let (low?, nil): text = "position ≥ \(low.decimalText)"
            case let (nil, high?): text = "position ≤ \(high.decimalText)"
            default: text = ""
            }
            if chosen.isEmpty {
                context.warning("the interval of red line '\(redLineID)' matches no option of issue '\(issue.id)'",
                                at: node.location, help: "widen the interval")
            }
        }
        return Condition(issue: issue.id, options: chosen.sorted().map { issue.options[$0].id }, text: text, interval: interval)
    }

    func decodeProposals(_ node: DocumentNode, _ parties: [PartyHeader], _ issues: [Issue],
                         _ context: inout DecodingContext, _ state: inout DecoderState) -> [Proposal] {
        guard let items = context.sequence(node, "'proposals'") else { return [] }
        var proposals: [Proposal] = []
        var seen = FirstSeen(kind: "proposal")
        for item in items {
            guard var fields = context.mapping(item, "a proposal",
                                               allowed: ["id", "name", "proposer", "date", "package"] + Self.provenanceKeys),
                  let idNode = fields.required("id", in: &context),
                  let id = context.identifier(idNode, "a proposal id", declares: true) else { continue }
            fields.what = "proposal '\(id)'"
            let name = fields["name"].flatMap { context.text($0, "the proposal's name") } ?? id
            var proposer: Party.ID?
            if let node = fields["proposer"], let text = context.identifier(node, "the proposer") {
                if parties.contains(where: { $0.id.rawValue == text }) {
                    proposer = Party.ID(text)
                } else {
                    let ids = parties.map(\.id.rawValue)
                    let hint = DecodingContext.suggestion(for: text, among: ids)
                    context.error("proposal '\(id)' names proposer '\(text)', who is not a party", at: node.location,
                                  help: (hint.map { "did you mean '\($0)'? " } ?? "") + "the parties are: \(ids.joined(separator: ", "))")
                }
            }
            let provenance = decodeProvenance(fields, &context, state)
            // The id is checked before the package, so a duplicate is reported even when the package has errors.
            let isNew = seen.check(id, at: idNode.location, &context)
            guard let packageNode = fields.required("package", in: &context, help: "add 'package: {issue: option, ...}'"),
                  let package = decodePackage(id, packageNode, issues, &context, state), isNew else { continue }
            state.locations.record("proposals/\(id)", item.location)
            proposals.append(Proposal(id: Proposal.ID(id), name: name, proposer: proposer,
                                      date: fields["date"].flatMap { context.text($0, "the date") },
                                      provenance: provenance, package: package))
        }
        return proposals
    }

    private func decodePackage(_ proposalID: String, _ node: DocumentNode, _ issues: [Issue],
                               _ context: inout DecodingContext, _ state: DecoderState) -> Package? {
        guard let byIssue = context.mapping(node, "the package of proposal '\(proposalID)'") else { return nil }
        var options: [Int?] = issues.map { _ in nil }
        var valid = true
        for entry in byIssue.entries {
            guard let issueIndex = issues.firstIndex(where: { $0.id.rawValue == entry.key.text }) else {
                reportUnknownIssue(entry.key.text, issues: issues, at: entry.key.location, &context, state)
                valid = false
                continue
            }
            let issue = issues[issueIndex]
            guard let name = context.identifier(entry.value, "the option of issue '\(issue.id)'") else { valid = false; continue }
            guard let index = optionIndex(name, of: issue.options, kind: issue.kind) else {
                reportUnknownOption(name, issueID: issue.id.rawValue, options: issue.options, at: entry.value.location, &context)
                valid = false
                continue
            }
            options[issueIndex] = index
        }
        if byIssue.entries.isEmpty {
            context.warning("proposal '\(proposalID)' addresses no issue", at: node.location,
                            help: "name the option the proposal chooses for each issue it settles")
        }
        return valid ? Package(options: options) : nil
    }
}
