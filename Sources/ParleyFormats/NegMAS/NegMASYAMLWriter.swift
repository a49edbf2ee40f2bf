import ParleyCore
import Yams

/// Writes a scenario as NegMAS YAML: `<id>.yml` (a `DiscreteCartesianOutcomeSpace`) and one
/// `LinearAdditiveUtilityFunction` per party with `TableFun` value functions.
enum NegMASYAMLWriter {
    static func plain(_ text: String) -> Node { Node(text, .implicit, .plain) }
    static func mapping(_ pairs: [(Node, Node)], flow: Bool = false) -> Node { Node(pairs, .implicit, flow ? .flow : .block) }

    static func files(_ scenario: Scenario) -> [(name: String, text: String)] {
        let stem = ScenarioWriter.fileName(scenario.id)
        let issues = Node(scenario.issues.map { issue -> Node in
            let values: [Node]
            let type: String
            if issue.kind == .numeric {
                let positions = issue.options.map { $0.position ?? 0 }
                let consecutive = positions.allSatisfy { $0 == $0.rounded() }
                    && zip(positions, positions.dropFirst()).allSatisfy { $1 == $0 + 1 }
                if consecutive, let first = positions.first, let last = positions.last {
                    type = "ContiguousIssue"
                    values = [plain(Int(first).description), plain(Int(last).description)]
                } else {
                    type = "DiscreteCardinalIssue"
                    values = positions.map { plain($0.decimalText) }
                }
            } else {
                type = "CategoricalIssue"
                values = issue.options.map { ParleyWriter.text($0.id.rawValue) }
            }
            return mapping([("name", ParleyWriter.text(issue.id.rawValue)), ("type", plain(type)), ("values", Node(values, .implicit, .flow))])
        })
        var files: [(name: String, text: String)] = []
        let domain = mapping([("issues", issues), ("name", ParleyWriter.text(scenario.id)), ("type", plain("DiscreteCartesianOutcomeSpace"))])
        files.append(("\(stem).yml", (try? Yams.serialize(node: domain, sortKeys: false)) ?? ""))
        for party in scenario.parties {
            let functions = Node(scenario.issues.enumerated().map { i, issue in
                mapping([("type", plain("TableFun")),
                         ("mapping", mapping(issue.options.enumerated().map { o, option in
                             (ParleyWriter.text(option.id.rawValue), plain("\(party.preferences.value(i, o))"))
                         }, flow: true))])
            })
            let ufun = mapping([
                ("name", ParleyWriter.text(party.id.rawValue)),
                ("reserved_value", plain("\(party.preferences.reservation.value)")),
                ("bias", plain("\(party.preferences.offset)")),
                ("type", plain("LinearAdditiveUtilityFunction")),
                ("values", functions),
                ("weights", Node(scenario.issues.indices.map { plain("\(party.preferences.weight($0))") })),
            ])
            files.append(("\(ScenarioWriter.fileName(party.id.rawValue)).yml", (try? Yams.serialize(node: ufun, sortKeys: false)) ?? ""))
        }
        return files
    }
}
