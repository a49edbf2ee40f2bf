import Foundation
import ParleyCore

/// Reads a NegMAS YAML scenario: a domain file (`type: ...OutcomeSpace`, with `issues`) and one
/// file per party whose `type` is a utility function (`LinearAdditiveUtilityFunction`, possibly
/// wrapped in `ExpDiscountedUFun`). `_info.yaml` and `_stats.yaml` are ignored.
///
/// Issue types: `ContiguousIssue` (`values: [low, high]`, inclusive integers),
/// `DiscreteCardinalIssue` and `CategoricalIssue` (`values: [...]`). Value functions: `TableFun`
/// (`mapping`), `AffineFun` (`slope`, `bias`), `LinearFun` (`slope`), `IdentityFun`, `ConstFun`
/// (`bias`). Parties are the profile files in file-name order, named by their `name`.
public enum NegMASYAMLReader {
    public static func read(folder: String, normalization: UtilityNormalization = .genius)
        throws(DiagnosticError) -> DecodedScenario {
        var domain: (String, DocumentNode)?
        var profiles: [(String, DocumentNode)] = []
        var sources: [String: String] = [:]
        for file in try FolderListing.files(in: folder, extensions: ["yaml", "yml"]) {
            let name = FolderListing.name(file)
            if name.hasPrefix("_") { continue }
            let text = try ScenarioReader.readText(at: file)
            sources[file] = text
            let root: DocumentNode
            do { root = try YAMLDocumentReader.read(text, file: file) } catch { throw DiagnosticError(error.diagnostics, sources: sources) }
            let type = root["type"]?.scalarText ?? ""
            if type.contains("OutcomeSpace") { domain = (file, root) } else if type.lowercased().contains("fun") { profiles.append((file, root)) }
        }
        guard let (domainFile, domainRoot) = domain else {
            throw DiagnosticError([Diagnostic(.error, "\(folder) has no NegMAS domain file (a YAML file whose type is an OutcomeSpace)",
                                              at: nil, help: "add the domain file beside the profiles")])
        }
        var context = DecodingContext()
        var draft = ScenarioDraft(id: FolderListing.name(folder), title: domainRoot["name"]?.scalarText ?? FolderListing.stem(domainFile),
                                  description: "NegMAS YAML scenario", file: domainFile)
        var issues: [Issue] = []
        for node in domainRoot["issues"]?.items ?? [] {
            // Each issue read is added to the draft with where it and its values were written.
            defer {
                if issues.count > draft.issues.count, let issue = issues.last {
                    let items = node["values"]?.items ?? []
                    draft.append(issue, at: node["name"]?.location ?? node.location,
                                 options: items.count == issue.options.count ? items.map(\.location) : [])
                }
            }
            let name = node["name"]?.scalarText ?? "issue \(issues.count + 1)"
            let type = node["type"]?.scalarText ?? "CategoricalIssue"
            let values = node["values"]?.items.compactMap(\.scalarText) ?? []
            switch type {
            case "ContiguousIssue":
                guard values.count == 2, let low = Int(values[0]), let high = Int(values[1]), low <= high, high - low < 100_000 else {
                    context.error("contiguous issue '\(name)' needs values: [low, high] with integer bounds", at: node.location)
                    continue
                }
                issues.append(Issue(id: Issue.ID(name), name: name, kind: .numeric,
                                    options: (low...high).map { Option(id: Option.ID(String($0)), name: String($0), position: Double($0)) }))
            case "DiscreteCardinalIssue", "DiscreteOrdinalIssue":
                issues.append(Issue(id: Issue.ID(name), name: name, kind: .numeric,
                                    options: values.map { Option(id: Option.ID($0), name: $0, position: Double($0)) }))
            case "CategoricalIssue":
                issues.append(Issue(id: Issue.ID(name), name: name, kind: .categorical,
                                    options: values.map { Option(id: Option.ID($0), name: $0) }))
            default:
                context.error("issue '\(name)' has type \(type), which cannot be enumerated", at: node.location,
                              help: "use a ContiguousIssue, DiscreteCardinalIssue or CategoricalIssue")
            }
        }
        for (file, root) in profiles.sorted(by: { $0.0 < $1.0 }) {
            var ufun = root
            var discount: Double?
            if ufun["type"]?.scalarText == "ExpDiscountedUFun", let inner = ufun["ufun"] {
                discount = ufun["discount"]?.number
                ufun = inner
            }
            guard ufun["type"]?.scalarText == "LinearAdditiveUtilityFunction" else {
                context.error("\(FolderListing.name(file)) is a \(ufun["type"]?.scalarText ?? "?"); only LinearAdditiveUtilityFunction is supported",
                              at: ufun.location)
                continue
            }
            let weights = ufun["weights"].map { node in
                node.items.enumerated().map { k, item in
                    context.imported(item, "weight \(k + 1) of \(FolderListing.name(file))", in: 0...Double.greatestFiniteMagnitude,
                                     absent: nil, missingAt: node.location) ?? 0
                }
            } ?? issues.map { _ in 1 }
            let functions = ufun["values"]?.items ?? []
            guard weights.count == issues.count, functions.count == issues.count else {
                context.error("\(FolderListing.name(file)) has \(weights.count) weights and \(functions.count) value functions for \(issues.count) issues",
                              at: ufun.location)
                continue
            }
            var values: [[Double]] = []
            for (issue, function) in zip(issues, functions) {
                values.append(valueFunction(function, issue: issue, &context))
            }
            let name = ufun["name"]?.scalarText ?? FolderListing.stem(file)
            let reserved = Self.reservedValue(ufun["reserved_value"], file: file, &context)
            let profile = ImportedProfile(name: name, weights: weights, values: values,
                                          reservation: reserved.isFinite ? reserved : -Double.greatestFiniteMagnitude,
                                          offset: ufun["bias"]?.number ?? 0, discount: discount)
            draft.append(Party(id: Party.ID(name), name: name,
                               preferences: profile.preferences(normalization: normalization, issues: issues)),
                         at: ufun["name"]?.location ?? ufun.location)
        }
        if draft.parties.count < 2 {
            context.error("\(folder) has \(draft.parties.count) readable profiles; a negotiation needs at least two", at: .start(of: domainFile))
        }
        guard !context.hasErrors else { throw DiagnosticError(context.diagnostics, sources: sources) }
        do { return try draft.validated(warnings: context.diagnostics) } catch {
            throw DiagnosticError(error.diagnostics, sources: sources)
        }
    }

