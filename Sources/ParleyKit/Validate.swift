import ParleyCore

/// The `validate` use case's result: whether the file is a valid scenario, what it holds, and its
/// diagnostics.
public struct ValidationReport: Hashable, Sendable, Codable {
    public var contract = "parley.validation/1"
    public var file: String
    public var valid: Bool
    public var parties: Int?
    public var issues: Int?
    public var proposals: Int?
    public var packages: Int?
    public var diagnostics: [Diagnostic]

    /// The report for a scenario that loaded (possibly with warnings).
    public init(_ loaded: LoadedScenario) {
        file = loaded.file
        valid = true
        parties = loaded.scenario.parties.count
        issues = loaded.scenario.issues.count
        proposals = loaded.scenario.proposals.count
        packages = loaded.scenario.packageCount
        diagnostics = loaded.warnings
    }

    /// The report for a file that did not load.
    public init(file: String, error: DiagnosticError) {
        self.file = file
        valid = false
        diagnostics = error.diagnostics
    }
}
