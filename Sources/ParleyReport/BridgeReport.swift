import ParleyAnalysis
import ParleyCore

/// The result of `parley bridge`: the packages closest to a plan that every party accepts, or, when
/// there are none, the gap and what it would take to open a zone.
public struct BridgeReport: Hashable, Sendable, Codable {
    public var contract = "parley.bridge/1"
    public var scenario: ScenarioSummary
    /// The plan and every party's verdict on it.
    public var plan: ProposalReport
    public var zoneSize: Int
    public var bridges: [Entry]
    /// When no package is acceptable to all: the smallest lowering of reservation values that opens
    /// a zone, and the red lines in the way.
    public var gap: Gap?
    /// When no package is acceptable to all: the cheapest combinations of the scenario's named
    /// leverage moves that open a zone, and the packages that enter it.
    public var leverage: [LeverageEntry] = []

    public struct LeverageEntry: Hashable, Sendable, Codable {
        /// The ids of the moves.
        public var moves: [String]
        public var cost: Double
        public var zoneSize: Int
        /// The Nash package of the opened zone, with every party's utility.
        public var nash: PackageReport?
        /// A few packages of the opened zone (the frontier first).
        public var packages: [PackageReport]
    }

    public struct Entry: Hashable, Sendable, Codable {
        public var package: [String: String]
        /// Issue → {from, to}: what changes against the plan.
        public var changes: [Change]
        /// The issues the plan leaves open (or to the status quo) and the option the bridge settles
        /// them with (`from` empty): not counted as changes, but part of the package.
        public var filledIn: [Change]
        public var utilities: [String: Double]
        /// Each party's utility change against the plan (as each reads the plan).
        public var gains: [String: Double]
        public var proposerLoss: Double?
        public var nashProduct: Double
        /// Why each party accepts, in plain words.
        public var reasons: [String: String]
    }

    public struct Change: Hashable, Sendable, Codable {
        public var issue: String
        public var from: String
        public var to: String
    }

    public struct Gap: Hashable, Sendable, Codable {
        /// A package every party would accept if its reservation value were lowered by `adjustments`
        /// (fewest red lines breached first, then the smallest total).
        public var package: [String: String]
        /// Party → how far its reservation value would have to fall.
        public var adjustments: [String: Double]
        public var totalAdjustment: Double
        /// Red lines that package still breaches (empty when lowering reservation values suffices).
        public var redLinesInTheWay: [BreachReport]
    }

    /// Renders bridges already computed and evaluated (the report computes nothing).
    public init(scenario: Scenario, model: UtilityModel, proposal: Proposal, planEvaluation: PackageEvaluation,
                bridges: [(Bridge, PackageEvaluation)], space: AgreementSpace) {
        let builder = ReportBuilder(scenario: scenario, model: model)
        let explanation = Explanation(scenario: scenario, model: model)
        self.scenario = builder.summary(file: nil)
        plan = builder.proposal(proposal, planEvaluation)
        zoneSize = space.zoneSize
        self.bridges = bridges.map { bridge, evaluation in
            Entry(
                package: builder.package(bridge.package.options),
                changes: bridge.changedIssues.map { issue in
                    Change(issue: scenario.issues[issue].id.rawValue,
                           from: proposal.package.options[issue].map { scenario.issues[issue].options[$0].id.rawValue } ?? "",
                           to: scenario.issues[issue].options[bridge.package.options[issue]!].id.rawValue)
                },
                filledIn: scenario.issues.indices.filter { proposal.package.options[$0] == nil }.map { issue in
                    Change(issue: scenario.issues[issue].id.rawValue, from: "",
                           to: scenario.issues[issue].options[bridge.package.options[issue]!].id.rawValue)
                },
                utilities: builder.byParty(bridge.utilities),
                gains: builder.byParty(zip(bridge.utilities, planEvaluation.verdicts).map { $0 - $1.utility }),
                proposerLoss: bridge.proposerLoss, nashProduct: bridge.nashProduct,
                reasons: Dictionary(uniqueKeysWithValues: evaluation.verdicts.map {
                    (scenario.parties[$0.party].id.rawValue, explanation.reason(for: $0))
                }))
        }
        if space.zoneSize == 0, let closest = space.closest.first(where: { $0.criterion == .totalShortfall }) {
            gap = Gap(package: builder.package(closest.package.options), adjustments: builder.byParty(closest.shortfalls),
                      totalAdjustment: closest.totalShortfall,
                      redLinesInTheWay: closest.breaches.map { builder.breach($0, throughOpenIssue: false) })
        }
    }

