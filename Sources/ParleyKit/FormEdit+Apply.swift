import ParleyCore

/// One submitted form applied to a scenario, a concern at a time: what the fields changed, the
/// errors by field, and the changes in words (the version's default message).
struct EditSession {
    let edits: [String: String]
    var scenario: Scenario
    var errors: [String: String]
    var descriptions: [String]

    /// A field left empty is no value.
    func optional(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// Sources: edit, and add one.
    mutating func sources() {
        for index in scenario.sources.indices {
            let id = scenario.sources[index].id
            if let title = edits["source.\(id).title"] {
                if title.isEmpty { errors["source.\(id).title"] = "a source needs a title" } else { scenario.sources[index].title = title }
            }
            if let value = edits["source.\(id).publisher"] { scenario.sources[index].publisher = optional(value) }
            if let value = edits["source.\(id).date"] { scenario.sources[index].date = optional(value) }
            if let value = edits["source.\(id).url"] { scenario.sources[index].url = optional(value) }
            if ["title", "publisher", "date", "url"].contains(where: { edits["source.\(id).\($0)"] != nil }) { descriptions.append("source \(id) edited") }
        }
        if let id = edits["source+.id"], !id.isEmpty {
            if !FormEdit.isIdentifier(id) {
                errors["source+.id"] = PortableID.rule
            } else if scenario.sources.contains(where: { $0.id.rawValue == id }) {
                errors["source+.id"] = "there is a source '\(id)' already"
            } else if (edits["source+.title"] ?? "").isEmpty {
                errors["source+.title"] = "a new source needs a title"
            } else {
                scenario.sources.append(Source(id: Source.ID(id), title: edits["source+.title"]!, publisher: edits["source+.publisher"].flatMap(optional),
                                               date: edits["source+.date"].flatMap(optional), url: edits["source+.url"].flatMap(optional)))
                descriptions.append("source \(id) added")
            }
        } else if ["title", "publisher", "date", "url"].contains(where: { !(edits["source+.\($0)"] ?? "").isEmpty }) {
            errors["source+.id"] = "give the new source an id"
        }
    }

    /// Parties: names and the reservation value's provenance.
    mutating func parties() {
        for index in scenario.parties.indices {
            let id = scenario.parties[index].id
            if let name = edits["\(id).name"] {
                if name.isEmpty { errors["\(id).name"] = "a party needs a name" } else {
                    scenario.parties[index].name = name
                    descriptions.append("\(id) renamed \(name)")
                }
            }
            for i in scenario.issues.indices {
                guard var stance = scenario.parties[index].preferences.stances[i] else { continue }
                let key = "\(id).stance.\(scenario.issues[i].id)"
                var changed = false
                if let source = edits["\(key).source"] { stance.provenance.source = source.isEmpty ? nil : Source.ID(source); changed = true }
                if let quote = edits["\(key).quote"] { stance.provenance.quote = optional(quote); changed = true }
                if let confidence = edits["\(key).confidence"] { stance.provenance.confidence = Confidence(rawValue: confidence); changed = true }
                guard changed else { continue }
                if stance.provenance.quote != nil, stance.provenance.source == nil {
                    errors["\(key).source"] = "a quote needs its source; choose one (or add it under Sources)"
                }
                scenario.parties[index].preferences.stances[i] = stance
                descriptions.append("\(id)'s stance on \(scenario.issues[i].id): source, quote or confidence edited")
            }
            var provenance = scenario.parties[index].preferences.reservationProvenance
            var changed = false
            if let source = edits["\(id).reservation.source"] {
                provenance.source = source.isEmpty ? nil : Source.ID(source)
                changed = true
            }
            if let quote = edits["\(id).reservation.quote"] { provenance.quote = optional(quote); changed = true }
            if let confidence = edits["\(id).reservation.confidence"] { provenance.confidence = Confidence(rawValue: confidence); changed = true }
            if changed {
                if provenance.quote != nil, provenance.source == nil {
                    errors["\(id).reservation.source"] = "a quote needs its source; choose one (or add it under Sources)"
                }
                scenario.parties[index].preferences.reservationProvenance = provenance
                descriptions.append("\(id)'s reservation value: source, quote or confidence edited")
            }
        }
    }

    /// The agreement rule.
    mutating func rule() {
        let ruleKeys = ["agreement.rule", "agreement.quota", "agreement.threshold", "agreement.minimumParties"]
        if ruleKeys.contains(where: { edits[$0] != nil }) || edits.keys.contains(where: { $0.hasPrefix("veto.") }) {
            var vetoes = scenario.agreement.vetoes
            for party in scenario.parties {
                switch edits["veto.\(party.id)"] {
                case "on": if !vetoes.contains(party.id) { vetoes.append(party.id) }
                case "off": vetoes.removeAll { $0 == party.id }
                default: break
                }
            }
            vetoes = scenario.parties.map(\.id).filter(vetoes.contains)
            let current = FormEdit.fields(scenario)
            func value(_ key: String) -> String { edits[key] ?? current.first { $0.name == key }?.value ?? "" }
            let n = scenario.parties.count
            switch value("agreement.rule") {
            case "quota":
                if let quota = Int(value("agreement.quota")), (1...n).contains(quota) {
                    if vetoes.count > quota { errors["agreement.quota"] = "\(vetoes.count) parties hold a veto: the quota must be at least \(vetoes.count)" }
                    else { scenario.agreement = .quota(quota, vetoes: vetoes) }
                } else {
                    errors["agreement.quota"] = "a quota is a whole number of parties from 1 to \(n)"
                }
            case "weighted":
                let minimumText = value("agreement.minimumParties")
                let minimum = Int(minimumText)
                if let threshold = Double(value("agreement.threshold")), threshold > 0, threshold <= 1 {
                    if !minimumText.isEmpty, minimum.map({ !(1...n).contains($0) }) ?? true {
                        errors["agreement.minimumParties"] = "a whole number of parties from 1 to \(n), or empty"
                    } else if let missing = scenario.parties.first(where: { $0.capability == nil }) {
                        errors["agreement.rule"] = "a weighted rule weighs parties by capability, and \(missing.name) has none (state the weights in the YAML view)"
                    } else {
                        var weights = RuleWeights.capability
                        if case .weighted(_, let stated, _, _) = scenario.agreement { weights = stated }
                        scenario.agreement = .weighted(threshold: threshold, weights: weights, minimumParties: minimum, vetoes: vetoes)
                    }
                } else {
                    errors["agreement.threshold"] = "a threshold is a share of the weight, above 0 and at most 1"
                }
            default:
                scenario.agreement = .unanimity
            }
            descriptions.append("the agreement rule: \(scenario.agreement)")
        }
    }

    /// Issues and options.
    mutating func issues() {
        for i in scenario.issues.indices {
            let issue = scenario.issues[i]
            if let name = edits["issue.\(issue.id).name"] {
                if name.isEmpty { errors["issue.\(issue.id).name"] = "an issue needs a name" } else {
                    scenario.issues[i].name = name
                    descriptions.append("issue \(issue.id) renamed")
                }
            }
            var moved = false
            for o in issue.options.indices where issue.kind == .ordered {
                let key = "option.\(issue.id).\(issue.options[o].id).position"
                guard let text = edits[key] else { continue }
                guard let position = Double(text), position.isFinite, (0...100).contains(position) else {
                    errors[key] = "a position is a number from 0 to 100"
                    continue
                }
                scenario.issues[i].options[o].position = position
                moved = true
                descriptions.append("option \(issue.id).\(issue.options[o].id) moved to \(position.decimalText)")
            }
            // Values that follow from an ideal position follow the options' new positions.
            if moved, let scale = scenario.issues[i].scale {
                for p in scenario.parties.indices {
                    guard let ideal = scenario.parties[p].preferences.stances[i]?.ideal else { continue }
                    scenario.parties[p].preferences.stances[i]?.values = ScenarioDecoder.values(fromIdeal: ideal, options: scenario.issues[i].options, scale: scale)
                }
            }
            for o in issue.options.indices {
                let key = "option.\(issue.id).\(issue.options[o].id).name"
                guard let name = edits[key] else { continue }
                if name.isEmpty { errors[key] = "an option needs a name" } else {
                    scenario.issues[i].options[o].name = name
                    descriptions.append("option \(issue.id).\(issue.options[o].id) renamed")
                }
            }
            if let id = edits["option+.\(issue.id).id"].flatMap(optional) {
                if !FormEdit.isIdentifier(id) {
                    errors["option+.\(issue.id).id"] = PortableID.rule
                } else if issue.options.contains(where: { $0.id.rawValue == id }) {
                    errors["option+.\(issue.id).id"] = "issue \(issue.id) has an option '\(id)' already"
                } else {
                    scenario.issues[i].options.append(Option(id: Option.ID(id), name: edits["option+.\(issue.id).name"].flatMap(optional) ?? id))
                    for p in scenario.parties.indices {
                        if var stance = scenario.parties[p].preferences.stances[i] {
                            stance.values.append(Estimate(0))
                            scenario.parties[p].preferences.stances[i] = stance
                        }
                    }
                    descriptions.append("option \(issue.id).\(id) added (worth 0 to every party until its values are set)")
                }
            } else if edits["option+.\(issue.id).name"].flatMap(optional) != nil {
                errors["option+.\(issue.id).id"] = "give the new option an id"
            }
        }
    }

    /// The conflict.
    mutating func conflict() {
        if var conflict = scenario.conflict {
            var changed = false
            func lines(_ text: String) -> [String] {
                text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            }
            func statements(_ key: String, _ text: String) -> [PreferenceStatement]? {
                var result: [PreferenceStatement] = []
                for line in lines(text) {
                    switch conflict.statement(line) {
                    case .success(let statement): result.append(statement)
                    case .failure(let problem):
                        errors[key] = "'\(line)': \(problem.message)" + (problem.help.map { " (\($0))" } ?? "")
                        return nil
                    }
                }
                return result
            }
            for (index, maker) in conflict.decisionMakers.enumerated() {
                let id = maker.id ?? maker.name
                if let text = edits["conflict.\(id).preferences"], case .prioritized(let old) = maker.preferences,
                   let new = statements("conflict.\(id).preferences", text) {
                    // A statement kept keeps its source and quote.
                    let sources = Dictionary(zip(old.map { conflict.text(of: $0) }, maker.statementProvenance), uniquingKeysWith: { a, _ in a })
                    conflict.decisionMakers[index].preferences = .prioritized(new)
                    conflict.decisionMakers[index].statementProvenance = new.map { sources[conflict.text(of: $0)] ?? Provenance() }
                    changed = true
                }
                if let text = edits["conflict.\(id).misperceives"], let new = statements("conflict.\(id).misperceives", text) {
                    var patterns: [OptionPattern] = []
                    for statement in new {
                        switch statement {
                        case .all(let pattern): patterns.append(pattern)
                        case .any(let list): patterns += list
                        default: errors["conflict.\(id).misperceives"] = "a misperceived combination is options joined by & and |, not IF/IFF"
                        }
                    }
                    conflict.decisionMakers[index].misperceptions = patterns
                    changed = true
                }
                for (otherIndex, other) in conflict.decisionMakers.enumerated() where otherIndex != index {
                    let key = "conflict.\(id).believes.\(other.id ?? other.name)"
                    guard let text = edits[key], let new = statements(key, text) else { continue }
                    let kept = conflict.decisionMakers[index].beliefs.first { $0.about == otherIndex }?.provenance ?? Provenance()
                    conflict.decisionMakers[index].beliefs.removeAll { $0.about == otherIndex }
                    if !new.isEmpty {
                        conflict.decisionMakers[index].beliefs.append(Belief(about: otherIndex, preferences: .prioritized(new), provenance: kept))
                    }
                    changed = true
                }
            }
            if changed {
                scenario.conflict = conflict
                descriptions.append("the conflict's preferences, misperceptions or beliefs edited")
            }
        }
    }

    /// Leverage moves removed and added.
    mutating func leverage() {
        let removedMoves = scenario.leverage.filter { edits["leverage.\($0.id).remove"] != nil }.map(\.id.rawValue)
        if !removedMoves.isEmpty {
            scenario.leverage.removeAll { removedMoves.contains($0.id.rawValue) }
            descriptions.append("leverage move(s) \(removedMoves.joined(separator: ", ")) removed")
        }
        if let id = edits["leverage+.id"].flatMap(optional) {
            let party = edits["leverage+.party"].flatMap(optional), change = edits["leverage+.change"].flatMap(optional)
            let redLine = edits["leverage+.dropRedLine"].flatMap(optional)
            if !FormEdit.isIdentifier(id) {
                errors["leverage+.id"] = PortableID.rule
            } else if scenario.leverage.contains(where: { $0.id.rawValue == id }) {
                errors["leverage+.id"] = "there is a leverage move '\(id)' already"
            } else if let redLine, party == nil, change == nil {
                scenario.leverage.append(Leverage(id: Leverage.ID(id), name: edits["leverage+.name"].flatMap(optional) ?? id,
                                                  by: edits["leverage+.by"].flatMap(optional).map { Party.ID($0) },
                                                  effect: .dropRedLine(RedLine.ID(redLine)), cost: 1, provenance: newProvenance("leverage+")))
                descriptions.append("leverage move \(id) added")
            } else if let party, let change, redLine == nil {
                let numbers = change.filter { $0 != "[" && $0 != "]" }.split(separator: ",")
                    .compactMap { Double(String($0).trimmingWhitespace()) }
                let estimate: Estimate? = numbers.count == 1 ? Estimate(numbers[0])
                    : numbers.count == 2 && numbers[0] <= numbers[1] ? Estimate(low: numbers[0], high: numbers[1]) : nil
                if let estimate, estimate.low.isFinite, estimate.high.isFinite {
                    scenario.leverage.append(Leverage(id: Leverage.ID(id), name: edits["leverage+.name"].flatMap(optional) ?? id,
                                                      by: edits["leverage+.by"].flatMap(optional).map { Party.ID($0) },
                                                      effect: .reservation(party: Party.ID(party), change: estimate), cost: abs(estimate.value),
                                                      provenance: newProvenance("leverage+")))
                    descriptions.append("leverage move \(id) added")
                } else {
                    errors["leverage+.change"] = "'\(change)' is not a number or a range [low, high]"
                }
            } else {
                errors["leverage+.id"] = "a move either changes a party's reservation value (party and amount) or drops a red line, not both"
            }
        } else if ["name", "party", "change", "dropRedLine", "quote"].contains(where: { edits["leverage+.\($0)"].flatMap(optional) != nil }) {
            errors["leverage+.id"] = "give the new move an id"
        }
    }

    /// The source, quote and confidence given for a new part (`PREFIX.source`, `.quote`,
    /// `.confidence`); a quote without its source is an error at the source.
    mutating func newProvenance(_ prefix: String) -> Provenance {
        let source = edits["\(prefix).source"].flatMap(optional).map { Source.ID($0) }
        let quote = edits["\(prefix).quote"].flatMap(optional)
        if quote != nil, source == nil { errors["\(prefix).source"] = "a quote needs its source; choose one (or add it under Sources)" }
        return Provenance(source: source, quote: quote, confidence: edits["\(prefix).confidence"].flatMap(optional).flatMap(Confidence.init(rawValue:)))
    }

    /// Red lines dropped.
    mutating func droppedRedLines() {
        for index in scenario.parties.indices {
            let before = scenario.parties[index].preferences.redLines.count
            scenario.parties[index].preferences.redLines.removeAll { edits["drop.\($0.id)"] != nil }
            if scenario.parties[index].preferences.redLines.count != before {
                descriptions.append("\(before - scenario.parties[index].preferences.redLines.count) red line(s) of \(scenario.parties[index].id) dropped")
            }
        }
    }

    /// Proposals.
    mutating func proposals() {
        for index in scenario.proposals.indices {
            let id = scenario.proposals[index].id
            if let name = edits["proposal.\(id).name"] {
                if name.isEmpty { errors["proposal.\(id).name"] = "a proposal needs a name" } else {
                    scenario.proposals[index].name = name
                    descriptions.append("proposal \(id) renamed")
                }
            }
        }
        let removed = scenario.proposals.filter { edits["proposal.\($0.id).remove"] != nil }.map(\.id.rawValue)
        if !removed.isEmpty {
            scenario.proposals.removeAll { removed.contains($0.id.rawValue) }
            descriptions.append("proposal(s) \(removed.joined(separator: ", ")) removed")
        }
        let chosen = scenario.issues.map { issue in edits["proposal+.issue.\(issue.id)"].flatMap { optional($0) } }
        if let id = edits["proposal+.id"], !id.isEmpty {
            if !FormEdit.isIdentifier(id) {
                errors["proposal+.id"] = PortableID.rule
            } else if scenario.proposals.contains(where: { $0.id.rawValue == id }) {
                errors["proposal+.id"] = "there is a proposal '\(id)' already"
            } else if chosen.allSatisfy({ $0 == nil }) {
                errors["proposal+.id"] = "choose an option for at least one issue"
            } else {
                let options = zip(scenario.issues, chosen).map { issue, option in option.flatMap { id in issue.options.firstIndex { $0.id.rawValue == id } } }
                scenario.proposals.append(Proposal(id: Proposal.ID(id), name: edits["proposal+.name"].flatMap(optional) ?? id,
                                                   proposer: edits["proposal+.proposer"].flatMap(optional).map { Party.ID($0) },
                                                   provenance: newProvenance("proposal+"), package: Package(options: options)))
                descriptions.append("proposal \(id) added")
            }
        } else if chosen.contains(where: { $0 != nil }) || !(edits["proposal+.name"] ?? "").isEmpty {
            errors["proposal+.id"] = "give the new proposal an id"
        }
    }
}
