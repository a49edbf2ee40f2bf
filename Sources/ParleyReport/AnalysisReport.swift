import ParleyAnalysis
import ParleyCore

/// The result of `parley analyze` as a document: the stable JSON contract, and what the text
/// rendering reads.
///
/// Keys are documented in `docs/json-contract.md`. Packages are objects of issue id → option id;
/// utilities are objects of party id → number.
public struct AnalysisReport: Hashable, Sendable, Codable {
    /// The contract's name and version; bumped on incompatible changes.
    public var contract = "parley.analysis/1"
    public var scenario: ScenarioSummary
    public var warnings: [Diagnostic]
    public var proposals: [ProposalReport]
    public var agreementSpace: AgreementSpaceReport

    public init(scenario: ScenarioSummary, warnings: [Diagnostic], proposals: [ProposalReport],
                agreementSpace: AgreementSpaceReport) {
        self.scenario = scenario
        self.warnings = warnings
        self.proposals = proposals
        self.agreementSpace = agreementSpace
    }
}

/// The scenario's parties and issues with their names, so a report can be read on its own.
public struct ScenarioSummary: Hashable, Sendable, Codable {
    public struct PartyEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var reservation: Double
    }
    public struct IssueEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
        public var options: [OptionEntry]
        public var statusQuo: String?
    }
    public struct OptionEntry: Hashable, Sendable, Codable {
        public var id: String
        public var name: String
    }

    public var id: String
    public var title: String
    public var file: String?
    public var parties: [PartyEntry]
    public var issues: [IssueEntry]
}

/// One proposal and every party's verdict on it.
public struct ProposalReport: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var proposer: String?
    public var date: String?
    /// The options the proposal names, issue id → option id.
    public var package: [String: String]
    /// Issues left out that fall back to their status quo, issue id → option id.
    public var statusQuo: [String: String]
    /// Issues left out with no status quo (read cautiously by every party).
    public var unaddressed: [String]
    public var acceptedByAll: Bool
    /// Whether the proposal passes the scenario's agreement rule (the same as `acceptedByAll` under unanimity).
    public var passes: Bool
    /// How many parties accept.
    public var accepting: Int
    /// The veto parties that reject it.
    public var blockedBy: [String]
    public var evaluations: [EvaluationReport]
}

/// One party's verdict on a proposal.
public struct EvaluationReport: Hashable, Sendable, Codable {
    public var party: String
    public var utility: Double
    public var reservation: Double
    public var margin: Double
    public var accepts: Bool
    public var breaches: [BreachReport]
    /// Issues pulling the utility above the reservation value, strongest first.
    public var `for`: [DriverReport]
    /// Issues pulling it below, strongest first.
    public var against: [DriverReport]
    /// One sentence in plain words.
    public var reason: String
}

public struct BreachReport: Hashable, Sendable, Codable {
    public var party: String
    public var redLine: String
    public var description: String?
    /// The rule in words, with the scenario's names ("forbids Foreign troops: British-European peacekeepers").
    public var rule: String
    /// True when breached only through an issue the package leaves open.
    public var throughOpenIssue: Bool
    public var quote: String?
}

public struct DriverReport: Hashable, Sendable, Codable {
    public var issue: String
    /// The option counted (for an open issue, the party's worst).
    public var option: String
    public var open: Bool
    /// The issue's share of the margin: weight × (value − reservation).
    public var share: Double
}

/// The map of the agreement space.
public struct AgreementSpaceReport: Hashable, Sendable, Codable {
    /// Who must agree, as the scenario states it.
    public var rule: RuleReport
    public var packages: Int
    /// When the space is too large to number (only a sample was analysed): its approximate size.
    public var packagesApproximate: Double?
    /// The packages that pass the rule.
    public var zoneSize: Int
    /// The packages every party accepts (the zone itself under unanimity).
    public var unanimousSize: Int
    /// For each party, how many passing packages it accepts.
    public var acceptingByParty: [String: Int]
    /// For each party, how many of all packages it accepts.
    public var acceptableByParty: [String: Int]
    /// Packages meeting every reservation value, red lines aside.
    public var meetingReservations: Int
    /// Among those, how many each red line rules out.
    public var redLineBlocks: [RedLineBlockReport]
    /// The share of packages every party values strictly above its reservation value.
    public var rationalFraction: Double
    /// NegMAS's opposition level over the zone (absent when the zone is empty).
    public var opposition: Double?
    /// How many random packages were analysed when the space was sampled (`--sample`); the counts
    /// above are then counts in the sample. Absent when every package was enumerated.
    public var sampled: Int?
    public var frontier: [PackageReport]
    public var solutions: SolutionsReport
    /// The packages closest to agreement; empty when the zone is not.
    public var closest: [ClosestReport]
}

