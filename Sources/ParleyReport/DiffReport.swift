/// The result of `parley diff`: what changed between two versions of a scenario, and what that did
/// to the results.
public struct DiffReport: Hashable, Sendable, Codable {
    public var contract = "parley.diff/1"
    public var old: String
    public var new: String
    /// The changes in the scenario, one sentence each.
    public var changes: [String]
    /// The changes in the results: verdicts flipped, zone appearing or vanishing, solutions moved.
    public var effects: [String]

    public init(old: String, new: String, changes: [String], base: AnalysisReport, changed: AnalysisReport) {
        self.old = old
        self.new = new
        self.changes = changes
        effects = WhatIfReport.differences(base, changed)
    }

    public func text() -> String {
        var out = ["From \(old) to \(new)", "", "What changed in the scenario:"]
        out += changes.isEmpty ? ["  nothing"] : changes.map { "  - " + $0 }
        out += ["", "What that does to the results:"] + effects.map { "  - " + $0 }
        return out.joined(separator: "\n") + "\n"
    }
}
