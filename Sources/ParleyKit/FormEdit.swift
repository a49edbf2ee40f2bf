import ParleyCore
import ParleyFormats

/// The workspace's form editor: a scenario's judgments as named fields, and a submitted form
/// turned into a new scenario text through the same changes and the same validator as the command
/// line.
///
/// The fields: each source (title, publisher, date, address) and a new one; each party's name,
/// reservation value with its source, quote and confidence, weights and option values (numbers or
/// `[low, high]` ranges), and a switch per red line to drop it; each proposal's name and a switch
/// to remove it; and a new proposal built from one choice per issue. Numbers are named by their
/// `parley whatif --set` target (`PARTY.reservation`, `PARTY.weight.ISSUE`,
/// `PARTY.value.ISSUE.OPTION`).
public struct FormEdit: Sendable {
    public enum Kind: Sendable, Hashable {
        case text, number, longText, checkbox
        case choice([Choice])
    }

    public struct Choice: Sendable, Hashable {
        public var value: String
        public var label: String
    }

    public struct Field: Sendable, Hashable {
        public var name: String
        public var label: String
        public var value: String
        /// The fieldset the field belongs to ("Sources", a party's name, "Proposals", "New proposal").
        public var group: String
        public var kind: Kind
        public var isCheckbox: Bool { kind == .checkbox }
    }

    /// What a submitted form gave: a new text to store, or errors by field and diagnostics.
    public struct Outcome: Sendable {
        public var text: String?
        public var fieldErrors: [String: String]
        public var diagnostics: [Diagnostic]
        public var changes: [String]
    }

    public init() {}

    static let assumption = ""

