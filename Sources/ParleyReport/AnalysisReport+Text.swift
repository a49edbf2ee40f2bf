import ParleyAnalysis
import ParleyCore

extension AnalysisReport {
    /// The report as text for a terminal: each proposal with a table of verdicts and the reasons,
    /// then the agreement space, the solutions or the closest packages.
    public func text() -> String {
        let names = Names(scenario)
        var out: [String] = []
        out.append("\(scenario.title) (\(scenario.id))")
        out.append([scenario.parties.count.counted("party", "parties"), scenario.issues.count.counted("issue"),
                    proposals.count.counted("proposal"),
                    agreementSpace.packagesApproximate.map { "\($0.approximateCountText) packages" } ?? agreementSpace.packages.counted("package")]
            .joined(separator: ", "))
        if !warnings.isEmpty { out.append("\(warnings.count.counted("warning")): run 'parley validate' to see them") }
        let unanimity = agreementSpace.rule.rule == "unanimity"
        if !unanimity { out.append("Agreement rule: \(agreementSpace.rule.text)") }
        for proposal in proposals {
            out.append("")
            out.append(Self.proposalText(proposal, names, unanimity: unanimity))
        }
        out.append("")
        out.append(spaceText(names))
        return out.joined(separator: "\n") + "\n"
    }

    /// One proposal's block: package, unaddressed issues, the verdict table and one reason per party.
    public static func proposalText(_ proposal: ProposalReport, _ names: Names, unanimity: Bool = true) -> String {
        var out: [String] = []
        var heading = "Proposal \(proposal.id): \(proposal.name)"
        var by: [String] = []
        if let proposer = proposal.proposer { by.append("by \(names.party(proposer))") }
        if let date = proposal.date { by.append(date) }
        if !by.isEmpty { heading += " (\(by.joined(separator: ", ")))" }
        out.append(heading)
        out.append("  Package: " + names.packageText(proposal.package))
        if !proposal.statusQuo.isEmpty {
            out.append("  Status quo assumed: " + names.packageText(proposal.statusQuo))
        }
        if !proposal.unaddressed.isEmpty {
            out.append("  Not addressed (each party assumes its worst): " + proposal.unaddressed.map(names.issue).joined(separator: ", "))
        }
        var table = TextTable(columns: [.init("party"), .init("utility", alignment: .right),
                                        .init("reservation", alignment: .right), .init("margin", alignment: .right),
                                        .init("verdict"), .init("red lines breached")])
        for evaluation in proposal.evaluations {
            table.append([names.party(evaluation.party), evaluation.utility.formatted(decimals: 2),
                          evaluation.reservation.formatted(decimals: 2), evaluation.margin.signedMargin,
                          evaluation.accepts ? "accepts" : "rejects",
                          evaluation.breaches.isEmpty ? "-" : evaluation.breaches.map(\.redLine).joined(separator: ", ")])
        }
        out.append(table.rendered(indent: 2))
        let rejecting = proposal.evaluations.filter { !$0.accepts }.map { names.party($0.party) }
        if unanimity {
            out.append("  Verdict: " + (rejecting.isEmpty ? "accepted by every party" : "rejected by " + rejecting.joined(separator: ", ")))
        } else {
            let blocked = proposal.blockedBy.isEmpty ? "" : "; blocked by the veto of " + proposal.blockedBy.map(names.party).joined(separator: ", ")
            out.append("  Verdict: " + (proposal.passes ? "passes" : "does not pass")
                + " (\(proposal.accepting) of \(proposal.evaluations.count) accept" + (rejecting.isEmpty ? "" : "; rejected by " + rejecting.joined(separator: ", "))
                + blocked + ")")
        }
        for evaluation in proposal.evaluations { out.append("  - " + evaluation.reason) }
        return out.joined(separator: "\n")
    }

