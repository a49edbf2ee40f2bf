/// Reads the `conflict` section of a Parley scenario (or a standalone conflict file): decision
/// makers with the options they control, preferences as prioritised statements or a ranking,
/// infeasible combinations, and coalitions.
///
/// ```yaml
/// conflict:
///   decision-makers:
///     - id: US
///       options:
///         - {id: restrict-aid, name: Restrict aid to Ukraine}
///         - {id: surge, name: Weapons surge, direction: fwd}     # fwd: once taken, not withdrawn
///       preferences:                    # most important first
///         - statement: "talks & -surge"
///           source: hill
///           quote: "..."
///         - "-restrict-aid"
///   infeasible: ["surge & restrict-aid"]
///   coalitions: [[US, EU], [RU], [UA]]
/// ```
///
/// A statement is options joined by `&` (all hold) and `|` (any holds, binding looser than `&`),
/// each option id meaning "taken" or, after `-`, "not taken"; `A IF B` holds unless B holds and A
/// does not; `A IFF B` holds when both or neither hold (GMCR+'s option prioritisation, Hipel et al.
/// 2011). A ranking lists Y/N patterns (in option order) most preferred first; a list inside the
/// list is a group of equally preferred states.
public struct ConflictDecoder: Sendable {
    public init() {}

    static let keys = ["decision-makers", "infeasible", "coalitions"]

    /// Decodes a `conflict` node, reporting problems into `context`.
    package func decode(_ node: DocumentNode, _ context: inout DecodingContext, sourceIDs: Set<Source.ID> = []) -> ConflictModel? {
        decodeWithLocations(node, &context, sourceIDs: sourceIDs)?.model
    }

