/// A conflict as the Graph Model for Conflict Resolution describes it (Fang, Hipel & Kilgour 1993):
/// decision makers who each control some binary options, the combinations that cannot occur, and
/// each decision maker's preferences over the resulting states.
///
/// A state is a Y/N choice for every option; bit `k` of its code is option `k` (Y = 1), so a
/// state's decimal code is `Σ 2^k` over the options taken, as in GMCR II and gmcr-py.
///
/// ```swift
/// let prisoners = ConflictModel(
///     options: [ConflictOption(name: "Cooperate (1)"), ConflictOption(name: "Cooperate (2)")],
///     decisionMakers: [
///         DecisionMaker(name: "One", options: [0], preferences: .prioritized([.all(OptionPattern([(1, true)])), ...])),
///         ...])
/// ```
public struct ConflictModel: Hashable, Sendable, Codable {
    public var options: [ConflictOption]
    public var decisionMakers: [DecisionMaker]
    /// Patterns of states that cannot occur (each matching state is removed).
    public var infeasible: [OptionPattern]
    /// Groups of decision makers that move jointly, when a coalition analysis is wanted; every
    /// decision maker appears in exactly one group. `nil`: each decision maker alone.
    public var coalitions: [[Int]]?

    public init(options: [ConflictOption], decisionMakers: [DecisionMaker], infeasible: [OptionPattern] = [],
                coalitions: [[Int]]? = nil) {
        self.options = options
        self.decisionMakers = decisionMakers
        self.infeasible = infeasible
        self.coalitions = coalitions
    }

    /// The most options a conflict may have (states are 64-bit codes, and 2^n are enumerated).
    public static let maxOptions = 24

    /// The codes of the feasible states, ascending (gmcr-py's state numbers are their positions + 1).
    /// - Complexity: O(2^options × infeasible patterns).
    public func feasibleCodes() -> [UInt64] {
        precondition(options.count <= Self.maxOptions, "too many options to enumerate")
        return (0..<UInt64(1 << options.count)).filter { code in !infeasible.contains { $0.matches(code) } }
    }

    /// A state as a Y/N pattern in option order ("YNNY").
    public func pattern(_ code: UInt64) -> String {
        String((0..<max(1, options.count)).map { code & (1 << UInt64($0)) != 0 ? "Y" : "N" })
    }
}

/// A binary option one decision maker controls.
public struct ConflictOption: Hashable, Sendable, Codable {
    /// Which changes of the option are possible.
    public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
        /// Both ways.
        case both
        /// Only from N to Y (the option, once taken, cannot be withdrawn).
        case forward = "fwd"
        /// Only from Y to N.
        case backward = "back"
    }

    public var name: String
    public var direction: Direction
    /// The option's id in a Parley scenario (the gmcr-py format has none).
    public var id: String?
    /// What the option's judgment rests on.
    public var provenance: Provenance

    public init(name: String, direction: Direction = .both, id: String? = nil, provenance: Provenance = .none) {
        self.name = name
        self.direction = direction
        self.id = id
        self.provenance = provenance
    }
}

extension ConflictModel {
    /// The game as decision maker `perceiver` sees it: the others' preferences replaced by what it
    /// believes of them (its own, and those it has no belief about, as they are).
    public func perceivedGame(by perceiver: Int) -> ConflictModel {
        var game = self
        for belief in decisionMakers[perceiver].beliefs where game.decisionMakers.indices.contains(belief.about) {
            game.decisionMakers[belief.about].preferences = belief.preferences
        }
        for index in game.decisionMakers.indices { game.decisionMakers[index].beliefs = [] }
        return game
    }

    /// Whether any decision maker holds a belief about another's preferences.
    public var isHypergame: Bool { decisionMakers.contains { !$0.beliefs.isEmpty } }
}