    /// A profile's `reserved_value`: a number, or an infinity as NegMAS writes one (`-inf`, `-.inf`);
    /// 0 when absent.
    static func reservedValue(_ node: DocumentNode?, file: String, _ context: inout DecodingContext) -> Double {
        guard let node else { return 0 }
        let text = node.scalarText?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if ["-inf", "-.inf", "-infinity"].contains(text) { return -.infinity }
        if ["inf", ".inf", "+inf", "+.inf", "infinity"].contains(text) { return .infinity }
        return context.imported(node, "the reserved value of \(FolderListing.name(file))", absent: 0, missingAt: node.location) ?? 0
    }

    static func valueFunction(_ node: DocumentNode, issue: Issue, _ context: inout DecodingContext) -> [Double] {
        let type = node["type"]?.scalarText ?? "TableFun"
        let xs = issue.options.map { $0.position ?? Double($0.id.rawValue) ?? 0 }
        switch type {
        case "TableFun":
            let mapping = node["mapping"]?.entries ?? []
            func matches(_ entry: DocumentNode.Entry, _ option: Option) -> Bool {
                entry.key.text == option.id.rawValue || option.position.map { Double(entry.key.text) == $0 } == true
            }
            for entry in mapping where !issue.options.contains(where: { matches(entry, $0) }) {
                context.error("the table of issue '\(issue.id)' maps '\(entry.key.text)', which is not one of its values", at: entry.key.location,
                              help: "its values: \(issue.options.map(\.id.rawValue).joined(separator: ", "))")
            }
            // A value the table leaves out is worth 0.
            return issue.options.map { option in
                context.imported(mapping.first { matches($0, option) }?.value, "the value of '\(option.id)' (issue '\(issue.id)')",
                                 absent: 0, missingAt: node.location) ?? 0
            }
        case "AffineFun":
            let slope = context.imported(node["slope"], "the slope", absent: 1, missingAt: node.location) ?? 1
            let bias = context.imported(node["bias"], "the bias", absent: 0, missingAt: node.location) ?? 0
            return xs.map { slope * $0 + bias }
        case "LinearFun":
            let slope = context.imported(node["slope"], "the slope", absent: 1, missingAt: node.location) ?? 1
            return xs.map { slope * $0 }
        case "IdentityFun":
            return xs
        case "ConstFun":
            let bias = context.imported(node["bias"], "the bias", absent: 0, missingAt: node.location) ?? 0
            return xs.map { _ in bias }
        default:
            context.error("value function type \(type) is not supported", at: node.location,
                          help: "supported: TableFun, AffineFun, LinearFun, IdentityFun, ConstFun")
            return xs.map { _ in 0 }
        }
    }
}
