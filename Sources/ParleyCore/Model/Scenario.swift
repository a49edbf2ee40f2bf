/// A negotiation written down: who is at the table, what is being decided, what each party wants,
/// what has been proposed, and the sources all of it rests on.
///
/// A `Scenario` exists only after validation (see ``ScenarioValidator``), so downstream code can rely
/// on its invariants: ids are unique; every party has a stance vector aligned with ``issues``; every
/// option value is defined; every proposal's package refers to existing options.
public struct Scenario: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var description: String?
    public var date: String?
    public var sources: [Source]
    public var parties: [Party]
    public var issues: [Issue]
    public var proposals: [Proposal]
    /// The conflict of moves and threats, when the scenario models one (Graph Model).
    public var conflict: ConflictModel?
    /// Named moves that change the parties' alternatives (reservation values, red lines).
    public var leverage: [Leverage] = []
    /// Who must agree for a package to pass (every party by default).
    public var agreement: AgreementRule = .unanimity

    /// Made only by ``ScenarioValidator`` (and by tests inside the package): every other way to a
    /// scenario goes through a ``ScenarioDraft``.
    package init(id: String, title: String, description: String? = nil, date: String? = nil,
                sources: [Source] = [], parties: [Party], issues: [Issue], proposals: [Proposal] = [],
                conflict: ConflictModel? = nil) {
        self.conflict = conflict
        self.id = id
        self.title = title
        self.description = description
        self.date = date
        self.sources = sources
        self.parties = parties
        self.issues = issues
        self.proposals = proposals
    }

    public func partyIndex(of id: Party.ID) -> Int? { parties.firstIndex { $0.id == id } }
    public func issueIndex(of id: Issue.ID) -> Int? { issues.firstIndex { $0.id == id } }
    public func proposal(_ id: Proposal.ID) -> Proposal? { proposals.first { $0.id == id } }
    public func source(_ id: Source.ID) -> Source? { sources.first { $0.id == id } }

    /// The number of complete packages: the product of the issues' option counts, or `nil` when it
    /// overflows.
    public var packageCount: Int? {
        var count = 1
        for issue in issues {
            let (product, overflow) = count.multipliedReportingOverflow(by: issue.options.count)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The package as issue id → option id, skipping unaddressed issues, in issue order.
    public func choices(of package: Package) -> [(issue: Issue, option: Option)] {
        zip(issues, package.options).compactMap { issue, option in option.map { (issue, issue.options[$0]) } }
    }
}