/// A decision maker: the options it controls and how it ranks states.
public struct DecisionMaker: Hashable, Sendable, Codable {
    public var name: String
    /// Indices of the options it controls.
    public var options: [Int]
    public var preferences: ConflictPreferences
    /// The decision maker's id in a Parley scenario (a party id when it is one).
    public var id: String?
    /// What each prioritised statement rests on, aligned with the statements.
    public var statementProvenance: [Provenance]
    /// The states the decision maker does not perceive: those matching any of these patterns
    /// (gmcr-py's misperceptions). It can neither move to nor from them; its payoffs are unchanged.
    public var misperceptions: [OptionPattern]
    /// What it believes of other decision makers' preferences (a first-level hypergame): its
    /// perceived game has these in place of their true preferences.
    public var beliefs: [Belief] = []

    public init(name: String, options: [Int], preferences: ConflictPreferences, id: String? = nil,
                statementProvenance: [Provenance] = [], misperceptions: [OptionPattern] = []) {
        self.name = name
        self.options = options
        self.preferences = preferences
        self.id = id
        self.statementProvenance = statementProvenance
        self.misperceptions = misperceptions
    }

    /// Whether the decision maker perceives state `code`.
    @inlinable
    public func perceives(_ code: UInt64) -> Bool { !misperceptions.contains { $0.matches(code) } }
}

/// A decision maker's belief about another's preferences.
public struct Belief: Hashable, Sendable, Codable {
    /// The decision maker the belief is about (an index into ``ConflictModel/decisionMakers``).
    public var about: Int
    public var preferences: ConflictPreferences
    /// What the belief rests on.
    public var provenance: Provenance

    public init(about: Int, preferences: ConflictPreferences, provenance: Provenance = Provenance()) {
        self.about = about
        self.preferences = preferences
        self.provenance = provenance
    }
}

/// How a decision maker's preferences over states are given.
public enum ConflictPreferences: Hashable, Sendable, Codable {
    /// Option prioritisation (Fang et al. 2003; GMCR+): statements from most to least important;
    /// a state's score is `Σ 2^(K − k)` over the statements `k = 1...K` true at it, and states are
    /// ranked by score.
    case prioritized([PreferenceStatement])
    /// An explicit ranking, most preferred first; each entry a group of equally preferred states,
    /// given by their numbers (1-based, in the order of feasible states), as gmcr-py files give it.
    case ranking([[Int]])
    /// An explicit ranking by state codes (Y/N patterns), most preferred first, as Parley's format
    /// gives it; infeasible states are ignored.
    case patternRanking([[UInt64]])
}

/// A statement about a state used to rank states.
public enum PreferenceStatement: Hashable, Sendable, Codable {
    /// True when the pattern matches (every listed option as stated).
    case all(OptionPattern)
    /// True when any of the patterns matches.
    case any([OptionPattern])
    /// True unless the condition holds and the consequence does not ("a if b": b → a).
    case implies(condition: OptionPattern, consequence: OptionPattern)
    /// True when both patterns hold or neither does.
    case equivalent(OptionPattern, OptionPattern)

    /// Whether the statement holds at state `code`.
    @inlinable
    public func holds(at code: UInt64) -> Bool {
        switch self {
        case .all(let pattern): return pattern.matches(code)
        case .any(let patterns): return patterns.contains { $0.matches(code) }
        case .implies(let condition, let consequence): return !condition.matches(code) || consequence.matches(code)
        case .equivalent(let a, let b): return a.matches(code) == b.matches(code)
        }
    }
}

/// A partial state: some options fixed to Y or N, as bit masks.
public struct OptionPattern: Hashable, Sendable, Codable {
    /// The options the pattern fixes.
    public var care: UInt64
    /// Their required values (bits outside `care` are 0).
    public var value: UInt64

    public init(care: UInt64, value: UInt64) {
        self.care = care
        self.value = value & care
    }

    /// A pattern from (option, taken) pairs.
    public init(_ pairs: [(option: Int, taken: Bool)]) {
        var care: UInt64 = 0, value: UInt64 = 0
        for pair in pairs {
            care |= 1 << UInt64(pair.option)
            if pair.taken { value |= 1 << UInt64(pair.option) }
        }
        self.init(care: care, value: value)
    }

    /// Whether state `code` matches.
    @inlinable
    public func matches(_ code: UInt64) -> Bool { code & care == value }
}
