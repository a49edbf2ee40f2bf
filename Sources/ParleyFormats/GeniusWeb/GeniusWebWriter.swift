import Foundation
import ParleyCore

/// Writes a scenario as GeniusWeb JSON: `<id>.json` (the domain) and one
/// `LinearAdditiveUtilitySpace` profile per party, issue order kept.
enum GeniusWebWriter {
    static func files(_ scenario: Scenario) -> [(name: String, text: String)] {
        let stem = ScenarioWriter.fileName(scenario.id)
        let domain = OrderedJSON.object([
            ("name", .string(scenario.id)),
            ("issuesValues", .object(scenario.issues.map { issue in
                (issue.id.rawValue, .object([("values", .array(issue.options.map { .string($0.id.rawValue) }))]))
            })),
        ])
        var files = [(name: "\(stem).json", text: domain.rendered() + "\n")]
        for party in scenario.parties {
            let utilities = OrderedJSON.object(scenario.issues.enumerated().map { i, issue in
                (issue.id.rawValue, .object([("discreteutils", .object([("valueUtilities", .object(
                    issue.options.enumerated().map { o, option in (option.id.rawValue, .number(party.preferences.value(i, o))) }))]))]))
            })
            let profile = OrderedJSON.object([("LinearAdditiveUtilitySpace", .object([
                ("issueUtilities", utilities),
                ("issueWeights", .object(scenario.issues.enumerated().map { ($1.id.rawValue, .number(party.preferences.weight($0))) })),
                ("domain", domain),
                ("name", .string(party.id.rawValue)),
            ]))])
            files.append((name: "\(ScenarioWriter.fileName(party.id.rawValue)).json", text: profile.rendered() + "\n"))
        }
        return files
    }
}

/// JSON whose objects keep their key order (GeniusWeb reads the issue order from it).
indirect enum OrderedJSON {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(Double)

    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + Self.quoted($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + items.map { $0.rendered(indent: inner) }.joined(separator: ", ") + "]"
        case .string(let text):
            return Self.quoted(text)
        case .number(let value):
            return value.isFinite ? "\(value)" : "0"
        }
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