    /// Decodes a `conflict` node and says where each part was written; the conflict is checked by
    /// ``ConflictValidator`` before it is returned.
    package func decodeWithLocations(_ node: DocumentNode, _ context: inout DecodingContext,
                                    sourceIDs: Set<Source.ID> = []) -> (model: ConflictModel, locations: ConflictLocations)? {
        guard let fields = context.mapping(node, "the conflict", allowed: Self.keys) else { return nil }
        guard let makersNode = fields.required("decision-makers", in: &context, help: "list the decision makers and their options"),
              let makers = context.sequence(makersNode, "'decision-makers'") else { return nil }
        var locations = ConflictLocations(conflict: node.location)
        locations.decisionMakerList = makersNode.location
        var options: [ConflictOption] = []
        var optionIndex: [String: Int] = [:]
        var headers: [(id: String, name: String, options: [Int], fields: MappingReader)] = []
        for maker in makers {
            guard let dm = context.mapping(maker, "a decision maker", allowed: ["id", "name", "options", "preferences", "ranking", "misperceives", "perceives"]),
                  let idNode = dm.required("id", in: &context), let id = context.identifier(idNode, "a decision maker id", declares: true) else { continue }
            let name = dm["name"].flatMap { context.text($0, "the name") } ?? id
            var controlled: [Int] = []
            var controlledLocations: [SourceLocation] = []
            for optionNode in dm.required("options", in: &context).flatMap({ context.sequence($0, "the options of '\(id)'") }) ?? [] {
                guard let option = context.mapping(optionNode, "an option", allowed: ["id", "name", "direction", "source", "quote", "confidence", "note"]),
                      let optionIDNode = option.required("id", in: &context),
                      let optionID = context.identifier(optionIDNode, "an option id", declares: true) else { continue }
                var direction = ConflictOption.Direction.both
                if let node = option["direction"], let text = context.text(node, "the direction") {
                    if let parsed = ConflictOption.Direction(rawValue: text) { direction = parsed } else {
                        context.error("direction '\(text)' is not both, fwd or back", at: node.location,
                                      help: "fwd: can be taken but not withdrawn; back: can be withdrawn but not taken")
                    }
                }
                if optionIndex[optionID] == nil { optionIndex[optionID] = options.count }
                controlled.append(options.count)
                controlledLocations.append(optionIDNode.location)
                locations.options.append(optionIDNode.location)
                options.append(ConflictOption(name: option["name"].flatMap { context.text($0, "the name") } ?? optionID,
                                              direction: direction, id: optionID,
                                              provenance: provenance(option, &context, sourceIDs)))
            }
            headers.append((id, name, controlled, dm))
            locations.decisionMakers.append(maker.location)
            locations.controlledOptions.append(controlledLocations)
        }
        let parser = StatementParser(optionIndex: optionIndex)
        var decisionMakers: [DecisionMaker] = []
        for header in headers {
            var statements: [PreferenceStatement] = []
            var sources: [Provenance] = []
            var preferences = ConflictPreferences.prioritized([])
            var rankingLocation: SourceLocation?
            var entryLocations: [[SourceLocation]] = []
            if let rankingNode = header.fields["ranking"] {
                if header.fields["preferences"] != nil {
                    context.error("decision maker '\(header.id)' gives both 'preferences' and 'ranking'", at: rankingNode.location,
                                  help: "keep one")
                }
                let (groups, entries) = ranking(rankingNode, options.count, &context)
                preferences = .patternRanking(groups)
                rankingLocation = rankingNode.location
                entryLocations = entries
            } else {
                for item in header.fields["preferences"].flatMap({ context.sequence($0, "the preferences of '\(header.id)'") }) ?? [] {
                    var textNode = item
                    var itemProvenance = Provenance()
                    if case .mapping = item.content {
                        guard let entry = context.mapping(item, "a statement", allowed: ["statement", "source", "quote", "confidence", "note"]),
                              let statementNode = entry.required("statement", in: &context) else { continue }
                        textNode = statementNode
                        itemProvenance = provenance(entry, &context, sourceIDs)
                    }
                    guard let text = context.text(textNode, "a statement") else { continue }
                    switch parser.parse(text) {
                    case .success(let statement):
                        statements.append(statement)
                        sources.append(itemProvenance)
                    case .failure(let problem):
                        context.error("statement '\(text)': \(problem.message)", at: textNode.location, help: problem.help)
                    }
                }
                preferences = .prioritized(statements)
            }
            locations.rankings.append(rankingLocation)
            locations.rankingEntries.append(entryLocations)
            // The states the decision maker does not perceive, as patterns (like infeasible combinations).
            var misperceptions: [OptionPattern] = []
            for item in header.fields["misperceives"].flatMap({ context.sequence($0, "the misperceptions of '\(header.id)'") }) ?? [] {
                guard let text = context.text(item, "a misperceived combination") else { continue }
                switch parser.parse(text) {
                case .success(.all(let pattern)): misperceptions.append(pattern)
                case .success(.any(let patterns)): misperceptions += patterns
                case .success:
                    context.error("a misperceived combination is options joined by & and |, not IF/IFF", at: item.location,
                                  help: "write the states the decision maker does not see, e.g. 'challenge & -talks'")
                case .failure(let problem):
                    context.error("misperceived combination '\(text)': \(problem.message)", at: item.location, help: problem.help)
                }
            }
            var maker = DecisionMaker(name: header.name, options: header.options, preferences: preferences,
                                      id: header.id, statementProvenance: sources, misperceptions: misperceptions)
            // Beliefs about the others' preferences: `perceives: {OTHER: {preferences: [...] | ranking: [...], source, quote}}`.
            if let node = header.fields["perceives"], let beliefs = context.mapping(node, "the beliefs of '\(header.id)'") {
                var places: [SourceLocation] = []
                for entry in beliefs.entries {
                    let other = entry.key.text
                    guard let about = headers.firstIndex(where: { $0.id == other }) else {
                        context.error("'\(header.id)' holds a belief about '\(other)', which is not a decision maker", at: entry.key.location,
                                      help: "the decision makers are: \(headers.map(\.id).joined(separator: ", "))")
                        continue
                    }
                    guard let fields = context.mapping(entry.value, "a belief", allowed: ["preferences", "ranking", "source", "quote", "confidence", "note"])
                    else { continue }
                    var believed: ConflictPreferences?
                    if let rankingNode = fields["ranking"] {
                        believed = .patternRanking(ranking(rankingNode, options.count, &context).0)
                    } else if let list = fields["preferences"].flatMap({ context.sequence($0, "the believed preferences") }) {
                        var statements: [PreferenceStatement] = []
                        for item in list {
                            guard let text = context.text(item, "a statement") else { continue }
                            switch parser.parse(text) {
                            case .success(let statement): statements.append(statement)
                            case .failure(let problem): context.error("statement '\(text)': \(problem.message)", at: item.location, help: problem.help)
                            }
                        }
                        believed = .prioritized(statements)
                    } else {
                        context.error("a belief gives the other's 'preferences' (statements) or 'ranking'", at: entry.value.location,
                                      help: "write what '\(header.id)' believes '\(other)' prefers, as for a decision maker")
                    }
                    if let believed {
                        maker.beliefs.append(Belief(about: about, preferences: believed, provenance: provenance(fields, &context, sourceIDs)))
                        places.append(entry.key.location)
                    }
                }
                locations.beliefs[decisionMakers.count] = places
            }
            decisionMakers.append(maker)
        }
        var infeasible: [OptionPattern] = []
        for item in fields["infeasible"].flatMap({ context.sequence($0, "'infeasible'") }) ?? [] {
            guard let text = context.text(item, "an infeasible combination") else { continue }
            switch parser.parse(text) {
            case .success(.all(let pattern)): infeasible.append(pattern)
            case .success(.any(let patterns)): infeasible += patterns
            case .success:
                context.error("an infeasible combination is options joined by & and |, not IF/IFF", at: item.location)
            case .failure(let problem):
                context.error("infeasible combination '\(text)': \(problem.message)", at: item.location, help: problem.help)
            }
        }
        var coalitions: [[Int]]?
        if let node = fields["coalitions"], let groups = context.sequence(node, "'coalitions'") {
            let ids = headers.map(\.id)
            var result: [[Int]] = []
            var resolved = true
            locations.coalitions = node.location
            for group in groups {
                let members: [DocumentNode]
                if case .sequence(let list) = group.content { members = list } else { members = [group] }
                var indices: [Int] = [], memberLocations: [SourceLocation] = []
                for member in members {
                    guard let id = context.identifier(member, "a coalition member") else { resolved = false; continue }
                    guard let index = ids.firstIndex(of: id) else {
                        context.error("unknown decision maker '\(id)' in a coalition", at: member.location,
                                      help: "the decision makers are: \(ids.joined(separator: ", "))")
                        resolved = false
                        continue
                    }
                    indices.append(index)
                    memberLocations.append(member.location)
                }
                result.append(indices)
                locations.coalitionMembers.append(memberLocations)
            }
            // A member that could not be resolved is reported already; the groups are not checked further.
            if resolved { coalitions = result }
        }
        let model = ConflictModel(options: options, decisionMakers: decisionMakers, infeasible: infeasible, coalitions: coalitions)
        return ConflictValidator().validate(model, at: locations, &context).map { ($0, locations) }
    }