    /// The fields of `scenario` with their current values.
    public static func fields(_ scenario: Scenario) -> [Field] {
        var fields: [Field] = []
        let sources = [Choice(value: assumption, label: "(the analyst's assumption)")]
            + scenario.sources.map { Choice(value: $0.id.rawValue, label: "\($0.id): \($0.title)") }
        let confidences = [Choice(value: "", label: "(not stated)")] + Confidence.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue) }
        for source in scenario.sources {
            let group = "Sources"
            fields.append(Field(name: "source.\(source.id).title", label: "\(source.id): title", value: source.title, group: group, kind: .text))
            fields.append(Field(name: "source.\(source.id).publisher", label: "\(source.id): publisher", value: source.publisher ?? "", group: group, kind: .text))
            fields.append(Field(name: "source.\(source.id).date", label: "\(source.id): date", value: source.date ?? "", group: group, kind: .text))
            fields.append(Field(name: "source.\(source.id).url", label: "\(source.id): address", value: source.url ?? "", group: group, kind: .text))
        }
        for (name, label) in [("id", "New source: id"), ("title", "New source: title"), ("publisher", "New source: publisher"),
                              ("date", "New source: date"), ("url", "New source: address")] {
            fields.append(Field(name: "source+.\(name)", label: label, value: "", group: "Sources", kind: .text))
        }
        // Issues and options: names, and a new option for a categorical issue (worth 0 to every party
        // until its values are set).
        for issue in scenario.issues {
            let group = "Issue \(issue.id)"
            fields.append(Field(name: "issue.\(issue.id).name", label: "Name", value: issue.name, group: group, kind: .text))
            for option in issue.options {
                fields.append(Field(name: "option.\(issue.id).\(option.id).name", label: "Option \(option.id)", value: option.name, group: group, kind: .text))
            }
            if issue.kind == .categorical {
                fields.append(Field(name: "option+.\(issue.id).id", label: "New option: id", value: "", group: group, kind: .text))
                fields.append(Field(name: "option+.\(issue.id).name", label: "New option: name", value: "", group: group, kind: .text))
            }
        }
        for party in scenario.parties {
            let group = "\(party.name) (\(party.id))"
            let reservation = party.preferences.reservationProvenance
            fields.append(Field(name: "\(party.id).name", label: "Name", value: party.name, group: group, kind: .text))
            fields.append(Field(name: "\(party.id).reservation", label: "Reservation value", value: text(party.preferences.reservation),
                                group: group, kind: .number))
            fields.append(Field(name: "\(party.id).reservation.source", label: "Reservation value: source",
                                value: reservation.source?.rawValue ?? assumption, group: group, kind: .choice(sources)))
            fields.append(Field(name: "\(party.id).reservation.quote", label: "Reservation value: quote", value: reservation.quote ?? "",
                                group: group, kind: .longText))
            fields.append(Field(name: "\(party.id).reservation.confidence", label: "Reservation value: confidence",
                                value: reservation.confidence?.rawValue ?? "", group: group, kind: .choice(confidences)))
            for (index, issue) in scenario.issues.enumerated() {
                guard let stance = party.preferences.stances[index] else { continue }
                fields.append(Field(name: "\(party.id).weight.\(issue.id)", label: "Weight of \(issue.name)", value: text(stance.weight),
                                    group: group, kind: .number))
                for (option, value) in zip(issue.options, stance.values) {
                    fields.append(Field(name: "\(party.id).value.\(issue.id).\(option.id)", label: "\(issue.name): \(option.name)",
                                        value: text(value), group: group, kind: .number))
                }
            }
            for redLine in party.preferences.redLines {
                fields.append(Field(name: "drop.\(redLine.id)", label: "Drop red line \(redLine.id)\(redLine.description.map { ": \($0)" } ?? "")",
                                    value: "", group: group, kind: .checkbox))
            }
            // A new red line: a combination the party refuses (one option of one issue).
            let forbidden = [Choice(value: "", label: "(none)")] + scenario.issues.flatMap { issue in
                issue.options.map { Choice(value: "\(issue.id)=\($0.id)", label: "\(issue.name): \($0.name)") }
            }
            fields.append(Field(name: "redline+.\(party.id).forbid", label: "New red line: refuses", value: "", group: group, kind: .choice(forbidden)))
            fields.append(Field(name: "redline+.\(party.id).description", label: "New red line: in words", value: "", group: group, kind: .text))
            fields.append(Field(name: "redline+.\(party.id).quote", label: "New red line: quote", value: "", group: group, kind: .longText))
            fields.append(Field(name: "redline+.\(party.id).source", label: "New red line: source", value: assumption, group: group,
                                kind: .choice(sources)))
        }
        // Leverage: remove a move, or add one that shifts a reservation value or drops a red line.
        for move in scenario.leverage {
            fields.append(Field(name: "leverage.\(move.id).remove", label: "Remove leverage move \(move.id): \(move.name)", value: "",
                                group: "Leverage", kind: .checkbox))
        }
        let partyChoices = [Choice(value: "", label: "(nobody)")] + scenario.parties.map { Choice(value: $0.id.rawValue, label: $0.name) }
        let redLineChoices = [Choice(value: "", label: "(none)")] + scenario.parties.flatMap { party in
            party.preferences.redLines.map { Choice(value: $0.id.rawValue, label: "\(party.name): \($0.description ?? $0.id.rawValue)") }
        }
        fields.append(Field(name: "leverage+.id", label: "New move: id", value: "", group: "Leverage", kind: .text))
        fields.append(Field(name: "leverage+.name", label: "New move: name", value: "", group: "Leverage", kind: .text))
        fields.append(Field(name: "leverage+.by", label: "New move: applied by", value: "", group: "Leverage", kind: .choice(partyChoices)))
        fields.append(Field(name: "leverage+.party", label: "New move: whose reservation value changes", value: "", group: "Leverage",
                            kind: .choice(partyChoices)))
        fields.append(Field(name: "leverage+.change", label: "New move: by how much (negative: lowered; a number or [low, high])", value: "",
                            group: "Leverage", kind: .text))
        fields.append(Field(name: "leverage+.dropRedLine", label: "New move: or the red line it drops", value: "", group: "Leverage",
                            kind: .choice(redLineChoices)))
        // Who must agree.
        let rule = scenario.agreement
        var quota = "", threshold = "", minimum = ""
        switch rule {
        case .unanimity: break
        case .quota(let q, _): quota = String(q)
        case .weighted(let t, _, let m, _):
            threshold = t.decimalText
            minimum = m.map(String.init) ?? ""
        }
        let rules = [Choice(value: "unanimity", label: "Unanimity: every party must accept"),
                     Choice(value: "quota", label: "Quota: at least a number of parties"),
                     Choice(value: "weighted", label: "Weighted: a share of the weight (by capability)")]
        fields.append(Field(name: "agreement.rule", label: "Rule", value: rule.name, group: "Who must agree", kind: .choice(rules)))
        fields.append(Field(name: "agreement.quota", label: "Quota (parties that must accept)", value: quota, group: "Who must agree", kind: .text))
        fields.append(Field(name: "agreement.threshold", label: "Threshold (share of the weight, 0 to 1)", value: threshold,
                            group: "Who must agree", kind: .text))
        fields.append(Field(name: "agreement.minimumParties", label: "Minimum number of parties (weighted, optional)", value: minimum,
                            group: "Who must agree", kind: .text))
        let vetoes = Set(rule.vetoes)
        for party in scenario.parties {
            fields.append(Field(name: "veto.\(party.id)", label: "\(party.name) holds a veto", value: vetoes.contains(party.id) ? "on" : "",
                                group: "Who must agree", kind: .checkbox))
        }
        // The conflict (moves and threats): each decision maker's prioritised statements, the states it
        // does not perceive, and what it believes the others prefer, one statement a line.
        if let conflict = scenario.conflict {
            for maker in conflict.decisionMakers {
                let id = maker.id ?? maker.name
                let group = "Moves and threats: \(maker.name)"
                if case .prioritized(let statements) = maker.preferences {
                    fields.append(Field(name: "conflict.\(id).preferences", label: "Preferences, most important first (one statement a line: a & -b, a | b, a IF b, a IFF b)",
                                        value: statements.map { conflict.text(of: $0) }.joined(separator: "\n"), group: group, kind: .longText))
                }
                fields.append(Field(name: "conflict.\(id).misperceives", label: "States it does not perceive (one combination a line)",
                                    value: maker.misperceptions.map { conflict.text(of: $0) }.joined(separator: "\n"), group: group, kind: .longText))
                for (otherIndex, other) in conflict.decisionMakers.enumerated() where other != maker {
                    let belief = maker.beliefs.first { $0.about == otherIndex }
                    var value = ""
                    if case .prioritized(let statements)? = belief?.preferences { value = statements.map { conflict.text(of: $0) }.joined(separator: "\n") }
                    guard belief == nil || !value.isEmpty else { continue }   // a believed ranking is edited in the YAML view
                    fields.append(Field(name: "conflict.\(id).believes.\(other.id ?? other.name)",
                                        label: "What it believes \(other.name) prefers (statements; empty: no belief)",
                                        value: value, group: group, kind: .longText))
                }
            }
        }
        for proposal in scenario.proposals {
            fields.append(Field(name: "proposal.\(proposal.id).name", label: "\(proposal.id): name", value: proposal.name, group: "Proposals", kind: .text))
            fields.append(Field(name: "proposal.\(proposal.id).remove", label: "Remove proposal \(proposal.id)", value: "", group: "Proposals",
                                kind: .checkbox))
        }
        let parties = [Choice(value: "", label: "(nobody)")] + scenario.parties.map { Choice(value: $0.id.rawValue, label: $0.name) }
        fields.append(Field(name: "proposal+.id", label: "Id (letters, digits, dashes)", value: "", group: "New proposal", kind: .text))
        fields.append(Field(name: "proposal+.name", label: "Name", value: "", group: "New proposal", kind: .text))
        fields.append(Field(name: "proposal+.proposer", label: "Proposed by", value: "", group: "New proposal", kind: .choice(parties)))
        for issue in scenario.issues {
            let options = [Choice(value: "", label: "(not addressed)")] + issue.options.map { Choice(value: $0.id.rawValue, label: $0.name) }
            fields.append(Field(name: "proposal+.issue.\(issue.id)", label: issue.name, value: "", group: "New proposal", kind: .choice(options)))
        }
        return fields
    }

    /// A number as the form shows it: `0.4`, or `[0.3, 0.5]` for a range.
    public static func text(_ estimate: Estimate) -> String {
        estimate.isUncertain ? "[\(estimate.low.decimalText), \(estimate.high.decimalText)]" : estimate.value.decimalText
    }

    /// Applies the fields of `submitted` that differ from `loaded`'s current values.
    public func callAsFunction(_ loaded: LoadedScenario, submitted: [String: String]) -> Outcome {
        let original = loaded.scenario
        var numeric: [(field: String, change: ScenarioChange)] = []
        var edits: [(field: String, value: String)] = []
        var errors: [String: String] = [:]
        var descriptions: [String] = []
        for field in Self.fields(original) {
            // Browsers send a text area's lines with CRLF: compared without the CRs.
            let value = submitted[field.name].map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0 != "\r" })).trimmingWhitespace() }
            switch field.kind {
            case .checkbox:
                // A switch with a current value (a veto) is an edit when it changes either way;
                // the others (drop, remove) act when ticked.
                if field.name.hasPrefix("veto.") {
                    if (value != nil) != (field.value == "on") { edits.append((field.name, value != nil ? "on" : "off")) }
                } else if value != nil {
                    edits.append((field.name, "on"))
                }
            case .number:
                guard let value, value != field.value else { continue }
                do { numeric.append((field.name, try WhatIf.parseSetting("\(field.name)=\(value)"))) } catch {
                    errors[field.name] = "'\(value)' is not a number or a range [low, high]"
                }
            default:
                guard let value, value != field.value else { continue }
                edits.append((field.name, value))
            }
        }
        // Each number on its own first, so an error is shown next to its field.
        for (field, change) in numeric where errors[field] == nil {
            do { _ = try original.applying([change]) } catch { errors[field] = error.message }
        }
        var scenario = original
        if errors.isEmpty, !numeric.isEmpty {
            do { scenario = try original.applying(numeric.map(\.change)) } catch { errors[numeric[0].field] = error.message }
            descriptions += numeric.map { "\($0.change)" }
        }
        let editsByName = Dictionary(edits, uniquingKeysWith: { _, last in last })
        apply(editsByName, to: &scenario, errors: &errors, descriptions: &descriptions)
        guard errors.isEmpty else { return Outcome(text: nil, fieldErrors: errors, diagnostics: [], changes: descriptions) }
        guard !descriptions.isEmpty else {
            return Outcome(text: nil, fieldErrors: [:], diagnostics: [Diagnostic(.error, "nothing was changed", at: nil,
                                                                                  help: "change a value, then save")], changes: [])
        }
        do {
            let text = try ParleyWriter.yaml(scenario)
            // The same validator as every file: the written text must read back.
            _ = try LoadedScenario.read(text, file: loaded.file)
            return Outcome(text: text, fieldErrors: [:], diagnostics: [], changes: descriptions)
        } catch let error as DiagnosticError {
            return Outcome(text: nil, fieldErrors: [:], diagnostics: error.diagnostics, changes: descriptions)
        } catch {
            return Outcome(text: nil, fieldErrors: [:], diagnostics: [Diagnostic(.error, "\(error)", at: nil)], changes: descriptions)
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"#, options: .regularExpression) != nil
    }

    func apply(_ edits: [String: String], to scenario: inout Scenario, errors: inout [String: String], descriptions: inout [String]) {
        func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
        // Sources.
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
            if !Self.isIdentifier(id) {
                errors["source+.id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
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
        // Parties: names and the reservation value's provenance.
        for index in scenario.parties.indices {
            let id = scenario.parties[index].id
            if let name = edits["\(id).name"] {
                if name.isEmpty { errors["\(id).name"] = "a party needs a name" } else {
                    scenario.parties[index].name = name
                    descriptions.append("\(id) renamed \(name)")
                }
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
        // The agreement rule.
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
            let current = Self.fields(scenario)
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
        // Issues and options.
        for i in scenario.issues.indices {
            let issue = scenario.issues[i]
            if let name = edits["issue.\(issue.id).name"] {
                if name.isEmpty { errors["issue.\(issue.id).name"] = "an issue needs a name" } else {
                    scenario.issues[i].name = name
                    descriptions.append("issue \(issue.id) renamed")
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
                if !Self.isIdentifier(id) {
                    errors["option+.\(issue.id).id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
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
        // The conflict.
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
        // New red lines.
        for index in scenario.parties.indices {
            let party = scenario.parties[index].id
            guard let forbid = edits["redline+.\(party).forbid"].flatMap(optional) else {
                if edits["redline+.\(party).description"].flatMap(optional) != nil || edits["redline+.\(party).quote"].flatMap(optional) != nil {
                    errors["redline+.\(party).forbid"] = "choose what the new red line refuses"
                }
                continue
            }
            let parts = forbid.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let issue = scenario.issues.first(where: { $0.id.rawValue == parts[0] }),
                  let option = issue.options.first(where: { $0.id.rawValue == parts[1] }) else {
                errors["redline+.\(party).forbid"] = "choose an option of an issue"
                continue
            }
            let existing = Set(scenario.parties.flatMap { $0.preferences.redLines.map(\.id.rawValue) })
            var number = scenario.parties[index].preferences.redLines.count + 1
            var id = "\(party.rawValue.lowercased())-no-\(option.id.rawValue)"
            while existing.contains(id) { number += 1; id = "\(party.rawValue.lowercased())-no-\(option.id.rawValue)-\(number)" }
            let source = edits["redline+.\(party).source"].flatMap(optional).map { Source.ID($0) }
            let quote = edits["redline+.\(party).quote"].flatMap(optional)
            if quote != nil, source == nil {
                errors["redline+.\(party).source"] = "a quote needs its source; choose one (or add it under Sources)"
                continue
            }
            scenario.parties[index].preferences.redLines.append(RedLine(
                id: RedLine.ID(id), description: edits["redline+.\(party).description"].flatMap(optional),
                rule: .forbid([Condition(issue: issue.id, options: [option.id], text: option.id.rawValue)]),
                provenance: Provenance(source: source, quote: quote)))
            descriptions.append("\(party)'s red line \(id) added")
        }
        // Leverage moves removed and added.
        let removedMoves = scenario.leverage.filter { edits["leverage.\($0.id).remove"] != nil }.map(\.id.rawValue)
        if !removedMoves.isEmpty {
            scenario.leverage.removeAll { removedMoves.contains($0.id.rawValue) }
            descriptions.append("leverage move(s) \(removedMoves.joined(separator: ", ")) removed")
        }
        if let id = edits["leverage+.id"].flatMap(optional) {
            let party = edits["leverage+.party"].flatMap(optional), change = edits["leverage+.change"].flatMap(optional)
            let redLine = edits["leverage+.dropRedLine"].flatMap(optional)
            if !Self.isIdentifier(id) {
                errors["leverage+.id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
            } else if scenario.leverage.contains(where: { $0.id.rawValue == id }) {
                errors["leverage+.id"] = "there is a leverage move '\(id)' already"
            } else if let redLine, party == nil, change == nil {
                scenario.leverage.append(Leverage(id: Leverage.ID(id), name: edits["leverage+.name"].flatMap(optional) ?? id,
                                                  by: edits["leverage+.by"].flatMap(optional).map { Party.ID($0) },
                                                  effect: .dropRedLine(RedLine.ID(redLine)), cost: 1))
                descriptions.append("leverage move \(id) added")
            } else if let party, let change, redLine == nil {
                let numbers = change.filter { $0 != "[" && $0 != "]" }.split(separator: ",")
                    .compactMap { Double(String($0).trimmingWhitespace()) }
                let estimate: Estimate? = numbers.count == 1 ? Estimate(numbers[0])
                    : numbers.count == 2 && numbers[0] <= numbers[1] ? Estimate(low: numbers[0], high: numbers[1]) : nil
                if let estimate, estimate.low.isFinite, estimate.high.isFinite {
                    scenario.leverage.append(Leverage(id: Leverage.ID(id), name: edits["leverage+.name"].flatMap(optional) ?? id,
                                                      by: edits["leverage+.by"].flatMap(optional).map { Party.ID($0) },
                                                      effect: .reservation(party: Party.ID(party), change: estimate), cost: abs(estimate.value)))
                    descriptions.append("leverage move \(id) added")
                } else {
                    errors["leverage+.change"] = "'\(change)' is not a number or a range [low, high]"
                }
            } else {
                errors["leverage+.id"] = "a move either changes a party's reservation value (party and amount) or drops a red line, not both"
            }
        } else if ["name", "party", "change", "dropRedLine"].contains(where: { edits["leverage+.\($0)"].flatMap(optional) != nil }) {
            errors["leverage+.id"] = "give the new move an id"
        }
        // Red lines dropped.
        for index in scenario.parties.indices {
            let before = scenario.parties[index].preferences.redLines.count
            scenario.parties[index].preferences.redLines.removeAll { edits["drop.\($0.id)"] != nil }
            if scenario.parties[index].preferences.redLines.count != before {
                descriptions.append("\(before - scenario.parties[index].preferences.redLines.count) red line(s) of \(scenario.parties[index].id) dropped")
            }
        }
        // Proposals.
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
            if !Self.isIdentifier(id) {
                errors["proposal+.id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
            } else if scenario.proposals.contains(where: { $0.id.rawValue == id }) {
                errors["proposal+.id"] = "there is a proposal '\(id)' already"
            } else if chosen.allSatisfy({ $0 == nil }) {
                errors["proposal+.id"] = "choose an option for at least one issue"
            } else {
                let options = zip(scenario.issues, chosen).map { issue, option in option.flatMap { id in issue.options.firstIndex { $0.id.rawValue == id } } }
                scenario.proposals.append(Proposal(id: Proposal.ID(id), name: edits["proposal+.name"].flatMap(optional) ?? id,
                                                   proposer: edits["proposal+.proposer"].flatMap(optional).map { Party.ID($0) },
                                                   package: Package(options: options)))
                descriptions.append("proposal \(id) added")
            }
        } else if chosen.contains(where: { $0 != nil }) || !(edits["proposal+.name"] ?? "").isEmpty {
            errors["proposal+.id"] = "give the new proposal an id"
        }
    }
}
