import ParleyCore

/// The form editor's new issues, new parties and new red lines.
extension EditSession {
    /// A new issue: categorical (options one a line, `id: name`), ordered (the same, each line
    /// optionally ending `@ position`; without positions the options are spread evenly over 0..100
    /// in the order given) or numeric (`issue+.range`: `min, max, step`). Every party gets a stance
    /// of weight 0 with every option worth 0, so no utility changes until its weights and values are
    /// set; proposals leave it open.
    mutating func newIssue() {
        let id = edits["issue+.id"].flatMap(optional)
        let lines = (edits["issue+.options"] ?? "").split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let kind = Issue.Kind(rawValue: edits["issue+.kind"].flatMap(optional) ?? "categorical") ?? .categorical
        guard let id else {
            if edits["issue+.name"].flatMap(optional) != nil || !lines.isEmpty || edits["issue+.range"].flatMap(optional) != nil {
                errors["issue+.id"] = "give the new issue an id"
            }
            return
        }
        guard FormEdit.isIdentifier(id) else {
            errors["issue+.id"] = PortableID.rule
            return
        }
        guard !scenario.issues.contains(where: { $0.id.rawValue == id }) else { errors["issue+.id"] = "there is an issue '\(id)' already"; return }
        let options: [Option]
        switch kind {
        case .numeric:
            guard let range = numericOptions(edits["issue+.range"] ?? "") else { return }
            options = range
        case .categorical, .ordered:
            guard let listed = listedOptions(lines, ordered: kind == .ordered) else { return }
            options = listed
        }
        guard options.count >= 2 else {
            errors[kind == .numeric ? "issue+.range" : "issue+.options"] = "an issue needs at least two options"
            return
        }
        scenario.issues.append(Issue(id: Issue.ID(id), name: edits["issue+.name"].flatMap(optional) ?? id, kind: kind, options: options,
                                     unit: kind == .numeric ? edits["issue+.unit"].flatMap(optional) : nil))
        for p in scenario.parties.indices {
            scenario.parties[p].preferences.stances.append(Stance(weight: Estimate(0), values: options.map { _ in Estimate(0) }))
        }
        for k in scenario.proposals.indices { scenario.proposals[k].package.options.append(nil) }
        descriptions.append("\(kind.rawValue) issue \(id) added with \(options.count) options (weight 0 for every party until set)")
    }

    /// The options of a categorical or ordered issue, one a line: `id: name`, or a name (its id made
    /// from it); an ordered issue's line may end `@ position` (0 to 100).
    private mutating func listedOptions(_ lines: [String], ordered: Bool) -> [Option]? {
        var options: [Option] = []
        var positions: [Double?] = []
        for line in lines {
            var body = line
            var position: Double?
            if ordered, let at = line.lastIndex(of: "@") {
                let number = String(line[line.index(after: at)...]).trimmingWhitespace()
                guard let value = Double(number), value.isFinite, (0...100).contains(value) else {
                    errors["issue+.options"] = "'\(line)': a position after @ is a number from 0 to 100"
                    return nil
                }
                position = value
                body = String(line[..<at]).trimmingWhitespace()
            }
            let parts = body.split(separator: ":", maxSplits: 1).map { String($0).trimmingWhitespace() }
            let optionID = parts.count == 2 && FormEdit.isIdentifier(parts[0]) ? parts[0] : Self.slug(body)
            let name = parts.count == 2 && FormEdit.isIdentifier(parts[0]) ? parts[1] : body
            guard !optionID.isEmpty, !options.contains(where: { $0.id.rawValue == optionID }) else {
                errors["issue+.options"] = "the option '\(line)' has no id of its own (write 'id: name', each id once)"
                return nil
            }
            options.append(Option(id: Option.ID(optionID), name: name.isEmpty ? optionID : name))
            positions.append(position)
        }
        guard ordered else { return options }
        let stated = positions.compactMap { $0 }
        guard stated.isEmpty || stated.count == positions.count else {
            errors["issue+.options"] = "give every option a position (… @ 40) or none (they are then spread over 0 to 100)"
            return nil
        }
        for k in options.indices {
            options[k].position = stated.isEmpty ? (options.count > 1 ? 100 * Double(k) / Double(options.count - 1) : 0) : positions[k]
        }
        return options
    }

    /// The options of a numeric issue from `min, max, step` (at most ``ScenarioDecoder``'s limit).
    private mutating func numericOptions(_ text: String) -> [Option]? {
        let numbers = text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        guard numbers.count == 3, numbers.allSatisfy(\.isFinite), numbers[0] < numbers[1], numbers[2] > 0 else {
            errors["issue+.range"] = "write the range as min, max, step (for example 0, 100, 10)"
            return nil
        }
        let count = ((numbers[1] - numbers[0]) / numbers[2]).rounded(.down) + 1
        guard count <= 1_000 else {
            errors["issue+.range"] = "that range makes \(Int(count)) options; the form makes at most 1000 (a larger step, or the YAML view)"
            return nil
        }
        return (0..<Int(count)).map { k in
            let value = numbers[0] + Double(k) * numbers[2]
            return Option(id: Option.ID(value.decimalText), name: value.decimalText, position: value)
        }
    }

