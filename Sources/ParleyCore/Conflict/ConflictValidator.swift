/// The rules every conflict obeys, checked in one place for every format (Parley's `conflict`
/// section, gmcr-py files) and for models built in code.
///
/// Readers check the syntax of their format and resolve references (an option's id or index);
/// everything else is here:
/// - the conflict has at least one option and at most ``ConflictModel/maxOptions``;
/// - option ids and decision maker ids are unique;
/// - every option is controlled by exactly one decision maker (by none: a warning, it never changes);
/// - there are at least two decision makers;
/// - coalitions, when given, contain every decision maker exactly once;
/// - a ranking ranks every feasible state exactly once (by number: 1...count; by Y/N pattern:
///   infeasible states are ignored). Rankings are checked only when the rest of the conflict is
///   valid, since the feasible states depend on every option and infeasible combination.
///
/// ```swift
/// var context = DecodingContext()
/// let model = ConflictModel(options: options, decisionMakers: makers)      // as a reader found it
/// guard let valid = ConflictValidator().validate(model, at: locations, &context) else {
///     throw DiagnosticError(context.diagnostics)
/// }
/// ```
public struct ConflictValidator: Sendable {
    public init() {}

    /// Checks `model`, reporting each problem into `context` at its place in `locations`.
    /// - Returns: the model, or `nil` when it has errors.
    /// - Complexity: O(2^options × infeasible patterns) when a decision maker gives a ranking
    ///   (the feasible states are enumerated), else linear in the size of the model.
    package func validate(_ model: ConflictModel, at locations: ConflictLocations = ConflictLocations(),
                         _ context: inout DecodingContext) -> ConflictModel? {
        var report = Report(context: context)
        defer { context = report.context }
        checkOptions(model, locations, &report)
        guard model.options.count <= ConflictModel.maxOptions else { return nil }
        checkDecisionMakers(model, locations, &report)
        checkCoalitions(model, locations, &report)
        checkRankings(model, locations, &report)
        checkBeliefs(model, locations, &report)
        return report.context.hasErrors ? nil : model
    }

    /// The problems of a model, without locations (a model built in code).
    public func problems(_ model: ConflictModel) -> [Diagnostic] {
        var context = DecodingContext()
        _ = validate(model, &context)
        return context.diagnostics
    }

    struct Report {
        var context: DecodingContext
        mutating func error(_ message: String, at location: SourceLocation?, help: String? = nil) {
            context.diagnostics.append(Diagnostic(.error, message, at: location, help: help))
        }
        mutating func warning(_ message: String, at location: SourceLocation?, help: String? = nil) {
            context.diagnostics.append(Diagnostic(.warning, message, at: location, help: help))
        }
    }

    /// How a decision maker is named in messages: its id, else its name.
    static func label(_ dm: DecisionMaker) -> String { dm.id ?? dm.name }

    func checkOptions(_ model: ConflictModel, _ locations: ConflictLocations, _ report: inout Report) {
        if model.options.isEmpty {
            report.error("the conflict has no options", at: locations.conflict,
                         help: "give every decision maker the options it controls")
        }
        if model.options.count > ConflictModel.maxOptions {
            report.error("the conflict has \(model.options.count) options; at most \(ConflictModel.maxOptions) can be analysed (2^n states)",
                         at: locations.conflict, help: "merge or leave out options that do not change the analysis")
        }
        var first: [String: Int] = [:]
        for (index, option) in model.options.enumerated() {
            guard let id = option.id else { continue }
            if let earlier = first[id] {
                report.error("duplicate option id '\(id)'" + (locations.options.indices.contains(earlier) ? " (first declared at line \(locations.options[earlier].line))" : ""),
                             at: locations.option(index), help: "each option belongs to one decision maker")
            } else {
                first[id] = index
            }
        }
    }

    func checkDecisionMakers(_ model: ConflictModel, _ locations: ConflictLocations, _ report: inout Report) {
        var firstID: [String: Int] = [:]
        var owner: [Int: Int] = [:]
        for (index, dm) in model.decisionMakers.enumerated() {
            if let id = dm.id {
                if let earlier = firstID[id] {
                    let line = locations.decisionMakers.indices.contains(earlier) ? " (first declared at line \(locations.decisionMakers[earlier].line))" : ""
                    report.error("duplicate decision maker id '\(id)'\(line)", at: locations.decisionMaker(index),
                                 help: "give every decision maker its own id")
                } else {
                    firstID[id] = index
                }
            }
            for (k, option) in dm.options.enumerated() {
                guard model.options.indices.contains(option) else {
                    report.error("decision maker '\(Self.label(dm))' controls option \(option), but the options are numbered 0..\(model.options.count - 1)",
                                 at: locations.controlledOption(index, k))
                    continue
                }
                if let other = owner[option] {
                    report.error("option '\(model.options[option].id ?? model.options[option].name)' is controlled by both '\(Self.label(model.decisionMakers[other]))' and '\(Self.label(dm))'",
                                 at: locations.controlledOption(index, k), help: "each option belongs to one decision maker")
                } else {
                    owner[option] = index
                }
            }
        }
        if model.decisionMakers.count < 2 {
            report.error("a conflict needs at least two decision makers; found \(model.decisionMakers.count)",
                         at: locations.decisionMakerList ?? locations.conflict, help: "list every decision maker with the options it controls")
        }
        for (index, option) in model.options.enumerated() where owner[index] == nil {
            report.warning("option '\(option.id ?? option.name)' is controlled by no decision maker; it never changes", at: locations.option(index))
        }
    }