public struct RedLineBlockReport: Hashable, Sendable, Codable {
    public var party: String
    public var redLine: String
    public var packagesRuledOut: Int
}

/// A package with every party's utility.
public struct PackageReport: Hashable, Sendable, Codable {
    public var package: [String: String]
    public var utilities: [String: Double]
}

/// The bargaining solutions; each `null` when the zone is empty.
public struct SolutionsReport: Hashable, Sendable, Codable {
    public var nash: PackageReport?
    public var kalaiSmorodinsky: PackageReport?
    public var egalitarian: PackageReport?
    public var utilitarian: PackageReport?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nash, forKey: .nash)
        try container.encode(kalaiSmorodinsky, forKey: .kalaiSmorodinsky)
        try container.encode(egalitarian, forKey: .egalitarian)
        try container.encode(utilitarian, forKey: .utilitarian)
    }
}

/// A package near agreement.
public struct ClosestReport: Hashable, Sendable, Codable {
    /// `totalShortfall` or `worstShortfall`: what the package is closest by.
    public var criterion: ClosePackage.Criterion
    public var package: [String: String]
    public var utilities: [String: Double]
    /// How far each party falls below its reservation value (0 when it does not).
    public var shortfalls: [String: Double]
    public var totalShortfall: Double
    public var worstShortfall: Double
    public var breaches: [BreachReport]
    /// The parties whose acceptance would make the package pass at least cost (every party under
    /// unanimity); the total and worst shortfalls are theirs.
    public var needed: [String]
}

/// An agreement rule as the scenario states it.
public struct RuleReport: Hashable, Sendable, Codable {
    /// `unanimity`, `quota` or `weighted`.
    public var rule: String
    public var quota: Int?
    public var threshold: Double?
    /// `capability`, or each party's stated weight.
    public var weights: RuleWeightsReport?
    public var minimumParties: Int?
    public var vetoes: [String]
    /// The rule in words.
    public var text: String

    public init(_ rule: AgreementRule) {
        self.rule = rule.name
        vetoes = rule.vetoes.map(\.rawValue)
        text = rule.description
        switch rule {
        case .unanimity: break
        case .quota(let quota, _): self.quota = quota
        case .weighted(let threshold, let weights, let minimum, _):
            self.threshold = threshold
            minimumParties = minimum
            switch weights {
            case .capability: self.weights = .capability
            case .stated(let stated): self.weights = .stated(Dictionary(stated.map { ($0.party.rawValue, $0.weight) }, uniquingKeysWith: { a, _ in a }))
            }
        }
    }
}

/// A weighted rule's weights: the string `capability`, or an object of party id → weight.
public enum RuleWeightsReport: Hashable, Sendable, Codable {
    case capability
    case stated([String: Double])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), text == "capability" { self = .capability; return }
        self = .stated(try container.decode([String: Double].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .capability: try container.encode("capability")
        case .stated(let weights): try container.encode(weights)
        }
    }
}

/// The result of `parley evaluate`: one proposal's verdicts, with the scenario's names.
public struct EvaluationResult: Hashable, Sendable, Codable {
    public var contract = "parley.evaluation/1"
    public var scenario: ScenarioSummary
    public var proposal: ProposalReport

    public init(scenario: ScenarioSummary, proposal: ProposalReport) {
        self.scenario = scenario
        self.proposal = proposal
    }

    /// The proposal's block as `parley analyze` prints it.
    public func text() -> String { AnalysisReport.proposalText(proposal, Names(scenario)) + "\n" }
}
