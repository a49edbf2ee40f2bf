import Foundation
import ParleyCore

/// Reads gmcr-py's `.gmcr` conflict files (JSON): `options` (with `permittedDirection`),
/// `decisionMakers` (`options`, `preferences` as prioritised statements, or a manual
/// `preferenceRanking` / older `preferenceVector`), `infeasibles`, and `coalitions`.
///
/// A statement is a conjunction `[[option, "Y"|"N"], ...]` or `{"compound": true, "members": [...]}`
/// (true when any member holds). Manual rankings are used when `useManualPreferenceRanking` (or the
/// older `useManualPreferenceVectors`) is true.
///
/// ```swift
/// let conflict = try GMCRReader.read(contentsOf: "Elmira.gmcr")
/// conflict.model.decisionMakers.map(\.name)   // ["MoE", "Uniroyal", "Local Government"]
/// ```
public enum GMCRReader {
    /// A conflict with where its parts were written.
    public struct Result: Sendable {
        public var model: ConflictModel
        public var warnings: [Diagnostic]
        /// Where each decision maker was written, by index, for diagnostics found later.
        public var decisionMakerLocations: [SourceLocation]
        public var file: String
        public var text: String
    }

    public static func read(contentsOf path: String) throws(DiagnosticError) -> Result {
        let text = try ScenarioReader.readText(at: path)
        return try read(text, file: path)
    }

    public static func read(_ text: String, file: String) throws(DiagnosticError) -> Result {
        let root: DocumentNode
        do { root = try YAMLDocumentReader.read(text, file: file) } catch {
            throw DiagnosticError(error.diagnostics, sources: [file: text])
        }
        var context = DecodingContext()
        let model = decode(root, &context)
        guard let (conflict, locations) = model, !context.hasErrors else {
            throw DiagnosticError(context.diagnostics, sources: [file: text])
        }
        return Result(model: conflict, warnings: context.diagnostics, decisionMakerLocations: locations, file: file, text: text)
    }

    static func decode(_ root: DocumentNode, _ context: inout DecodingContext) -> (ConflictModel, [SourceLocation])? {
        guard let top = context.mapping(root, "the conflict") else { return nil }
        var options: [ConflictOption] = []
        for node in top.required("options", in: &context).flatMap({ context.sequence($0, "'options'") }) ?? [] {
            guard let fields = context.mapping(node, "an option") else { continue }
            let name = fields.required("name", in: &context).flatMap { context.text($0, "the option's name") } ?? "?"
            var direction = ConflictOption.Direction.both
            if let directionNode = fields["permittedDirection"], let text = context.text(directionNode, "the permitted direction") {
                if let parsed = ConflictOption.Direction(rawValue: text) {
                    direction = parsed
                } else {
                    // Reported, and kept (as `both`) so that later option indices stay right.
                    context.error("option '\(name)' has permittedDirection '\(text)'; it must be both, fwd or back",
                                  at: directionNode.location, help: "fwd: only N to Y; back: only Y to N")
                }
            }
            options.append(ConflictOption(name: name, direction: direction))
        }
        guard !options.isEmpty else {
            context.error("the conflict has no options", at: top.location, help: "list the options under \"options\"")
            return nil
        }
        guard options.count <= ConflictModel.maxOptions else {
            context.error("the conflict has \(options.count) options; at most \(ConflictModel.maxOptions) can be analysed (2^n states)",
                          at: top.location)
            return nil
        }
        let manual = ["useManualPreferenceRanking", "useManualPreferenceVectors"].contains { key in
            top[key].flatMap { $0.content == .scalar("true", isPlain: true) ? true : nil } ?? false
        }
        var decisionMakers: [DecisionMaker] = []
        var locations: [SourceLocation] = []
        var owner: [Int: String] = [:]
        for node in top.required("decisionMakers", in: &context).flatMap({ context.sequence($0, "'decisionMakers'") }) ?? [] {
            guard let fields = context.mapping(node, "a decision maker") else { continue }
            let name = fields.required("name", in: &context).flatMap { context.text($0, "the decision maker's name") } ?? "?"
            var controlled: [Int] = []
            for item in fields.required("options", in: &context).flatMap({ context.sequence($0, "the options of '\(name)'") }) ?? [] {
                guard let index = optionIndex(item, options.count, &context) else { continue }
                if let other = owner[index] {
                    context.error("option '\(options[index].name)' is controlled by both '\(other)' and '\(name)'", at: item.location,
                                  help: "each option belongs to one decision maker")
                    continue
                }
                owner[index] = name
                controlled.append(index)
            }
            let preferences: ConflictPreferences
            if manual {
                let key = fields["preferenceRanking"] != nil ? "preferenceRanking" : "preferenceVector"
                guard let rankingNode = fields.required(key, in: &context, help: "give the ranking of states, most preferred first") else { continue }
                preferences = .ranking(ranking(rankingNode, &context))
            } else {
                let statements = fields["preferences"].flatMap { context.sequence($0, "the preferences of '\(name)'") } ?? []
                preferences = .prioritized(statements.compactMap { statement($0, options.count, &context) })
            }
            decisionMakers.append(DecisionMaker(name: name, options: controlled, preferences: preferences))
            locations.append(node.location)
        }
        if decisionMakers.count < 2 {
            context.error("a conflict needs at least two decision makers; found \(decisionMakers.count)", at: top.location)
        }
        for (index, option) in options.enumerated() where owner[index] == nil {
            context.warning("option '\(option.name)' is controlled by no decision maker; it never changes", at: top.location)
        }
        var infeasible: [OptionPattern] = []
        for node in top["infeasibles"].flatMap({ context.sequence($0, "'infeasibles'") }) ?? [] {
            if let pattern = conjunction(node, options.count, &context) { infeasible.append(pattern) }
        }
        var coalitions: [[Int]]?
        if let node = top["coalitions"], !node.isNull, let items = context.sequence(node, "'coalitions'") {
            var groups: [[Int]] = []
            for item in items {
                let members: [DocumentNode]
                if case .sequence(let list) = item.content { members = list } else { members = [item] }
                groups.append(members.compactMap { member in
                    guard let value = context.number(member, "a coalition member"), value == value.rounded(),
                          Int(value) >= 0, Int(value) < decisionMakers.count else {
                        context.error("a coalition member must be a decision maker's index, 0..\(decisionMakers.count - 1)", at: member.location)
                        return nil
                    }
                    return Int(value)
                })
            }
            let flat = groups.flatMap { $0 }.sorted()
            if flat != Array(0..<decisionMakers.count) {
                context.error("the coalitions must contain every decision maker exactly once", at: node.location,
                              help: "e.g. [[0, 1], 2] for three decision makers")
            } else if groups.contains(where: { $0.count > 1 }) {
                coalitions = groups
            }
        }
        return (ConflictModel(options: options, decisionMakers: decisionMakers, infeasible: infeasible, coalitions: coalitions), locations)
    }