    /// A new party: equal weights on every issue and every option worth 0 until its values are set.
    mutating func newParty() {
        guard let id = edits["party+.id"].flatMap(optional) else {
            if edits["party+.name"].flatMap(optional) != nil || edits["party+.reservation"].flatMap(optional) != nil {
                errors["party+.id"] = "give the new party an id"
            }
            return
        }
        guard FormEdit.isIdentifier(id) else {
            errors["party+.id"] = PortableID.rule
            return
        }
        guard !scenario.parties.contains(where: { $0.id.rawValue == id }) else { errors["party+.id"] = "there is a party '\(id)' already"; return }
        var reservation = Estimate(0)
        if let text = edits["party+.reservation"].flatMap(optional) {
            guard let estimate = Self.estimate(text) else {
                errors["party+.reservation"] = "'\(text)' is not a number or a range [low, high]"
                return
            }
            reservation = estimate
        }
        let n = max(1, scenario.issues.count)
        let stances: [Stance?] = scenario.issues.map { issue in Stance(weight: Estimate(1.0 / Double(n)), values: issue.options.map { _ in Estimate(0) }) }
        scenario.parties.append(Party(id: Party.ID(id), name: edits["party+.name"].flatMap(optional) ?? id,
                                      preferences: Preferences(reservation: reservation, stances: stances)))
        descriptions.append("party \(id) added (equal weights, every option worth 0 until its values are set)")
    }

    /// `0.4` or `[0.3, 0.5]`.
    static func estimate(_ text: String) -> Estimate? {
        let trimmed = text.trimmingWhitespace()
        if let value = Double(trimmed), value.isFinite { return Estimate(value) }
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let parts = trimmed.dropFirst().dropLast().split(separator: ",").map { Double(String($0).trimmingWhitespace()) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low.isFinite, high.isFinite, low <= high else { return nil }
        return Estimate(low: low, high: high)
    }

    /// An option id made from its name: lowercase letters and digits joined by dashes.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { slug.unicodeScalars.append(scalar) }
            else if !slug.isEmpty, !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// New red lines: an option refused, an option required, or a linkage (if one option is
    /// chosen, another is required).
    mutating func newRedLines() {
        for index in scenario.parties.indices {
            let party = scenario.parties[index].id
            let kind = edits["redline+.\(party).kind"].flatMap(optional) ?? "forbid"
            guard let target = edits["redline+.\(party).forbid"].flatMap(optional) else {
                if edits["redline+.\(party).description"].flatMap(optional) != nil || edits["redline+.\(party).quote"].flatMap(optional) != nil
                    || edits["redline+.\(party).if"].flatMap(optional) != nil {
                    errors["redline+.\(party).forbid"] = kind == "forbid" ? "choose what the new red line refuses" : "choose what the new red line requires"
                }
                continue
            }
            guard let (issue, option) = choice(target, field: "redline+.\(party).forbid") else { continue }
            let condition = Condition(issue: issue.id, options: [option.id], text: option.id.rawValue)
            let rule: RedLine.Rule
            var stem = "\(party.rawValue.lowercased())-no-\(option.id.rawValue)"
            switch kind {
            case "forbid": rule = .forbid([condition])
            case "require":
                rule = .require([condition])
                stem = "\(party.rawValue.lowercased())-needs-\(option.id.rawValue)"
            case "linkage":
                guard let first = edits["redline+.\(party).if"].flatMap(optional) else {
                    errors["redline+.\(party).if"] = "a linkage needs the option that triggers it"
                    continue
                }
                guard let (ifIssue, ifOption) = choice(first, field: "redline+.\(party).if") else { continue }
                guard ifIssue.id != issue.id else {
                    errors["redline+.\(party).if"] = "a linkage ties two different issues; choose an option of another issue"
                    continue
                }
                rule = .linkage(if: [Condition(issue: ifIssue.id, options: [ifOption.id], text: ifOption.id.rawValue)], then: [condition])
                stem = "\(party.rawValue.lowercased())-\(ifOption.id.rawValue)-needs-\(option.id.rawValue)"
            default:
                errors["redline+.\(party).kind"] = "choose refuses, requires or a linkage"
                continue
            }
            let existing = Set(scenario.parties.flatMap { $0.preferences.redLines.map(\.id.rawValue) })
            var number = 1
            var id = stem
            while existing.contains(id) { number += 1; id = "\(stem)-\(number)" }
            let source = edits["redline+.\(party).source"].flatMap(optional).map { Source.ID($0) }
            let quote = edits["redline+.\(party).quote"].flatMap(optional)
            if quote != nil, source == nil {
                errors["redline+.\(party).source"] = "a quote needs its source; choose one (or add it under Sources)"
                continue
            }
            scenario.parties[index].preferences.redLines.append(RedLine(
                id: RedLine.ID(id), description: edits["redline+.\(party).description"].flatMap(optional), rule: rule,
                provenance: Provenance(source: source, quote: quote,
                                       confidence: edits["redline+.\(party).confidence"].flatMap(optional).flatMap(Confidence.init(rawValue:)))))
            descriptions.append("\(party)'s red line \(id) added")
        }
    }

    /// The issue and option a choice `issue=option` names, or an error on `field`.
    private mutating func choice(_ value: String, field: String) -> (Issue, Option)? {
        let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let issue = scenario.issues.first(where: { $0.id.rawValue == parts[0] }),
              let option = issue.options.first(where: { $0.id.rawValue == parts[1] }) else {
            errors[field] = "choose an option of an issue"
            return nil
        }
        return (issue, option)
    }
}
