import ParleyCore

/// The result of `parley whatif`: the analysis with explicit changes, and how it differs from the
/// base case.
public struct WhatIfReport: Hashable, Sendable, Codable {
    public var contract = "parley.whatif/1"
    public var changes: [String]
    /// Plain sentences: verdicts that flip, the zone appearing or vanishing, solutions that move.
    public var differences: [String]
    public var base: AnalysisReport
    public var changed: AnalysisReport

    public init(changes: [ScenarioChange], base: AnalysisReport, changed: AnalysisReport) {
        self.changes = changes.map(\.description)
        self.base = base
        self.changed = changed
        differences = Self.differences(base, changed)
    }

    /// The differences in results between two analyses of (versions of) a scenario, as sentences.
    public static func differences(_ base: AnalysisReport, _ changed: AnalysisReport) -> [String] {
        let names = Names(changed.scenario)
        var out: [String] = []
        for after in changed.proposals where !base.proposals.contains(where: { $0.id == after.id }) {
            let rejecting = after.evaluations.filter { !$0.accepts }.map { names.party($0.party) }
            out.append("New proposal \(after.id): " + (rejecting.isEmpty ? "accepted by every party."
                : "rejected by " + rejecting.joined(separator: ", ") + "."))
        }
        for after in changed.proposals {
            guard let before = base.proposals.first(where: { $0.id == after.id }) else { continue }
            for (a, b) in zip(before.evaluations, after.evaluations) where a.accepts != b.accepts {
                out.append("\(names.party(b.party)) now \(b.accepts ? "accepts" : "rejects") \(after.id) (it \(a.accepts ? "accepted" : "rejected") it): \(b.reason)")
            }
            if before.acceptedByAll != after.acceptedByAll {
                out.append("Proposal \(after.id) is now \(after.acceptedByAll ? "accepted by every party" : "rejected by some party").")
            }
            if before.passes != after.passes, changed.agreementSpace.rule.rule != "unanimity" {
                out.append("Proposal \(after.id) now \(after.passes ? "passes" : "no longer passes") the agreement rule.")
            }
        }
        let a = base.agreementSpace, b = changed.agreementSpace
        if a.zoneSize != b.zoneSize {
            if a.zoneSize == 0 { out.append("A zone of possible agreement appears: \(b.zoneSize) package\(b.zoneSize == 1 ? "" : "s").") }
            else if b.zoneSize == 0 { out.append("The zone of possible agreement vanishes (it had \(a.zoneSize) packages).") }
            else { out.append("The zone of possible agreement goes from \(a.zoneSize) to \(b.zoneSize) packages.") }
        }
        let solutions: [(String, PackageReport?, PackageReport?)] = [
            ("Nash", a.solutions.nash, b.solutions.nash), ("Kalai-Smorodinsky", a.solutions.kalaiSmorodinsky, b.solutions.kalaiSmorodinsky),
            ("egalitarian", a.solutions.egalitarian, b.solutions.egalitarian), ("utilitarian", a.solutions.utilitarian, b.solutions.utilitarian)]
        // Solutions that moved, grouped when they moved to the same package.
        var moved: [(names: [String], package: [String: String]?)] = []
        for (name, before, after) in solutions where before?.package != after?.package {
            if let index = moved.firstIndex(where: { $0.package == after?.package }) { moved[index].names.append(name) }
            else { moved.append(([name], after?.package)) }
        }
        for group in moved {
            let list = group.names.count == 1 ? group.names[0]
                : group.names.dropLast().joined(separator: ", ") + " and " + group.names.last!
            if let package = group.package {
                out.append("The \(list) package\(group.names.count == 1 ? " is" : "s are") now: " + names.packageText(package) + ".")
            } else {
                out.append("There is no \(list) package any more.")
            }
        }
        if b.zoneSize == 0, let x = a.closest.first, let y = b.closest.first, x.package != y.package || abs(x.totalShortfall - y.totalShortfall) > 1e-9 {
            out.append("The closest package is now " + names.packageText(y.package) + " (total shortfall \(y.totalShortfall.formatted(decimals: 2)), was \(x.totalShortfall.formatted(decimals: 2))).")
        }
        if out.isEmpty { out.append("Nothing changes: every verdict, the zone and the solutions stay as they were.") }
        return out
    }

    /// The report as text: the differences, then the changed analysis.
    public func text() -> String {
        (["What if: " + changes.joined(separator: "; "), ""] + differences.map { "- " + $0 } + ["", "The analysis with these changes:", ""])
            .joined(separator: "\n") + "\n" + changed.text()
    }
}
