import ParleyCore
import Yams

/// Writes a scenario in Parley's own YAML format, losslessly: reading the text back gives an equal
/// ``Scenario`` (ranges, sources, quotes, red lines and proposals included).
///
/// ```swift
/// let text = try ParleyWriter.yaml(scenario)
/// try ScenarioReader.read(text, file: "copy.yaml").scenario == scenario   // true
/// ```
public enum ParleyWriter {
    /// The scenario as YAML text.
    /// - Throws: an error from the YAML emitter (not expected for any scenario).
    public static func yaml(_ scenario: Scenario) throws -> String {
        try Yams.serialize(node: document(scenario), width: 110, allowUnicode: true, sortKeys: false)
    }

    /// The scenario as JSON text (the same document as ``yaml(_:)``, keys in the same order).
    public static func json(_ scenario: Scenario) throws -> String {
        var text = ""
        json(document(scenario), into: &text, indent: "")
        return text + "\n"
    }

    static func json(_ node: Node, into text: inout String, indent: String) {
        let inner = indent + "  "
        switch node {
        case .mapping(let mapping):
            guard !mapping.isEmpty else { text += "{}"; return }
            text += "{\n"
            for (index, (key, value)) in mapping.enumerated() {
                text += inner + jsonString(key.string ?? "") + ": "
                json(value, into: &text, indent: inner)
                text += index == mapping.count - 1 ? "\n" : ",\n"
            }
            text += indent + "}"
        case .sequence(let sequence):
            guard !sequence.isEmpty else { text += "[]"; return }
            text += "[\n"
            for (index, value) in sequence.enumerated() {
                text += inner
                json(value, into: &text, indent: inner)
                text += index == sequence.count - 1 ? "\n" : ",\n"
            }
            text += indent + "]"
        case .scalar(let scalar):
            // Plain scalars the writer made from numbers and booleans stay numbers and booleans;
            // every other scalar (quoted or not) is a string.
            if scalar.style == .plain || scalar.style == .any {
                if scalar.string == "true" || scalar.string == "false" || scalar.string == "null" { text += scalar.string; return }
                if Double(scalar.string) != nil, scalar.string.range(of: #"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil {
                    text += scalar.string
                    return
                }
            }
            text += jsonString(scalar.string)
        case .alias:
            text += "null"
        }
    }

