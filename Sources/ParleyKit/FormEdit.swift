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
                if issue.kind == .ordered {
                    fields.append(Field(name: "option.\(issue.id).\(option.id).position", label: "Option \(option.id): position (0 to 100)",
                                        value: option.position.map(\.decimalText) ?? "", group: group, kind: .text))
                }
            }
            if issue.kind == .categorical {
                fields.append(Field(name: "option+.\(issue.id).id", label: "New option: id", value: "", group: group, kind: .text))
                fields.append(Field(name: "option+.\(issue.id).name", label: "New option: name", value: "", group: group, kind: .text))
            }
        }
        // A new issue (categorical; worth nothing to anyone until the parties' weights and values
        // are set) and a new party (equal weights, every option worth 0, until its values are set).
        fields.append(Field(name: "issue+.id", label: "New issue: id", value: "", group: "New issue", kind: .text))
        fields.append(Field(name: "issue+.name", label: "New issue: name", value: "", group: "New issue", kind: .text))
        fields.append(Field(name: "issue+.kind", label: "New issue: kind", value: "categorical", group: "New issue",
                            kind: .choice([Choice(value: "categorical", label: "categorical (unordered options)"),
                                           Choice(value: "ordered", label: "ordered (options on a scale 0 to 100)"),
                                           Choice(value: "numeric", label: "numeric (a range of values)")])))
        fields.append(Field(name: "issue+.options", label: "New issue: options, one per line (id: name, or a name; on an ordered issue, optionally @ position)",
                            value: "", group: "New issue", kind: .longText))
        fields.append(Field(name: "issue+.range", label: "New numeric issue: min, max, step", value: "", group: "New issue", kind: .text))
        fields.append(Field(name: "issue+.unit", label: "New numeric issue: unit (optional)", value: "", group: "New issue", kind: .text))
        fields.append(Field(name: "party+.id", label: "New party: id", value: "", group: "New party", kind: .text))
        fields.append(Field(name: "party+.name", label: "New party: name", value: "", group: "New party", kind: .text))
        fields.append(Field(name: "party+.reservation", label: "New party: reservation value (a number or [low, high])", value: "",
                            group: "New party", kind: .text))
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
                // A party that states saliences (0..100) edits saliences; one that states weights, weights.
                if let salience = stance.salience {
                    fields.append(Field(name: "\(party.id).salience.\(issue.id)", label: "Salience of \(issue.name) (0 to 100)",
                                        value: text(salience), group: group, kind: .number))
                } else {
                    fields.append(Field(name: "\(party.id).weight.\(issue.id)", label: "Weight of \(issue.name)", value: text(stance.weight),
                                        group: group, kind: .number))
                }
                // Where the stance comes from: its source, quote and confidence.
                fields.append(Field(name: "\(party.id).stance.\(issue.id).source", label: "\(issue.name): source",
                                    value: stance.provenance.source?.rawValue ?? assumption, group: group, kind: .choice(sources)))
                fields.append(Field(name: "\(party.id).stance.\(issue.id).quote", label: "\(issue.name): quote",
                                    value: stance.provenance.quote ?? "", group: group, kind: .longText))
                fields.append(Field(name: "\(party.id).stance.\(issue.id).confidence", label: "\(issue.name): confidence",
                                    value: stance.provenance.confidence?.rawValue ?? "", group: group, kind: .choice(confidences)))
                // An ideal position on a scale stands for the values it gives.
                if let ideal = stance.ideal, let scale = issue.scale {
                    fields.append(Field(name: "\(party.id).ideal.\(issue.id)",
                                        label: "Ideal position on \(issue.name) (\(scale.lowerBound.decimalText) to \(scale.upperBound.decimalText))",
                                        value: text(ideal), group: group, kind: .number))
                    continue
                }
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
            fields.append(Field(name: "redline+.\(party.id).kind", label: "New red line: kind", value: "forbid", group: group,
                                kind: .choice([Choice(value: "forbid", label: "refuses an option"), Choice(value: "require", label: "requires an option"),
                                               Choice(value: "linkage", label: "if one option is chosen, requires another (a linkage)")])))
            fields.append(Field(name: "redline+.\(party.id).if", label: "New red line (a linkage): if this is chosen", value: "", group: group,
                                kind: .choice(forbidden)))
            fields.append(Field(name: "redline+.\(party.id).forbid", label: "New red line: the option it refuses, or requires", value: "", group: group,
                                kind: .choice(forbidden)))
            fields.append(Field(name: "redline+.\(party.id).description", label: "New red line: in words", value: "", group: group, kind: .text))
            fields.append(Field(name: "redline+.\(party.id).quote", label: "New red line: quote", value: "", group: group, kind: .longText))
            fields.append(Field(name: "redline+.\(party.id).source", label: "New red line: source", value: assumption, group: group,
                                kind: .choice(sources)))
            fields.append(Field(name: "redline+.\(party.id).confidence", label: "New red line: confidence", value: "", group: group,
                                kind: .choice(confidences)))
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
        fields.append(Field(name: "leverage+.source", label: "New move: source", value: assumption, group: "Leverage", kind: .choice(sources)))
        fields.append(Field(name: "leverage+.quote", label: "New move: quote", value: "", group: "Leverage", kind: .longText))
        fields.append(Field(name: "leverage+.confidence", label: "New move: confidence", value: "", group: "Leverage", kind: .choice(confidences)))
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
        fields.append(Field(name: "proposal+.source", label: "Source", value: assumption, group: "New proposal", kind: .choice(sources)))
        fields.append(Field(name: "proposal+.quote", label: "Quote", value: "", group: "New proposal", kind: .longText))
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

    static func isIdentifier(_ text: String) -> Bool { PortableID.isPortable(text) }

    func apply(_ edits: [String: String], to scenario: inout Scenario, errors: inout [String: String], descriptions: inout [String]) {
        var session = EditSession(edits: edits, scenario: scenario, errors: errors, descriptions: descriptions)
        session.sources()
        session.parties()
        session.rule()
        session.issues()
        session.newIssue()
        session.newParty()
        session.conflict()
        session.newRedLines()
        session.leverage()
        session.droppedRedLines()
        session.proposals()
        scenario = session.scenario
        errors = session.errors
        descriptions = session.descriptions
    }
}