    func provenance(_ fields: MappingReader, _ context: inout DecodingContext, _ sourceIDs: Set<Source.ID>) -> Provenance {
        var provenance = Provenance()
        if let node = fields["source"], let id = context.identifier(node, "a source reference") {
            if sourceIDs.contains(Source.ID(id)) { provenance.source = Source.ID(id) } else {
                context.error("unknown source '\(id)'", at: node.location, help: "declare it under 'sources:'")
            }
        }
        provenance.quote = fields["quote"].flatMap { context.text($0, "the quote") }
        if let node = fields["confidence"], let text = context.text(node, "the confidence") {
            if let level = Confidence(rawValue: text.lowercased()) { provenance.confidence = level } else {
                context.error("confidence '\(text)' is not one of low, medium, high", at: node.location)
            }
        }
        provenance.note = fields["note"].flatMap { context.text($0, "the note") }
        return provenance
    }

    /// A ranking of Y/N patterns, most preferred first, with where each pattern was written.
    func ranking(_ node: DocumentNode, _ optionCount: Int, _ context: inout DecodingContext) -> ([[UInt64]], [[SourceLocation]]) {
        guard let items = context.sequence(node, "a ranking") else { return ([], []) }
        var groups: [[UInt64]] = [], locations: [[SourceLocation]] = []
        for item in items {
            let members: [DocumentNode]
            if case .sequence(let list) = item.content { members = list } else { members = [item] }
            var codes: [UInt64] = [], places: [SourceLocation] = []
            for member in members {
                guard let text = context.text(member, "a state pattern") else { continue }
                guard text.count == optionCount, text.allSatisfy({ $0 == "Y" || $0 == "N" }) else {
                    context.error("'\(text)' is not a state pattern of \(optionCount) Y/N letters", at: member.location,
                                  help: "write one Y or N per option, in the order the options are listed")
                    continue
                }
                var code: UInt64 = 0
                for (index, letter) in text.enumerated() where letter == "Y" { code |= 1 << UInt64(index) }
                codes.append(code)
                places.append(member.location)
            }
            groups.append(codes)
            locations.append(places)
        }
        return (groups, locations)
    }
}