    func checkCoalitions(_ model: ConflictModel, _ locations: ConflictLocations, _ report: inout Report) {
        guard let coalitions = model.coalitions else { return }
        var group: [Int: Int] = [:]
        for (g, members) in coalitions.enumerated() {
            for (m, member) in members.enumerated() {
                guard model.decisionMakers.indices.contains(member) else {
                    report.error("a coalition names decision maker \(member), but there are \(model.decisionMakers.count)",
                                 at: locations.coalitionMember(g, m))
                    continue
                }
                if group[member] != nil {
                    report.error("decision maker '\(Self.label(model.decisionMakers[member]))' is in more than one coalition",
                                 at: locations.coalitionMember(g, m), help: "the coalitions must contain every decision maker exactly once")
                }
                group[member] = g
            }
        }
        for (index, dm) in model.decisionMakers.enumerated() where group[index] == nil {
            report.error("decision maker '\(Self.label(dm))' is in no coalition", at: locations.coalitions ?? locations.conflict,
                         help: "the coalitions must contain every decision maker exactly once; a group of one moves alone")
        }
    }

    /// Beliefs name another decision maker, once each, and a believed ranking ranks every feasible
    /// state once, like a decision maker's own.
    func checkBeliefs(_ model: ConflictModel, _ locations: ConflictLocations, _ report: inout Report) {
        guard !report.context.hasErrors else { return }
        for (perceiver, dm) in model.decisionMakers.enumerated() where !dm.beliefs.isEmpty {
            var seen = Set<Int>()
            for (k, belief) in dm.beliefs.enumerated() {
                let place = locations.beliefs[perceiver].flatMap { $0.indices.contains(k) ? $0[k] : nil } ?? locations.decisionMakers.first
                guard model.decisionMakers.indices.contains(belief.about), belief.about != perceiver else {
                    report.error("decision maker '\(Self.label(dm))' holds a belief about itself or no decision maker", at: place,
                                 help: "a belief is about another decision maker's preferences")
                    continue
                }
                if !seen.insert(belief.about).inserted {
                    report.error("decision maker '\(Self.label(dm))' holds two beliefs about '\(Self.label(model.decisionMakers[belief.about]))'",
                                 at: place, help: "give one belief per decision maker")
                }
                // The believed preferences are checked as if they were the other's own.
                var game = model
                game.decisionMakers[belief.about].preferences = belief.preferences
                for index in game.decisionMakers.indices where index != belief.about { game.decisionMakers[index].preferences = .prioritized([]) }
                var inner = Report(context: DecodingContext())
                var placed = ConflictLocations()
                placed.decisionMakers = locations.decisionMakers
                checkRankings(game, placed, &inner)
                for problem in inner.context.diagnostics {
                    report.context.diagnostics.append(Diagnostic(problem.severity, "in the belief of '\(Self.label(dm))': \(problem.message)",
                                                                 at: place, help: problem.help))
                }
            }
        }
    }

    func checkRankings(_ model: ConflictModel, _ locations: ConflictLocations, _ report: inout Report) {
        let ranked = model.decisionMakers.contains {
            switch $0.preferences {
            case .prioritized: false
            case .ranking, .patternRanking: true
            }
        }
        guard ranked, !report.context.hasErrors else { return }
        let codes = model.feasibleCodes()
        let help = "rank every feasible state exactly once (\(codes.count) feasible states)"
        for (index, dm) in model.decisionMakers.enumerated() {
            let name = Self.label(dm)
            switch dm.preferences {
            case .prioritized:
                continue
            case .ranking(let groups):
                var seen = Set<Int>()
                for (g, group) in groups.enumerated() {
                    for (m, number) in group.enumerated() {
                        guard (1...max(1, codes.count)).contains(number), !codes.isEmpty else {
                            report.error("decision maker '\(name)' ranks state \(number), but there are \(codes.count) feasible states",
                                         at: locations.rankingEntry(index, g, m), help: help)
                            continue
                        }
                        if !seen.insert(number).inserted {
                            report.error("decision maker '\(name)' ranks state \(number) twice", at: locations.rankingEntry(index, g, m), help: help)
                        }
                    }
                }
                let missing = codes.indices.map { $0 + 1 }.filter { !seen.contains($0) }
                if !missing.isEmpty {
                    report.error("decision maker '\(name)' does not rank state\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", "))",
                                 at: locations.ranking(index), help: help)
                }
            case .patternRanking(let groups):
                let feasible = Set(codes)
                var seen = Set<UInt64>()
                for (g, group) in groups.enumerated() {
                    for (m, code) in group.enumerated() where feasible.contains(code) {
                        if !seen.insert(code).inserted {
                            report.error("decision maker '\(name)' ranks state \(model.pattern(code)) twice",
                                         at: locations.rankingEntry(index, g, m), help: help)
                        }
                    }
                }
                let missing = codes.filter { !seen.contains($0) }
                if !missing.isEmpty {
                    report.error("decision maker '\(name)' does not rank the feasible state\(missing.count == 1 ? "" : "s") "
                                 + missing.prefix(5).map(model.pattern).joined(separator: ", ") + (missing.count > 5 ? ", …" : ""),
                                 at: locations.ranking(index), help: help)
                }
            }
        }
    }
}
