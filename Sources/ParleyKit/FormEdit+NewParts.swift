import ParleyCore

/// The form editor's new issues and new parties.
extension EditSession {
    /// A new categorical issue: every party gets a stance of weight 0 with every option worth 0, so
    /// no utility changes until its weights and values are set; proposals leave it open.
    mutating func newIssue() {
        let id = edits["issue+.id"].flatMap(optional)
        let lines = (edits["issue+.options"] ?? "").split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard let id else {
            if edits["issue+.name"].flatMap(optional) != nil || !lines.isEmpty { errors["issue+.id"] = "give the new issue an id" }
            return
        }
        guard FormEdit.isIdentifier(id) else {
            errors["issue+.id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
            return
        }
        guard !scenario.issues.contains(where: { $0.id.rawValue == id }) else { errors["issue+.id"] = "there is an issue '\(id)' already"; return }
        var options: [Option] = []
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1).map { String($0).trimmingWhitespace() }
            let optionID = parts.count == 2 && FormEdit.isIdentifier(parts[0]) ? parts[0] : Self.slug(line)
            let name = parts.count == 2 && FormEdit.isIdentifier(parts[0]) ? parts[1] : line
            guard !optionID.isEmpty, !options.contains(where: { $0.id.rawValue == optionID }) else {
                errors["issue+.options"] = "the option '\(line)' has no id of its own (write 'id: name', each id once)"
                return
            }
            options.append(Option(id: Option.ID(optionID), name: name.isEmpty ? optionID : name))
        }
        guard options.count >= 2 else { errors["issue+.options"] = "an issue needs at least two options, one per line"; return }
        scenario.issues.append(Issue(id: Issue.ID(id), name: edits["issue+.name"].flatMap(optional) ?? id, kind: .categorical, options: options))
        for p in scenario.parties.indices {
            scenario.parties[p].preferences.stances.append(Stance(weight: Estimate(0), values: options.map { _ in Estimate(0) }))
        }
        for k in scenario.proposals.indices { scenario.proposals[k].package.options.append(nil) }
        descriptions.append("issue \(id) added with \(options.count) options (weight 0 for every party until set)")
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
            errors["party+.id"] = "an id is letters, digits, dots, dashes and underscores, starting with a letter or digit"
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
}