/// Parses GMCR+-style statements: `a & -b | c`, `a IF b`, `a IFF -b`.
/// A statement or combination a person wrote wrongly: what is wrong and how to write it.
public struct StatementProblem: Error, Hashable, Sendable {
    public var message: String
    public var help: String?
}

extension ConflictModel {
    /// Reads a statement in Parley's syntax over this conflict's option ids: `a & -b`, `a | b`,
    /// `a IF b`, `a IFF b` (the syntax of a `conflict:` section's preferences).
    public func statement(_ text: String) -> Result<PreferenceStatement, StatementProblem> {
        var index: [String: Int] = [:]
        for (position, option) in options.enumerated() where index[option.id ?? option.name] == nil {
            index[option.id ?? option.name] = position
        }
        switch StatementParser(optionIndex: index).parse(text) {
        case .success(let statement): return .success(statement)
        case .failure(let problem): return .failure(StatementProblem(message: problem.message, help: problem.help))
        }
    }

    /// A statement in Parley's syntax, with the options' ids (the inverse of ``statement(_:)``).
    public func text(of statement: PreferenceStatement) -> String {
        switch statement {
        case .all(let p): return text(of: p)
        case .any(let patterns): return patterns.map { text(of: $0) }.joined(separator: " | ")
        case .implies(let condition, let consequence): return "\(text(of: consequence)) IF \(text(of: condition))"
        case .equivalent(let a, let b): return "\(text(of: a)) IFF \(text(of: b))"
        }
    }

    /// A pattern as options joined by `&`, `-` marking an option not taken.
    public func text(of pattern: OptionPattern) -> String {
        options.indices.filter { pattern.care & (1 << UInt64($0)) != 0 }.map { index in
            (pattern.value & (1 << UInt64(index)) != 0 ? "" : "-") + (options[index].id ?? options[index].name)
        }.joined(separator: " & ")
    }
}

struct StatementParser {
    let optionIndex: [String: Int]

    struct Problem: Error {
        var message: String
        var help: String?
    }

    func parse(_ text: String) -> Result<PreferenceStatement, Problem> {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        for keyword in ["IFF", "IF"] {
            if let position = words.firstIndex(where: { $0.uppercased() == keyword }) {
                let left = words[..<position].joined(separator: " "), right = words[(position + 1)...].joined(separator: " ")
                switch (conjunction(left), conjunction(right)) {
                case (.success(let a), .success(let b)):
                    return .success(keyword == "IFF" ? .equivalent(a, b) : .implies(condition: b, consequence: a))
                case (.failure(let problem), _), (_, .failure(let problem)):
                    return .failure(problem)
                }
            }
        }
        let alternatives = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var patterns: [OptionPattern] = []
        for alternative in alternatives {
            switch conjunction(alternative) {
            case .success(let pattern): patterns.append(pattern)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(patterns.count == 1 ? .all(patterns[0]) : .any(patterns))
    }

    func conjunction(_ text: String) -> Result<OptionPattern, Problem> {
        var pairs: [(option: Int, taken: Bool)] = []
        for raw in text.split(separator: "&", omittingEmptySubsequences: false) {
            var term = String(raw).trimmingWhitespace()
            var taken = true
            if term.hasPrefix("-") { taken = false; term.removeFirst(); term = term.trimmingWhitespace() }
            guard !term.isEmpty else { return .failure(Problem(message: "an option is missing", help: "write e.g. 'talks & -surge'")) }
            guard let index = optionIndex[term] else {
                let hint = DecodingContext.suggestion(for: term, among: Array(optionIndex.keys))
                return .failure(Problem(message: "unknown option '\(term)'",
                                        help: hint.map { "did you mean '\($0)'?" } ?? "the options are: \(optionIndex.keys.sorted().joined(separator: ", "))"))
            }
            if pairs.contains(where: { $0.option == index }) {
                return .failure(Problem(message: "option '\(term)' appears twice", help: nil))
            }
            pairs.append((index, taken))
        }
        guard !pairs.isEmpty else { return .failure(Problem(message: "the statement is empty", help: nil)) }
        return .success(OptionPattern(pairs))
    }
}