    static func jsonString(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func document(_ scenario: Scenario) -> Node {
        var root: [(Node, Node)] = [("parley", Node("1")), ("id", text(scenario.id)), ("title", text(scenario.title))]
        if let description = scenario.description { root.append(("description", text(description))) }
        if let date = scenario.date { root.append(("date", text(date))) }
        if !scenario.sources.isEmpty {
            root.append(("sources", Node(scenario.sources.map { source in
                var fields: [(Node, Node)] = [("id", text(source.id.rawValue)), ("title", text(source.title))]
                if let publisher = source.publisher { fields.append(("publisher", text(publisher))) }
                if let date = source.date { fields.append(("date", text(date))) }
                if let url = source.url { fields.append(("url", text(url))) }
                return Node(fields)
            })))
        }
        root.append(("parties", Node(scenario.parties.map { party in
            var fields: [(Node, Node)] = [("id", text(party.id.rawValue)), ("name", text(party.name))]
            if let capability = party.capability { fields.append(("capability", estimate(capability))) }
            if let description = party.description { fields.append(("description", text(description))) }
            if !party.attributes.isEmpty {
                fields.append(("attributes", Node(party.attributes.sorted { $0.key < $1.key }.map { (text($0.key), text($0.value)) })))
            }
            return Node(fields)
        })))
        if let agreement = agreement(scenario.agreement) { root.append(("agreement", agreement)) }
        root.append(("issues", Node(scenario.issues.map(issue))))
        root.append(("preferences", Node(scenario.parties.map { party in
            (text(party.id.rawValue), preferences(party.preferences, scenario))
        })))
        if !scenario.proposals.isEmpty {
            root.append(("proposals", Node(scenario.proposals.map { proposal in
                var fields: [(Node, Node)] = [("id", text(proposal.id.rawValue)), ("name", text(proposal.name))]
                if let proposer = proposal.proposer { fields.append(("proposer", text(proposer.rawValue))) }
                if let date = proposal.date { fields.append(("date", text(date))) }
                fields += provenance(proposal.provenance)
                fields.append(("package", Node(scenario.choices(of: proposal.package).map {
                    (text($0.issue.id.rawValue), text($0.option.id.rawValue))
                }, .implicit, .flow)))
                return Node(fields)
            })))
        }
        if !scenario.leverage.isEmpty {
            root.append(("leverage", Node(scenario.leverage.map { move -> Node in
                var fields: [(Node, Node)] = [("id", text(move.id.rawValue)), ("name", text(move.name))]
                if let by = move.by { fields.append(("by", text(by.rawValue))) }
                switch move.effect {
                case .reservation(let party, let change):
                    fields.append(("party", text(party.rawValue)))
                    fields.append(("reservation", estimate(change)))
                    if abs(move.cost - abs(change.value)) > 1e-15 { fields.append(("cost", number(move.cost))) }
                case .dropRedLine(let id):
                    fields.append(("drop-red-line", text(id.rawValue)))
                    if move.cost != 1 { fields.append(("cost", number(move.cost))) }
                }
                return Node(fields + provenance(move.provenance))
            })))
        }
        if let conflict = scenario.conflict { root.append(("conflict", self.conflict(conflict))) }
        return Node(root)
    }

    /// The `conflict` section, in the statement grammar `ConflictDecoder` reads.
    /// The agreement rule, or nil for unanimity (the default, left implicit).
    static func agreement(_ rule: AgreementRule) -> Node? {
        let vetoNodes: [Node] = rule.vetoes.map { text($0.rawValue) }
        let vetoes: [(Node, Node)] = rule.vetoes.isEmpty ? [] : [(Node("vetoes"), Node(vetoNodes, .implicit, .flow))]
        switch rule {
        case .unanimity:
            return nil
        case .quota(let quota, _):
            return Node([("rule", Node("quota")), ("quota", Node(String(quota)))] + vetoes)
        case .weighted(let threshold, let weights, let minimum, _):
            var fields: [(Node, Node)] = [("rule", Node("weighted")), ("threshold", number(threshold))]
            switch weights {
            case .capability: fields.append(("weights", Node("capability")))
            case .stated(let stated):
                fields.append(("weights", Node(stated.map { (text($0.party.rawValue), number($0.weight)) }, .implicit, .flow)))
            }
            if let minimum { fields.append(("minimumParties", Node(String(minimum)))) }
            return Node(fields + vetoes)
        }
    }

    static func conflict(_ conflict: ConflictModel) -> Node {
        func optionID(_ index: Int) -> String { conflict.options[index].id ?? conflict.options[index].name }
        func pattern(_ pattern: OptionPattern) -> String { conflict.text(of: pattern) }
        func statement(_ statement: PreferenceStatement) -> String { conflict.text(of: statement) }
        func code(_ code: UInt64) -> String {
            String(conflict.options.indices.map { code & (1 << UInt64($0)) != 0 ? "Y" : "N" })
        }
        let makers = conflict.decisionMakers.map { dm -> Node in
            var fields: [(Node, Node)] = [("id", text(dm.id ?? dm.name)), ("name", text(dm.name))]
            fields.append(("options", Node(dm.options.map { index -> Node in
                let option = conflict.options[index]
                var entry: [(Node, Node)] = [("id", text(optionID(index))), ("name", text(option.name))]
                if option.direction != .both { entry.append(("direction", Node(option.direction.rawValue))) }
                return Node(entry + provenance(option.provenance))
            })))
            switch dm.preferences {
            case .prioritized(let statements):
                fields.append(("preferences", Node(statements.enumerated().map { index, item -> Node in
                    let source = index < dm.statementProvenance.count ? provenance(dm.statementProvenance[index]) : []
                    return source.isEmpty ? text(statement(item)) : Node([("statement", text(statement(item)))] + source)
                })))
            case .patternRanking(let groups):
                fields.append(("ranking", Node(groups.map { group in
                    group.count == 1 ? text(code(group[0])) : Node(group.map { text(code($0)) }, .implicit, .flow)
                })))
            case .ranking:
                break   // gmcr-py's numbered rankings are not part of Parley's format; `convert` reads scenarios only.
            }
            if !dm.misperceptions.isEmpty { fields.append(("misperceives", Node(dm.misperceptions.map { text(pattern($0)) }))) }
            if !dm.beliefs.isEmpty {
                fields.append(("perceives", Node(dm.beliefs.compactMap { belief -> (Node, Node)? in
                    let other = conflict.decisionMakers[belief.about]
                    let believed: (Node, Node)
                    switch belief.preferences {
                    case .prioritized(let statements): believed = ("preferences", Node(statements.map { text(statement($0)) }))
                    case .patternRanking(let groups):
                        believed = ("ranking", Node(groups.map { group in
                            group.count == 1 ? text(code(group[0])) : Node(group.map { text(code($0)) }, .implicit, .flow)
                        }))
                    case .ranking: return nil
                    }
                    return (text(other.id ?? other.name), Node([believed] + provenance(belief.provenance)))
                })))
            }
            return Node(fields)
        }
        var fields: [(Node, Node)] = [("decision-makers", Node(makers))]
        if !conflict.infeasible.isEmpty { fields.append(("infeasible", Node(conflict.infeasible.map { text(pattern($0)) }))) }
        if let coalitions = conflict.coalitions {
            fields.append(("coalitions", Node(coalitions.map { group in
                Node(group.map { text(conflict.decisionMakers[$0].id ?? conflict.decisionMakers[$0].name) }, .implicit, .flow)
            })))
        }
        return Node(fields)
    }

    static func issue(_ issue: Issue) -> Node {
        var fields: [(Node, Node)] = [("id", text(issue.id.rawValue)), ("name", text(issue.name)),
                                      ("kind", Node(issue.kind.rawValue))]
        if let description = issue.description { fields.append(("description", text(description))) }
        if let unit = issue.unit { fields.append(("unit", text(unit))) }
        if let quo = issue.statusQuo { fields.append(("status-quo", text(issue.options[quo].id.rawValue))) }
        switch issue.kind {
        case .numeric:
            fields.append(("values", Node(issue.options.map { number($0.position ?? 0) }, .implicit, .flow)))
        case .categorical:
            fields.append(("options", Node(issue.options.map { option in
                Node([("id", text(option.id.rawValue)), ("name", text(option.name))], .implicit, .flow)
            })))
        case .ordered:
            fields.append(("options", Node(issue.options.map { option in
                Node([("id", text(option.id.rawValue)), ("name", text(option.name)), ("position", number(option.position ?? 0))],
                     .implicit, .flow)
            })))
        }
        return Node(fields)
    }

    static func preferences(_ preferences: Preferences, _ scenario: Scenario) -> Node {
        var fields: [(Node, Node)] = []
        if !preferences.isUnitScaled { fields.append(("unnormalized", Node("true"))) }
        let reservationProvenance = provenance(preferences.reservationProvenance)
        fields.append(("reservation", reservationProvenance.isEmpty ? estimate(preferences.reservation)
                       : Node([("value", estimate(preferences.reservation))] + reservationProvenance)))
        if preferences.offset != 0 { fields.append(("offset", number(preferences.offset))) }
        if let discount = preferences.discount { fields.append(("discount", number(discount))) }
        var stances: [(Node, Node)] = []
        for (issue, stance) in zip(scenario.issues, preferences.stances) {
            guard let stance else { continue }
            var entry: [(Node, Node)] = []
            if let salience = stance.salience { entry.append(("salience", estimate(salience))) } else {
                entry.append(("weight", estimate(stance.weight)))
            }
            if let ideal = stance.ideal { entry.append(("ideal", estimate(ideal))) } else {
                entry.append(("values", Node(zip(issue.options, stance.values).map { (text($0.id.rawValue), estimate($1)) },
                                             .implicit, .flow)))
            }
            entry += provenance(stance.provenance)
            stances.append((text(issue.id.rawValue), Node(entry)))
        }
        fields.append(("issues", Node(stances)))
        if !preferences.redLines.isEmpty {
            fields.append(("red-lines", Node(preferences.redLines.map { redLine in
                var entry: [(Node, Node)] = [("id", text(redLine.id.rawValue))]
                if let description = redLine.description { entry.append(("description", text(description))) }
                switch redLine.rule {
                case .forbid(let conditions): entry.append(("forbid", self.conditions(conditions)))
                case .require(let conditions): entry.append(("require", self.conditions(conditions)))
                case .linkage(let conditions, let then):
                    entry.append(("if", self.conditions(conditions)))
                    entry.append(("then", self.conditions(then)))
                }
                return Node(entry + provenance(redLine.provenance))
            })))
        }
        return Node(fields)
    }

    /// Whether the preferences meet the format's checks: weights summing to 1 (or saliences),
    /// values and reservation in 0..1.

    static func conditions(_ conditions: [Condition]) -> Node {
        Node(conditions.map { condition in
            let value: Node
            if let interval = condition.interval {
                var bounds: [(Node, Node)] = []
                if let low = interval.min { bounds.append(("min", number(low))) }
                if let high = interval.max { bounds.append(("max", number(high))) }
                value = Node(bounds, .implicit, .flow)
            } else {
                value = Node(condition.options.map { text($0.rawValue) }, .implicit, .flow)
            }
            return (text(condition.issue.rawValue), value)
        }, .implicit, .flow)
    }

    static func provenance(_ provenance: Provenance) -> [(Node, Node)] {
        var fields: [(Node, Node)] = []
        if let source = provenance.source { fields.append(("source", text(source.rawValue))) }
        if let quote = provenance.quote { fields.append(("quote", text(quote))) }
        if let confidence = provenance.confidence { fields.append(("confidence", Node(confidence.rawValue))) }
        if let note = provenance.note { fields.append(("note", text(note))) }
        return fields
    }

    static func estimate(_ estimate: Estimate) -> Node {
        estimate.isUncertain ? Node([number(estimate.low), number(estimate.high)], .implicit, .flow) : number(estimate.value)
    }

    static func number(_ value: Double) -> Node { Node(value.decimalText) }

    /// Text, quoted unless it is a plain identifier YAML cannot mistake for a number, a boolean or null.
    static func text(_ value: String) -> Node {
        let plain = value.range(of: #"^[A-Za-z][A-Za-z0-9_.\-]*$"#, options: .regularExpression) != nil
            && !["null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"].contains(value.lowercased())
        return Node(value, .implicit, plain ? .plain : .doubleQuoted)
    }
}
