import Foundation
import ParleyCore

/// Reads gmcr-py's `.gmcr` conflict files (JSON): `options` (with `permittedDirection`),
/// `decisionMakers` (`options`, `preferences` as prioritised statements, or a manual
/// `preferenceRanking` / older `preferenceVector`), `infeasibles`, `coalitions`, and each decision
/// maker's `misperceptions` (conditions like `infeasibles`: the states it does not perceive).
///
/// A statement is a conjunction `[[option, "Y"|"N"], ...]` or `{"compound": true, "members": [...]}`
/// (true when any member holds). Manual rankings are used when `useManualPreferenceRanking` (or the
/// older `useManualPreferenceVectors`) is true. The reader checks the JSON's shape and resolves
/// option and decision maker indices; the conflict's rules are ``ConflictValidator``'s.
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
        /// Where each part was written, for diagnostics found later (``ConflictValidator`` after a
        /// change such as holding an option fixed).
        public var locations: ConflictLocations
        public var file: String
        public var text: String

        /// Where each decision maker was written, by index.
        public var decisionMakerLocations: [SourceLocation] { locations.decisionMakers }
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
        let decoded = decode(root, &context)
        guard let (conflict, locations) = decoded, !context.hasErrors else {
            throw DiagnosticError(context.diagnostics, sources: [file: text])
        }
        return Result(model: conflict, warnings: context.diagnostics, locations: locations, file: file, text: text)
    }

    /// The conflict as the file gives it, checked by ``ConflictValidator``. gmcr-py writes
    /// `coalitions` as every decision maker alone when there are none; groups of one are read as no
    /// coalitions.
    static func decode(_ root: DocumentNode, _ context: inout DecodingContext) -> (ConflictModel, ConflictLocations)? {
        guard let top = context.mapping(root, "the conflict") else { return nil }
        var locations = ConflictLocations(conflict: top.location)
        var options: [ConflictOption] = []
        let optionsNode = top.required("options", in: &context)
        for node in optionsNode.flatMap({ context.sequence($0, "'options'") }) ?? [] {
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
            locations.options.append(node.location)
        }
        let manual = ["useManualPreferenceRanking", "useManualPreferenceVectors"].contains { key in
            top[key].flatMap { $0.content == .scalar("true", isPlain: true) ? true : nil } ?? false
        }
        var decisionMakers: [DecisionMaker] = []
        let makersNode = top.required("decisionMakers", in: &context)
        locations.decisionMakerList = makersNode?.location
        for node in makersNode.flatMap({ context.sequence($0, "'decisionMakers'") }) ?? [] {
            guard let fields = context.mapping(node, "a decision maker") else { continue }
            let name = fields.required("name", in: &context).flatMap { context.text($0, "the decision maker's name") } ?? "?"
            var controlled: [Int] = [], controlledLocations: [SourceLocation] = []
            for item in fields.required("options", in: &context).flatMap({ context.sequence($0, "the options of '\(name)'") }) ?? [] {
                guard let index = optionIndex(item, options.count, &context) else { continue }
                controlled.append(index)
                controlledLocations.append(item.location)
            }
            var preferences = ConflictPreferences.prioritized([])
            var rankingLocation: SourceLocation?, entryLocations: [[SourceLocation]] = []
            if manual {
                let key = fields["preferenceRanking"] != nil ? "preferenceRanking" : "preferenceVector"
                if let rankingNode = fields.required(key, in: &context, help: "give the ranking of states, most preferred first") {
                    let (groups, entries) = ranking(rankingNode, &context)
                    preferences = .ranking(groups)
                    rankingLocation = rankingNode.location
                    entryLocations = entries
                }
            } else {
                let statements = fields["preferences"].flatMap { context.sequence($0, "the preferences of '\(name)'") } ?? []
                preferences = .prioritized(statements.compactMap { statement($0, options.count, &context) })
            }
            // gmcr-py's misperceptions: conditions like infeasible states; matching states are not perceived.
            var misperceptions: [OptionPattern] = []
            if let node = fields["misperceptions"], !node.isNull {
                for item in context.sequence(node, "the misperceptions of '\(name)'") ?? [] {
                    if let pattern = conjunction(item, options.count, &context) { misperceptions.append(pattern) }
                }
            }
            decisionMakers.append(DecisionMaker(name: name, options: controlled, preferences: preferences, misperceptions: misperceptions))
            locations.decisionMakers.append(node.location)
            locations.controlledOptions.append(controlledLocations)
            locations.rankings.append(rankingLocation)
            locations.rankingEntries.append(entryLocations)
        }
        var infeasible: [OptionPattern] = []
        for node in top["infeasibles"].flatMap({ context.sequence($0, "'infeasibles'") }) ?? [] {
            if let pattern = conjunction(node, options.count, &context) { infeasible.append(pattern) }
        }
        var coalitions: [[Int]]?
        if let node = top["coalitions"], !node.isNull, let items = context.sequence(node, "'coalitions'") {
            var groups: [[Int]] = []
            var resolved = true
            locations.coalitions = node.location
            for item in items {
                let members: [DocumentNode]
                if case .sequence(let list) = item.content { members = list } else { members = [item] }
                var indices: [Int] = [], memberLocations: [SourceLocation] = []
                for member in members {
                    guard let value = context.number(member, "a coalition member"), value == value.rounded(),
                          value >= 0, value < Double(decisionMakers.count) else {
                        context.error("a coalition member must be a decision maker's index, 0..\(decisionMakers.count - 1)", at: member.location)
                        resolved = false
                        continue
                    }
                    indices.append(Int(value))
                    memberLocations.append(member.location)
                }
                groups.append(indices)
                locations.coalitionMembers.append(memberLocations)
            }
            if resolved && groups.contains(where: { $0.count > 1 }) { coalitions = groups }
        }
        let model = ConflictModel(options: options, decisionMakers: decisionMakers, infeasible: infeasible, coalitions: coalitions)
        return ConflictValidator().validate(model, at: locations, &context).map { ($0, locations) }
    }

    static func optionIndex(_ node: DocumentNode, _ count: Int, _ context: inout DecodingContext) -> Int? {
        guard let value = context.number(node, "an option index") else { return nil }
        guard value == value.rounded(), value >= 0, value < Double(count) else {
            context.error("option index \(value.decimalText) is out of range; the options are numbered 0..\(count - 1)",
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

    /// `[9, 3, [11, 5], ...]`: state numbers, most preferred first; nested lists are ties. With
    /// where each number was written.
    static func ranking(_ node: DocumentNode, _ context: inout DecodingContext) -> ([[Int]], [[SourceLocation]]) {
        guard let items = context.sequence(node, "a ranking") else { return ([], []) }
        var groups: [[Int]] = [], locations: [[SourceLocation]] = []
        for item in items {
            let members: [DocumentNode]
            if case .sequence(let list) = item.content { members = list } else { members = [item] }
            var numbers: [Int] = [], places: [SourceLocation] = []
            for member in members {
                guard let value = context.number(member, "a state number"), value == value.rounded(), value >= 1, value < 1e15 else {
                    context.error("a ranking lists state numbers (1, 2, ...)", at: member.location)
                    continue
                }
                numbers.append(Int(value))
                places.append(member.location)
            }
            groups.append(numbers)
            locations.append(places)
        }
        return (groups, locations)
    }
}
