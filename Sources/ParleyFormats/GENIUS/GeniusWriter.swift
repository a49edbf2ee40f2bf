import ParleyCore

/// Writes a scenario as a GENIUS domain: `<id>-domain.xml` and one `<party>.xml` utility space per
/// party, with the option values as item evaluations (midpoints of ranges).
enum GeniusWriter {
    static func files(_ scenario: Scenario) -> [(name: String, text: String)] {
        let stem = ScenarioWriter.fileName(scenario.id)
        var domain = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<negotiation_template>\n"
        domain += "<utility_space number_of_issues=\"\(scenario.issues.count)\">\n"
        domain += "<objective index=\"0\" description=\"\" name=\"\(escape(scenario.title))\" type=\"objective\" etype=\"objective\">\n"
        for (i, issue) in scenario.issues.enumerated() {
            domain += "  <issue index=\"\(i + 1)\" name=\"\(escape(issue.id.rawValue))\" vtype=\"discrete\" type=\"discrete\" etype=\"discrete\">\n"
            for (o, option) in issue.options.enumerated() {
                domain += "    <item index=\"\(o + 1)\" value=\"\(escape(option.id.rawValue))\"/>\n"
            }
            domain += "  </issue>\n"
        }
        domain += "</objective>\n</utility_space>\n</negotiation_template>\n"
        var files = [(name: "\(stem)-domain.xml", text: domain)]
        for party in scenario.parties {
            var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<utility_space>\n"
            text += "<objective index=\"0\" description=\"\" name=\"\(escape(scenario.title))\" type=\"objective\" etype=\"objective\">\n"
            for (i, issue) in scenario.issues.enumerated() {
                text += "  <issue index=\"\(i + 1)\" name=\"\(escape(issue.id.rawValue))\" vtype=\"discrete\" type=\"discrete\" etype=\"discrete\">\n"
                for (o, option) in issue.options.enumerated() {
                    let value = max(0, party.preferences.value(i, o))
                    text += "    <item index=\"\(o + 1)\" value=\"\(escape(option.id.rawValue))\" evaluation=\"\(value)\"/>\n"
                }
                text += "  </issue>\n"
            }
            for i in scenario.issues.indices {
                text += "  <weight index=\"\(i + 1)\" value=\"\(party.preferences.weight(i))\"/>\n"
            }
            text += "</objective>\n"
            if let discount = party.preferences.discount { text += "<discount_factor value=\"\(discount)\"/>\n" }
            text += "<reservation value=\"\(party.preferences.reservation.value)\"/>\n</utility_space>\n"
            files.append((name: "\(ScenarioWriter.fileName(party.id.rawValue)).xml", text: text))
        }
        return files
    }

    /// Whether GENIUS's reading (evaluations over the issue's best, weights normalised) gives back
    /// the same utilities: every weighted issue's best value is 1, weights sum to 1, values ≥ 0.
    static func keepsUtilities(_ preferences: Preferences) -> Bool {
        let stances = preferences.stances.compactMap { $0 }
        let weights = stances.reduce(0) { $0 + $1.weight.value }
        return abs(weights - 1) < 1e-9 && stances.allSatisfy { stance in
            stance.weight.value == 0 || (stance.values.map(\.value).max() == 1 && stance.values.allSatisfy { $0.value >= 0 })
        }
    }

    static func escape(_ text: String) -> String { text.markupEscaped }
}
