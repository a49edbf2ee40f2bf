import ParleyCore

/// Plain-language reasons for verdicts: one sentence per party, quoting the source where the
/// judgment behind it has one.
public struct Explanation: Sendable {
    public let scenario: Scenario
    public let model: UtilityModel

    public init(scenario: Scenario, model: UtilityModel) {
        self.scenario = scenario
        self.model = model
    }

    /// The reason for a party's verdict, e.g. "Rejected by Russia: the package breaches the red line
    /// 'no NATO membership for Ukraine' (“…” — The Hill)." Phrased with the party's name as the
    /// agent, so the sentence reads right for any name ("Rejected by European allies: ...").
    public func reason(for verdict: PartyVerdict) -> String {
        let party = scenario.parties[verdict.party]
        let figures = "utility \(verdict.utility.formatted(decimals: 2)) against reservation value \(verdict.reservation.formatted(decimals: 2))"
        if verdict.accepts {
            var text = "Accepted by \(party.name): \(figures) leaves a margin of \(verdict.margin.formatted(decimals: 2))"
            if let top = verdict.driversFor.first { text += ", mostly thanks to \(describe(top))" }
            return text + "."
        }
        var clauses: [String] = []
        var quoted: Set<String> = []
        func cite(_ provenance: Provenance) -> String? {
            guard let quote = provenance.quote, quoted.insert(quote).inserted else { return nil }
            return quotation(provenance)
        }
        if !verdict.breaches.isEmpty {
            let parts = verdict.breaches.map { breach -> String in
                let redLine = self.redLine(breach.redLine)
                var part = "the red line '\(redLine.description ?? redLine.id.rawValue)'"
                if breach.throughOpenIssues { part += " (the package leaves that open)" }
                if let quote = cite(redLine.provenance) { part += " \(quote)" }
                return part
            }
            clauses.append("the package breaches " + Self.list(parts))
        }
        if verdict.margin < -ParetoFilter.defaultTolerance {
            var text = "\(figures) falls short by \(Threshold.roundedUp(abs(verdict.margin)).formatted(decimals: 2))"
            if let top = verdict.driversAgainst.first {
                text += ", mostly because of \(describe(top))"
                if let quote = cite(party.preferences.stances[top.issue]?.provenance ?? .none) { text += " \(quote)" }
            } else if let quote = cite(party.preferences.reservationProvenance) {
                text += " \(quote)"
            }
            clauses.append(text)
        }
        return "Rejected by \(party.name): " + clauses.joined(separator: "; and ") + "."
    }

    /// The red line behind a model's red-line index.
    public func redLine(_ index: Int) -> RedLine {
        let reference = model.redLines[index]
        return scenario.parties[reference.party].preferences.redLines.first { $0.id == reference.id }!
    }

    /// "NATO path (renounced)", or "legal form (left open)".
    public func describe(_ driver: IssueDriver) -> String {
        let issue = scenario.issues[driver.issue]
        if driver.isOpen { return "\(issue.name) (left open)" }
        return "\(issue.name) (\(issue.options[driver.option].name))"
    }

    /// “quote” — publisher, when the judgment is sourced and quoted.
    public func quotation(_ provenance: Provenance) -> String? {
        guard let quote = provenance.quote else { return nil }
        let source = provenance.source.flatMap { scenario.source($0) }
        let attribution = source.map { $0.publisher ?? $0.title }
        return "(“\(quote)”\(attribution.map { " — \($0)" } ?? ""))"
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
