import ParleyAnalysis
import ParleyCore

extension AnalysisReport {
    /// Builds the report from a scenario and its analyses.
    public init(scenario: Scenario, file: String?, warnings: [Diagnostic], model: UtilityModel,
                evaluations: [(Proposal, PackageEvaluation)], space: AgreementSpace) {
        let builder = ReportBuilder(scenario: scenario, model: model)
        self.init(
            scenario: builder.summary(file: file), warnings: warnings,
            proposals: evaluations.map { builder.proposal($0.0, $0.1) },
            agreementSpace: builder.agreementSpace(space))
    }
}

/// Turns analysis values (indices) into report values (ids and names).
public struct ReportBuilder: Sendable {
    public let scenario: Scenario
    public let model: UtilityModel
    let explanation: Explanation

    public init(scenario: Scenario, model: UtilityModel) {
        self.scenario = scenario
        self.model = model
        explanation = Explanation(scenario: scenario, model: model)
    }

    public func summary(file: String?) -> ScenarioSummary {
        ScenarioSummary(
            id: scenario.id, title: scenario.title, file: file,
            parties: scenario.parties.enumerated().map {
                .init(id: $0.element.id.rawValue, name: $0.element.name, reservation: model.reservations[$0.offset])
            },
            issues: scenario.issues.map { issue in
                .init(id: issue.id.rawValue, name: issue.name,
                      options: issue.options.map { .init(id: $0.id.rawValue, name: $0.name) },
                      statusQuo: issue.statusQuo.map { issue.options[$0].id.rawValue })
            })
    }

    public func package(_ options: [Int?]) -> [String: String] {
        var result: [String: String] = [:]
        for (i, option) in options.enumerated() {
            if let option { result[scenario.issues[i].id.rawValue] = scenario.issues[i].options[option].id.rawValue }
        }
        return result
    }

    public func byParty(_ values: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(scenario.parties.map(\.id.rawValue), values))
    }

    public func proposal(_ proposal: Proposal, _ evaluation: PackageEvaluation) -> ProposalReport {
        var statusQuo: [String: String] = [:]
        for i in evaluation.statusQuoIssues {
            statusQuo[scenario.issues[i].id.rawValue] = scenario.issues[i].options[evaluation.settled[i]!].id.rawValue
        }
        return ProposalReport(
            id: proposal.id.rawValue, name: proposal.name, proposer: proposal.proposer?.rawValue, date: proposal.date,
            package: package(proposal.package.options), statusQuo: statusQuo,
            unaddressed: evaluation.openIssues.map { scenario.issues[$0].id.rawValue },
            acceptedByAll: evaluation.acceptedByAll,
            passes: evaluation.passes, accepting: evaluation.acceptingCount,
            blockedBy: evaluation.blockedBy.map { scenario.parties[$0].id.rawValue },
            evaluations: evaluation.verdicts.map(verdict))
    }

    public func verdict(_ verdict: PartyVerdict) -> EvaluationReport {
        EvaluationReport(
            party: scenario.parties[verdict.party].id.rawValue, utility: verdict.utility,
            reservation: verdict.reservation, margin: verdict.margin, accepts: verdict.accepts,
            breaches: verdict.breaches.map { breach($0.redLine, throughOpenIssue: $0.throughOpenIssues) },
            for: verdict.driversFor.map(driver), against: verdict.driversAgainst.map(driver),
            reason: explanation.reason(for: verdict))
    }

    func breach(_ index: Int, throughOpenIssue: Bool) -> BreachReport {
        let redLine = explanation.redLine(index)
        return BreachReport(party: scenario.parties[model.redLines[index].party].id.rawValue,
                            redLine: redLine.id.rawValue, description: redLine.description,
                            rule: redLine.rule.described(in: scenario),
                            throughOpenIssue: throughOpenIssue, quote: redLine.provenance.quote)
    }

    func driver(_ driver: IssueDriver) -> DriverReport {
        let issue = scenario.issues[driver.issue]
        return DriverReport(issue: issue.id.rawValue, option: issue.options[driver.option].id.rawValue,
                            open: driver.isOpen, share: driver.share)
    }

    public func point(_ point: FrontierPoint) -> PackageReport {
        PackageReport(package: package(point.package(in: model.space).options), utilities: byParty(point.utilities))
    }

    public func agreementSpace(_ space: AgreementSpace) -> AgreementSpaceReport {
        let ids = scenario.parties.map(\.id.rawValue)
        return AgreementSpaceReport(
            rule: RuleReport(scenario.agreement),
            packages: space.packageCount, packagesApproximate: space.packageCount == 0 && space.sampled != nil ? space.approximatePackageCount : nil,
            zoneSize: space.zoneSize, unanimousSize: space.unanimousSize,
            acceptingByParty: Dictionary(uniqueKeysWithValues: zip(ids, space.acceptingByParty)),
            acceptableByParty: Dictionary(uniqueKeysWithValues: zip(ids, space.acceptableByParty)),
            meetingReservations: space.meetingReservations,
            redLineBlocks: space.redLineBlocks.map {
                RedLineBlockReport(party: scenario.parties[model.redLines[$0.redLine].party].id.rawValue,
                                   redLine: model.redLines[$0.redLine].id.rawValue, packagesRuledOut: $0.packagesRuledOut)
            },
            rationalFraction: space.rationalFraction, opposition: space.opposition, sampled: space.sampled,
            frontier: space.frontier.map(point),
            solutions: SolutionsReport(
                nash: space.solutions[.nash].map(point),
                kalaiSmorodinsky: space.solutions[.kalaiSmorodinsky].map(point),
                egalitarian: space.solutions[.egalitarian].map(point),
                utilitarian: space.solutions[.utilitarian].map(point)),
            closest: space.hasZone ? [] : space.closest.map { close in
                ClosestReport(criterion: close.criterion, package: package(close.package.options),
                              utilities: byParty(close.utilities), shortfalls: byParty(close.shortfalls),
                              totalShortfall: close.totalShortfall, worstShortfall: close.worstShortfall,
                              breaches: close.breaches.map { breach($0, throughOpenIssue: false) },
                              needed: close.needed.map { ids[$0] })
            })
    }
}