    static func optionIndex(_ node: DocumentNode, _ count: Int, _ context: inout DecodingContext) -> Int? {
        guard let value = context.number(node, "an option index") else { return nil }
        guard value == value.rounded(), value >= 0, Int(value) < count else {
            context.error("option index \(value.formatted()) is out of range; the options are numbered 0..\(count - 1)",
                          at: node.location)
            return nil
        }
        return Int(value)
    }

    /// `[[option, "Y"|"N"], ...]`.
    static func conjunction(_ node: DocumentNode, _ count: Int, _ context: inout DecodingContext) -> OptionPattern? {
        guard let pairs = context.sequence(node, "a pattern of options") else { return nil }
        var result: [(option: Int, taken: Bool)] = []
        for pair in pairs {
            guard let items = context.sequence(pair, "an [option, \"Y\" or \"N\"] pair"), items.count == 2,
                  let index = optionIndex(items[0], count, &context),
                  let flag = context.text(items[1], "\"Y\" or \"N\"") else {
                if case .sequence(let items) = pair.content, items.count != 2 {
                    context.error("an option condition is a pair [option, \"Y\" or \"N\"]", at: pair.location)
                }
                return nil
            }
            switch flag.uppercased() {
            case "Y": result.append((index, true))
            case "N": result.append((index, false))
            default:
                context.error("'\(flag)' is not Y or N", at: items[1].location, help: "write \"Y\" (taken) or \"N\" (not taken)")
                return nil
            }
        }
        return OptionPattern(result)
    }

    static func statement(_ node: DocumentNode, _ count: Int, _ context: inout DecodingContext) -> PreferenceStatement? {
        if case .mapping = node.content {
            guard let fields = context.mapping(node, "a compound statement") else { return nil }
            guard let members = fields.required("members", in: &context).flatMap({ context.sequence($0, "the members") }) else { return nil }
            let patterns = members.compactMap { conjunction($0, count, &context) }
            return patterns.count == members.count ? .any(patterns) : nil
        }
        return conjunction(node, count, &context).map { .all($0) }
    }

    /// `[9, 3, [11, 5], ...]`: state numbers, most preferred first; nested lists are ties.
    static func ranking(_ node: DocumentNode, _ context: inout DecodingContext) -> [[Int]] {
        guard let items = context.sequence(node, "a ranking") else { return [] }
        return items.map { item in
            let members: [DocumentNode]
            if case .sequence(let list) = item.content { members = list } else { members = [item] }
            return members.compactMap { member in
                guard let value = context.number(member, "a state number"), value == value.rounded(), value >= 1 else {
                    context.error("a ranking lists state numbers (1, 2, ...)", at: member.location)
                    return nil
                }
                return Int(value)
            }
        }
    }
}
