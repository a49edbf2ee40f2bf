/// A scenario as a reader found it, before validation: the same parts as a ``Scenario`` plus where
/// each was written, with none of the scenario's invariants guaranteed.
///
/// Every reader (Parley YAML/JSON, GENIUS, GeniusWeb, NegMAS) produces a draft; only
/// ``ScenarioValidator`` turns a draft into a ``Scenario``, so a scenario read from any format holds
/// the same invariants (unique ids, stances aligned with issues, finite numbers, packages that name
/// existing options).
///
/// ```swift
/// var draft = ScenarioDraft(id: "laptop", title: "Laptop", file: "Laptop/domain.xml")
/// draft.issues.append(issue, at: location)
/// let decoded = try draft.validated()   // throws DiagnosticError with every problem
/// ```
public struct ScenarioDraft: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var date: String?
    public var sources: [Source] = []
    public var parties: [Party] = []
    public var issues: [Issue] = []
    public var proposals: [Proposal] = []
    public var conflict: ConflictModel?
    public var leverage: [Leverage] = []
    /// Who must agree (unanimity unless stated).
    public var agreement: AgreementRule = .unanimity
    /// The file the draft was read from (its folder or main file), for problems with no better place.
    public var file: String
    /// Where each part was written; shorter arrays (or `nil` entries) fall back to the file's start.
    public var locations = Locations()

    /// Where a draft's parts were written, aligned with the draft's arrays.
    public struct Locations: Sendable, Hashable {
        public var scenario: SourceLocation?
        public var parties: [SourceLocation?] = []
        public var issues: [SourceLocation?] = []
        /// For each issue, where each of its options was written.
        public var options: [[SourceLocation?]] = []
        public var proposals: [SourceLocation?] = []
        public var sources: [SourceLocation?] = []
        public var leverage: [SourceLocation?] = []
        /// Where the agreement rule was written (its parts under `agreement/quota`, `agreement/vetoes`, ... in ``map``).
        public var agreement: SourceLocation?
        /// Named places (`issues`, `parties/RU`, ...) carried on to the ``DecodedScenario``.
        public var map = SourceMap()

        public init() {}
    }

    public init(id: String, title: String, description: String? = nil, date: String? = nil, file: String) {
        self.id = id
        self.title = title
        self.description = description
        self.date = date
        self.file = file
    }

    /// Adds a party and where it was written.
    public mutating func append(_ party: Party, at location: SourceLocation?) {
        locations.parties.append(location)
        parties.append(party)
    }

    /// Adds an issue, where it was written and where each of its options was written.
    public mutating func append(_ issue: Issue, at location: SourceLocation?, options: [SourceLocation?] = []) {
        locations.issues.append(location)
        locations.options.append(options)
        issues.append(issue)
    }

    /// Validates the draft: the one way to make a ``Scenario``.
    /// - Parameter warnings: what the reader found usable but doubtful, passed on with the result.
    /// - Throws: ``DiagnosticError`` with every problem found (and the warnings).
    public func validated(warnings: [Diagnostic] = []) throws(DiagnosticError) -> DecodedScenario {
        var context = DecodingContext()
        context.diagnostics = warnings
        guard let scenario = ScenarioValidator().validate(self, &context) else {
            throw DiagnosticError(context.diagnostics)
        }
        return DecodedScenario(scenario: scenario, warnings: context.diagnostics, locations: locations.map)
    }

    // MARK: Locations with fallbacks

    var fileStart: SourceLocation { locations.scenario ?? .start(of: file) }

    func partyLocation(_ index: Int) -> SourceLocation { element(locations.parties, index) ?? fileStart }
    func issueLocation(_ index: Int) -> SourceLocation { element(locations.issues, index) ?? fileStart }
    func proposalLocation(_ index: Int) -> SourceLocation { element(locations.proposals, index) ?? fileStart }
    func sourceLocation(_ index: Int) -> SourceLocation { element(locations.sources, index) ?? fileStart }
    func leverageLocation(_ index: Int) -> SourceLocation { element(locations.leverage, index) ?? fileStart }
    func optionLocation(_ issue: Int, _ option: Int) -> SourceLocation {
        (locations.options.indices.contains(issue) ? element(locations.options[issue], option) : nil) ?? issueLocation(issue)
    }

    private func element(_ array: [SourceLocation?], _ index: Int) -> SourceLocation? {
        array.indices.contains(index) ? array[index] : nil
    }
}
