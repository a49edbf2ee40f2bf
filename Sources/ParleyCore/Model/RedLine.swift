/// A package a party refuses whatever its utility: forbidden options, required options, or a
/// linkage ("if NATO membership is renounced, a European force must be deployed").
///
/// ```swift
/// let noNato = RedLine(id: "ru-no-nato", rule: .forbid([
///     Condition(issue: "nato", options: ["join", "delayed-20y"], text: "join or delayed-20y")]))
/// ```
public struct RedLine: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    /// What the red line forbids.
    public enum Rule: Hashable, Sendable, Codable {
        /// Breached when every condition holds.
        case forbid([Condition])
        /// Breached when some condition fails.
        case require([Condition])
        /// Breached when every `if` condition holds and some `then` condition fails.
        case linkage(if: [Condition], then: [Condition])
    }

    public var id: ID
    public var description: String?
    public var rule: Rule
    public var provenance: Provenance

    public init(id: ID, description: String? = nil, rule: Rule, provenance: Provenance = .none) {
        self.id = id
        self.description = description
        self.rule = rule
        self.provenance = provenance
    }
}

/// A statement about one issue: "its option is one of these".
public struct Condition: Hashable, Sendable, Codable {
    public var issue: Issue.ID
    /// The options that satisfy the condition, in the issue's option order.
    public var options: [Option.ID]
    /// The condition as the user wrote it, for messages ("join or delayed-20y", "position ≥ 50").
    public var text: String
    /// The position interval the condition was written as, when it was (`{min: 50}`).
    public var interval: PositionInterval?

    public init(issue: Issue.ID, options: [Option.ID], text: String, interval: PositionInterval? = nil) {
        self.issue = issue
        self.options = options
        self.text = text
        self.interval = interval
    }
}

/// An interval of positions on an issue's scale; either bound may be open.
public struct PositionInterval: Hashable, Sendable, Codable {
    public var min: Double?
    public var max: Double?

    public init(min: Double?, max: Double?) {
        self.min = min
        self.max = max
    }
}

extension RedLine.Rule {
    /// The rule in words, with the scenario's issue and option names: "forbids Foreign troops:
    /// British-European peacekeepers", "requires Security guarantees: NATO or Bilateral",
    /// "if NATO path: Bid renounced, requires Guarantees: Bilateral".
    public func described(in scenario: Scenario) -> String {
        func conditions(_ list: [Condition]) -> String {
            list.map { condition -> String in
                guard let issue = scenario.issues.first(where: { $0.id == condition.issue }) else { return condition.text }
                let names = condition.options.map { id in issue.options.first { $0.id == id }?.name ?? id.rawValue }
                return "\(issue.name): " + (names.count <= 2 ? names.joined(separator: " or ")
                    : names.dropLast().joined(separator: ", ") + " or " + names.last!)
            }.joined(separator: " together with ")
        }
        switch self {
        case .forbid(let list): return "forbids " + conditions(list)
        case .require(let list): return "requires " + list.map { conditions([$0]) }.joined(separator: ", and ")
        case .linkage(let first, let then): return "if " + conditions(first) + ", requires " + then.map { conditions([$0]) }.joined(separator: ", and ")
        }
    }
}