    /// The agreement space block.
    public func spaceText(_ names: Names) -> String {
        let space = agreementSpace
        var out = ["Agreement space"]
        if let sampled = space.sampled {
            out.append("  Sampled: \(sampled.grouped) random packages of \(space.packagesApproximate?.approximateCountText ?? space.packages.grouped); the counts below are counts in the sample")
        }
        let unanimity = space.rule.rule == "unanimity"
        if unanimity {
            out.append("  Packages: \(space.packagesApproximate?.approximateCountText ?? space.packages.grouped); meeting every reservation value: \(space.meetingReservations.grouped); zone of possible agreement (also no red line breached): \(space.zoneSize.grouped)")
        } else {
            out.append("  Rule: \(space.rule.text)")
            out.append("  Packages: \(space.packagesApproximate?.approximateCountText ?? space.packages.grouped); accepted by every party: \(space.unanimousSize.grouped); zone of possible agreement (passing the rule): \(space.zoneSize.grouped)")
            let accepting = names.partyOrder.map { "\(names.party($0)) \(space.acceptingByParty[$0] ?? 0)" }
            if space.zoneSize > 0 { out.append("  Of the passing packages, each party accepts: " + accepting.joined(separator: ", ")) }
        }
        if !space.redLineBlocks.isEmpty {
            let blocks = space.redLineBlocks.sorted { $0.packagesRuledOut > $1.packagesRuledOut }
                .map { "\($0.redLine) (\(names.party($0.party))) rules out \($0.packagesRuledOut.grouped)" }
            out.append("  Of the packages meeting every reservation value, red lines rule out: " + blocks.joined(separator: "; "))
        }
        if space.zoneSize > 0 {
            let listed = space.frontier.prefix(Self.frontierListed)
            out.append("  Pareto frontier of the zone: \(space.frontier.count.counted("package"))"
                + (space.frontier.count > listed.count ? " (the first \(listed.count) listed; --format json lists them all):" : ":"))
            for (rank, point) in listed.enumerated() {
                out.append("  \(rank + 1). " + names.packageText(point.package))
                out.append("     utilities: " + names.utilitiesText(point.utilities))
            }
            out.append("")
            out.append(unanimity ? "  Bargaining solutions (gains measured from the reservation values):"
                : "  Bargaining solutions over the passing packages (gains from the reservation values, or from a party's lowest utility in the zone when that is lower):")
            let solutions: [(String, PackageReport?)] = [
                ("Nash", space.solutions.nash), ("Kalai-Smorodinsky", space.solutions.kalaiSmorodinsky),
                ("egalitarian", space.solutions.egalitarian), ("utilitarian", space.solutions.utilitarian)]
            for (name, solution) in solutions {
                guard let solution else { continue }
                out.append("  \(name): " + names.packageText(solution.package))
                out.append("    utilities: " + names.utilitiesText(solution.utilities))
            }
        } else {
            out.append("")
            if unanimity {
                out.append(space.meetingReservations == 0
                    ? "  No package clears every party's reservation value: there is no zone of possible agreement."
                    : "  Some packages clear every reservation value, but each breaches a red line: there is no zone of possible agreement.")
            } else {
                out.append("  No package passes the rule: there is no zone of possible agreement. Each package below is measured by the parties whose acceptance would make it pass at least cost.")
            }
            for criterion in [ClosePackage.Criterion.totalShortfall, .worstShortfall] {
                let entries = space.closest.filter { $0.criterion == criterion }
                guard !entries.isEmpty else { continue }
                out.append("")
                out.append(criterion == .totalShortfall
                    ? "  Closest packages by total shortfall (fewest red-line breaches first):"
                    : "  Closest packages by worst-party shortfall (fewest red-line breaches first):")
                for (rank, entry) in entries.enumerated() {
                    out.append("  \(rank + 1). " + names.packageText(entry.package))
                    if !unanimity { out.append("     needs: " + entry.needed.map(names.party).joined(separator: ", ")) }
                    // Shortfalls rounded up (what it takes to close them), the total made of the printed parts.
                    // Under another rule, only the needed parties' shortfalls count.
                    let counted = unanimity ? entry.shortfalls : entry.shortfalls.filter { entry.needed.contains($0.key) }
                    let (falling, total) = Threshold.parts(counted, order: names.partyOrder)
                    let short = falling.map { "\(names.party($0.key)) \($0.amount.formatted(decimals: 2))" }
                    out.append("     falls short: " + (short.isEmpty ? "nobody" : short.joined(separator: ", "))
                        + " (total \(total.formatted(decimals: 2)), worst \((falling.map(\.amount).max() ?? 0).formatted(decimals: 2)))")
                    out.append("     red lines in the way: " + (entry.breaches.isEmpty ? "none"
                        : entry.breaches.map { "\($0.redLine) (\(names.party($0.party)))" }.joined(separator: ", ")))
                }
            }
        }
        return out.joined(separator: "\n")
    }
}

/// Id → name lookups for rendering a report.
public struct Names: Sendable {
    let parties: [String: String]
    let issues: [String: ScenarioSummary.IssueEntry]
    /// Party ids in scenario order.
    public let partyOrder: [String]
    let issueOrder: [String]

    public init(_ summary: ScenarioSummary) {
        parties = Dictionary(uniqueKeysWithValues: summary.parties.map { ($0.id, $0.name) })
        issues = Dictionary(uniqueKeysWithValues: summary.issues.map { ($0.id, $0) })
        partyOrder = summary.parties.map(\.id)
        issueOrder = summary.issues.map(\.id)
    }

    public func party(_ id: String) -> String { parties[id] ?? id }
    public func issue(_ id: String) -> String { issues[id]?.name ?? id }
    public func option(_ issue: String, _ id: String) -> String {
        issues[issue]?.options.first { $0.id == id }?.name ?? id
    }

    /// "NATO path: delayed 20 years; troops: none", in scenario issue order.
    public func packageText(_ package: [String: String]) -> String {
        let parts = issueOrder.compactMap { id in package[id].map { "\(issue(id)): \(option(id, $0))" } }
        return parts.isEmpty ? "(nothing)" : parts.joined(separator: "; ")
    }

    /// "Russia 0.41, Ukraine 0.55", in scenario party order.
    public func utilitiesText(_ utilities: [String: Double]) -> String {
        partyOrder.compactMap { id in utilities[id].map { "\(party(id)) \($0.formatted(decimals: 2))" } }
            .joined(separator: ", ")
    }
}

extension AnalysisReport {
    /// How many frontier packages the text lists.
    static let frontierListed = 10
}

extension Double {
    /// A margin over a reservation value, "+0.12" / "-0.30": a negative margin is a shortfall and is
    /// rounded up in size like every printed threshold, so it agrees with "falls short by".
    var signedMargin: String {
        if self < 0 { return "-" + Threshold.roundedUp(-self).formatted(decimals: 2) }
        return "+" + formatted(decimals: 2).replacingOccurrences(of: "-", with: "")
    }
}