    /// Adds the leverage combinations found for a scenario whose zone is empty.
    public mutating func add(_ combinations: [LeverageCombination], original: Scenario) {
        leverage = combinations.map { combination in
            let model = UtilityModel(combination.scenario)
            let builder = ReportBuilder(scenario: combination.scenario, model: model)
            return LeverageEntry(
                moves: combination.moves.map { original.leverage[$0].id.rawValue }, cost: combination.cost, zoneSize: combination.zoneSize,
                nash: combination.space.solutions[.nash].map(builder.point),
                packages: combination.space.frontier.prefix(3).map(builder.point))
        }
    }

    /// What a bridge changes against the plan and what it fills in, with names.
    public static func describe(_ bridge: Entry, _ names: Names) -> String {
        let changes = bridge.changes.map { "\(names.issue($0.issue)): \($0.from.isEmpty ? "(open)" : names.option($0.issue, $0.from)) → \(names.option($0.issue, $0.to))" }
        let filled = bridge.filledIn.map { "\(names.issue($0.issue)): \(names.option($0.issue, $0.to))" }
        var text = changes.isEmpty ? "the plan's own choices" : "changes " + changes.joined(separator: "; ")
        if !filled.isEmpty { text += (changes.isEmpty ? ", with what it leaves open filled in: " : "; fills in what the plan leaves open: ") + filled.joined(separator: "; ") }
        return text
    }

    /// The report as text.
    public func text() -> String {
        let names = Names(scenario)
        var out = [AnalysisReport.proposalText(plan, names), ""]
        if bridges.isEmpty {
            out.append("No package clears every party's reservation value and red lines: there is nothing to bridge to.")
            if let gap {
                // Thresholds rounded up, so each printed figure is enough taken literally, and a
                // total made of the printed parts.
                let (lowering, total) = Threshold.parts(gap.adjustments, order: names.partyOrder)
                let lowered = lowering.map { "\(names.party($0.key)) by \($0.amount.formatted(decimals: 2))" }
                out.append("Leverage: the smallest lowering of reservation values that opens a zone is \(total.formatted(decimals: 2)) in all ("
                    + lowered.joined(separator: ", ") + "), for the package:")
                out.append("  " + names.packageText(gap.package))
                if !gap.redLinesInTheWay.isEmpty {
                    out.append("  and it still breaches: " + gap.redLinesInTheWay.map { "\($0.redLine) (\(names.party($0.party)))" }.joined(separator: ", "))
                }
                let settings = lowering.compactMap { entry -> String? in
                    let part = entry.amount
                    guard let party = scenario.parties.first(where: { $0.id == entry.key }) else { return nil }
                    // The printed lowering applied to the reservation value, rounded down to three decimals.
                    let value = ((party.reservation - part) * 1000 * (1 + 1e-12)).rounded(.down) / 1000
                    return "--set \(party.id).reservation=\(value.formatted(decimals: 3))"
                }
                if gap.redLinesInTheWay.isEmpty, !settings.isEmpty {
                    out.append("See what that changes: parley whatif FILE " + settings.joined(separator: " "))
                }
            }
            if !leverage.isEmpty {
                out.append("")
                out.append("The scenario's leverage moves that open a zone, cheapest first:")
                for (rank, entry) in leverage.enumerated() {
                    out.append("\(rank + 1). \(entry.moves.joined(separator: " + ")) (cost \(entry.cost.formatted(decimals: 2))): \(entry.zoneSize) package\(entry.zoneSize == 1 ? "" : "s") in the zone")
                    if let nash = entry.nash {
                        out.append("   Nash package: " + names.packageText(nash.package))
                        out.append("   utilities: " + names.utilitiesText(nash.utilities))
                    }
                }
            }
            return out.joined(separator: "\n") + "\n"
        }
        out.append("Packages every party accepts, closest to the plan first (\(zoneSize) in the zone):")
        for (rank, bridge) in bridges.enumerated() {
            out.append("\(rank + 1). " + Self.describe(bridge, names))
            out.append("   package: " + names.packageText(bridge.package))
            out.append("   gains against the plan: " + names.partyOrder.compactMap { id in bridge.gains[id].map { "\(names.party(id)) \($0 >= 0 ? "+" : "")\($0.formatted(decimals: 2))" } }.joined(separator: ", "))
            for id in names.partyOrder { if let reason = bridge.reasons[id] { out.append("   - " + reason) } }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
