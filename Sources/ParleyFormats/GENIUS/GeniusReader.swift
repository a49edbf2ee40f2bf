import Foundation
import ParleyCore

/// Reads a GENIUS negotiation domain: one domain file (`<negotiation_template>`) and one
/// additive utility-space file (`<utility_space>`) per party, as the ANAC competitions ship them.
///
/// Parties are the profile files in file-name order, named by the file name without extension
/// (as NegMAS orders them). Discrete issues become categorical issues whose option ids are the
/// item values; integer issues become numeric issues with one option per integer; real issues are
/// discretised into ``realIssueSteps`` evenly spaced values (a warning says so). How the numbers
/// are read is chosen by ``UtilityNormalization`` (GENIUS's own semantics by default). `cost`
/// attributes are ignored; the discount factor is kept on the preferences.
///
/// ```swift
/// let decoded = try GeniusReader.read(folder: "scenarios/Laptop")
/// decoded.scenario.parties.map(\.id)   // ["Laptop-C-prof1", "Laptop-C-prof2"]
/// ```
public enum GeniusReader {
    /// How many evenly spaced values a real-valued issue is discretised into.
    public static let realIssueSteps = 101
    /// The largest issue index a GENIUS domain may give (NegMAS fills the unused ones below it).
    public static let maxIssueIndex = 10_000

    /// Reads the GENIUS domain in `folder`.
    /// - Throws: ``DiagnosticError`` naming the file, line and column of every problem.
    public static func read(folder: String, normalization: UtilityNormalization = .genius)
        throws(DiagnosticError) -> DecodedScenario {
        let files = try FolderListing.files(in: folder, extensions: ["xml"])
        var domains: [(String, XMLElement, String)] = []
        var profiles: [(String, XMLElement, String)] = []
        var sources: [String: String] = [:]
        var problems: [Diagnostic] = []
        for file in files where !file.lowercased().hasSuffix("pareto.xml") {
            do {
                let text = try ScenarioReader.readText(at: file)
                sources[file] = text
                let root = try XMLTreeReader.read(text, file: file)
                switch root.name {
                case "negotiation_template": domains.append((file, root, text))
                case "utility_space": profiles.append((file, root, text))
                default: continue
                }
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: sources) }
        guard domains.count == 1 else {
            throw DiagnosticError([Diagnostic(
                .error, domains.isEmpty ? "\(folder) has no GENIUS domain file (an XML file whose root is <negotiation_template>)"
                    : "\(folder) has \(domains.count) GENIUS domain files: \(domains.map { FolderListing.name($0.0) }.joined(separator: ", "))",
                at: nil, help: "put one domain and its profiles in a folder")], sources: sources)
        }
        guard profiles.count >= 2 else {
            throw DiagnosticError([Diagnostic(
                .error, "\(folder) has \(profiles.count) GENIUS profile\(profiles.count == 1 ? "" : "s") (XML files whose root is <utility_space>); a negotiation needs at least two",
                at: nil, help: "add one utility-space file per party")], sources: sources)
        }
        var context = DecodingContext()
        let domain = GeniusDomain.read(domains[0].1, &context)
        var draft = ScenarioDraft(id: FolderListing.name(folder), title: FolderListing.stem(domains[0].0),
                                  description: "GENIUS domain read with \(normalization.rawValue) semantics", file: domains[0].0)
        for (file, root, _) in profiles.sorted(by: { $0.0 < $1.0 }) {
            guard let domain, let preferences = GeniusProfile.read(root, domain: domain, normalization: normalization, &context)
            else { continue }
            let name = FolderListing.stem(file)
            draft.append(Party(id: Party.ID(name), name: name, preferences: preferences), at: root.location)
        }
        guard let domain, !context.hasErrors else { throw DiagnosticError(context.diagnostics, sources: sources) }
        for entry in domain.issues { draft.append(entry.issue, at: entry.location, options: entry.optionLocations) }
        draft.locations.map.record("issues", domain.location)
        do { return try draft.validated(warnings: context.diagnostics) } catch {
            throw DiagnosticError(error.diagnostics, sources: sources)
        }
    }
}

/// The issues of a GENIUS domain file.
struct GeniusDomain {
    struct Entry {
        var index: Int
        var issue: Issue
        /// For integer issues: the lower bound (GENIUS shifts its evaluator by it).
        var lowerBound: Int?
        /// Whether the issue is real-valued (discretised; its evaluator is not shifted).
        var isReal = false
        /// Where the issue and each of its options were written.
        var location: SourceLocation? = nil
        var optionLocations: [SourceLocation?] = []
    }

    var issues: [Entry]
    var location: SourceLocation
    /// Issue indices between 1 and the largest index that no issue uses (NegMAS fills each with a dummy issue).
    var missingIndices: Int

    static func read(_ root: XMLElement, _ context: inout DecodingContext) -> GeniusDomain? {
        guard let objective = root.firstDescendant(named: "objective") else {
            context.error("the domain has no <objective> element", at: root.location,
                          help: "a GENIUS domain lists its issues inside <utility_space><objective>")
            return nil
        }
        var entries: [Entry] = []
        for element in objective.descendants(named: "issue") {
            guard let name = element.attributes["name"], !name.isEmpty else {
                context.error("an <issue> has no name", at: element.location, help: "add name=\"...\"")
                continue
            }
            let index = element.attributes["index"].flatMap { Int($0) } ?? (entries.count + 1)
            // NegMAS fills every unused index below the largest with a dummy issue: an index far
            // beyond the issues there are would stand for millions of them.
            guard (1...GeniusReader.maxIssueIndex).contains(index) else {
                context.error("issue '\(name)' has index \(element.attributes["index"] ?? "?"); an index is from 1 to \(GeniusReader.maxIssueIndex)",
                              at: element.location, help: "number the issues 1, 2, 3, ... in the domain and its profiles")
                continue
            }
            let type = (element.attributes["type"] ?? element.attributes["etype"] ?? element.attributes["vtype"] ?? "discrete").lowercased()
            switch type {
            case "discrete":
                let items = element.children(named: "item").filter { $0.attributes["value"] != nil }
                let values = items.compactMap { $0.attributes["value"] }
                guard !values.isEmpty else {
                    context.error("discrete issue '\(name)' has no <item> values", at: element.location,
                                  help: "list its values as <item index=\"1\" value=\"...\"/>")
                    continue
                }
                entries.append(Entry(index: index, issue: Issue(
                    id: Issue.ID(name), name: name, kind: .categorical,
                    options: values.map { Option(id: Option.ID($0), name: $0) }),
                    location: element.location, optionLocations: items.map(\.location)))
            case "integer":
                guard let low = element.attributes["lowerbound"].flatMap({ Int($0) }),
                      let high = element.attributes["upperbound"].flatMap({ Int($0) }), low <= high else {
                    context.error("integer issue '\(name)' needs integer lowerbound and upperbound attributes, lower first",
                                  at: element.location)
                    continue
                }
                guard high - low < 100_000 else {
                    context.error("integer issue '\(name)' has \(high - low + 1) values; at most 100,000 are supported",
                                  at: element.location)
                    continue
                }
                entries.append(Entry(index: index, issue: Issue(
                    id: Issue.ID(name), name: name, kind: .numeric,
                    options: (low...high).map { Option(id: Option.ID(String($0)), name: String($0), position: Double($0)) }),
                    lowerBound: low, location: element.location))
            case "real":
                let range = element.firstDescendant(named: "range")
                guard let low = (range?.attributes["lowerbound"] ?? element.attributes["lowerbound"]).flatMap({ Double($0) }),
                      let high = (range?.attributes["upperbound"] ?? element.attributes["upperbound"]).flatMap({ Double($0) }),
                      low <= high else {
                    context.error("real issue '\(name)' needs a <range lowerbound=... upperbound=...>, lower first", at: element.location)
                    continue
                }
                let steps = GeniusReader.realIssueSteps
                let values = (0..<steps).map { low + (high - low) * Double($0) / Double(steps - 1) }
                context.warning("real issue '\(name)' is discretised into \(steps) evenly spaced values from \(low.decimalText) to \(high.decimalText)",
                                at: element.location, help: "give the issue discrete values to choose them yourself")
                entries.append(Entry(index: index, issue: Issue(
                    id: Issue.ID(name), name: name, kind: .numeric,
                    options: values.map { Option(id: Option.ID($0.decimalText), name: $0.decimalText, position: $0) }),
                    isReal: true, location: element.location))
            default:
                context.error("issue '\(name)' is of type '\(type)'; only discrete, integer and real issues can be read",
                              at: element.location, help: "describe the issue as a discrete, integer or real one")
            }
        }
        entries.sort { $0.index < $1.index }
        if entries.isEmpty, !context.hasErrors {
            context.error("the domain has no issues", at: objective.location)
        }
        let used = Set(entries.map(\.index))
        let missing = max(1, entries.map(\.index).max() ?? 1) - used.count
        return GeniusDomain(issues: entries, location: objective.location, missingIndices: missing)
    }
}

/// One party's GENIUS additive utility space.
enum GeniusProfile {
    static func read(_ root: XMLElement, domain: GeniusDomain, normalization: UtilityNormalization,
                     _ context: inout DecodingContext) -> Preferences? {
        if let type = root.attributes["type"], type.lowercased() == "nonlinear" {
            context.error("this profile is a non-linear (hyper-rectangle) utility space, which Parley cannot read yet",
                          at: root.location, help: "use a linear additive profile")
            return nil
        }
        var weightsByIndex: [Int: Double] = [:]
        for weight in root.descendants(named: "weight") {
            guard let index = weight.attributes["index"].flatMap({ Int($0) }),
                  let value = weight.attributes["value"].flatMap({ Double($0) }) else {
                context.error("a <weight> needs a numeric index and value", at: weight.location)
                continue
            }
            guard value.isFinite, value >= 0 else {
                context.error("weight \(index) is \(value); a weight is a finite number, 0 or more", at: weight.location,
                              help: "write value=\"0.25\" or another weight from 0 up (GENIUS divides by their sum)")
                continue
            }
            weightsByIndex[index] = value
        }
        let issueElements = Dictionary(root.descendants(named: "issue").map { ($0.attributes["name"] ?? "", $0) },
                                       uniquingKeysWith: { first, _ in first })
        var rawValues: [[Double]] = []
        var geniusValues: [[Double]] = []
        var weights: [Double] = []
        for entry in domain.issues {
            guard let element = issueElements[entry.issue.name] else {
                context.error("the profile does not evaluate issue '\(entry.issue.name)'", at: root.location,
                              help: "add an <issue name=\"\(entry.issue.name)\"> with its evaluations")
                return nil
            }
            let index = element.attributes["index"].flatMap { Int($0) } ?? entry.index
            weights.append(weightsByIndex[index] ?? weightsByIndex[entry.index] ?? 0)
            if entry.issue.kind == .numeric {
                guard let evaluator = element.firstDescendant(named: "evaluator"),
                      let slope = (evaluator.attributes["slope"] ?? evaluator.attributes["parameter1"]).flatMap({ Double($0) }),
                      let offset = (evaluator.attributes["offset"] ?? evaluator.attributes["parameter0"]).flatMap({ Double($0) })
                else {
                    context.error("numeric issue '\(entry.issue.name)' needs a linear <evaluator> with slope and offset",
                                  at: element.location)
                    return nil
                }
                // GENIUS shifts an integer evaluator by the lower bound, not a real one; both are clipped to 0..1.
                let low = entry.isReal ? 0 : Double(entry.lowerBound ?? 0)
                let xs = entry.issue.options.map { $0.position ?? 0 }
                rawValues.append(xs.map { slope * $0 + offset })
                geniusValues.append(xs.map { min(1, max(0, slope * ($0 - low) + offset)) })
            } else {
                var byValue: [String: Double] = [:]
                let wellFormed = Set(entry.issue.options.map(\.id)).count == entry.issue.options.count
                    && domain.issues.filter { $0.issue.name == entry.issue.name }.count == 1
                for item in element.children(named: "item") {
                    guard let value = item.attributes["value"] else { continue }
                    guard let evaluation = item.attributes["evaluation"].flatMap({ Double($0) }) else {
                        context.error("item '\(value)' of issue '\(entry.issue.name)' has no numeric evaluation",
                                      at: item.location, help: "add evaluation=\"...\"")
                        continue
                    }
                    guard evaluation.isFinite, evaluation >= 0 else {
                        context.error("item '\(value)' of issue '\(entry.issue.name)' has evaluation \(evaluation); evaluations are finite and 0 or more",
                                      at: item.location, help: "GENIUS divides an issue's evaluations by the largest: write 0 for the worst value")
                        continue
                    }
                    // (A domain with duplicate issues or values is refused by the validator with its
                    // own diagnostic; matching items against it would only add noise.)
                    guard !wellFormed || entry.issue.options.contains(where: { $0.id.rawValue == value }) else {
                        let known = entry.issue.options.map(\.id.rawValue)
                        let hint = DecodingContext.suggestion(for: value, among: known).map { "did you mean '\($0)'? " } ?? ""
                        context.error("item '\(value)' is not a value of issue '\(entry.issue.name)' in the domain", at: item.location,
                                      help: hint + "the domain's values: \(known.joined(separator: ", "))")
                        continue
                    }
                    byValue[value] = evaluation
                }
                let raw = entry.issue.options.map { byValue[$0.id.rawValue] ?? 0 }
                let missing = entry.issue.options.filter { byValue[$0.id.rawValue] == nil }.map(\.id.rawValue)
                if !missing.isEmpty {
                    context.warning("issue '\(entry.issue.name)' gives no evaluation for \(missing.joined(separator: ", ")); 0 is assumed",
                                    at: element.location)
                }
                let largest = raw.max() ?? 0
                rawValues.append(raw)
                geniusValues.append(largest > 0 ? raw.map { $0 / largest } : raw)
            }
        }
        // Real profiles have reservation values below 0 (ANAC's Cypress: -0.036): any finite number is read.
        let reservation = checked(root, "reservation", in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, &context) ?? 0
        let discount = checked(root, "discount_factor", in: 0...1, &context)
        switch normalization {
        case .genius:
            let total = weights.reduce(0, +)
            let normalisedWeights = total > 0 ? weights.map { $0 / total } : weights
            return preferences(weights: normalisedWeights, values: geniusValues, reservation: reservation, offset: 0,
                               discount: discount)
        case .raw, .normalized:
            // NegMAS fills each unused issue index with a dummy one-value issue of weight 1 and value 1.
            let raw = preferences(weights: weights, values: rawValues, reservation: reservation,
                                  offset: Double(domain.missingIndices), discount: discount)
            let limits = domain.issues.map { $0.issue.kind == .categorical ? 10 : nil as Int? }
            return normalization == .raw ? raw : raw.normalized(rangeLimits: limits)
        }
    }

    static func preferences(weights: [Double], values: [[Double]], reservation: Double, offset: Double,
                            discount: Double?) -> Preferences {
        Preferences(reservation: Estimate(reservation),
                    stances: zip(weights, values).map { Stance(weight: Estimate($0), values: $1.map { Estimate($0) }) },
                    offset: offset, discount: discount)
    }

    /// `numberAttribute(root, name)` when absent or within `bounds`; otherwise a located error and nil.
    static func checked(_ root: XMLElement, _ name: String, in bounds: ClosedRange<Double>, _ context: inout DecodingContext) -> Double? {
        guard let element = root.children(named: name).first ?? root.firstDescendant(named: name) else { return nil }
        guard let value = numberAttribute(root, name), value.isFinite, bounds.contains(value) else {
            let range = bounds.lowerBound == -.greatestFiniteMagnitude ? "a finite number"
                : "a number from \(DecodingContext.plain(bounds.lowerBound)) to \(DecodingContext.plain(bounds.upperBound))"
            context.error("<\(name)> must be \(range)",
                          at: element.location, help: "write <\(name) value=\"0.5\"/>, or leave it out")
            return nil
        }
        return value
    }

    /// `<name value="x"/>` or `<name><value>x</value></name>`.
    static func numberAttribute(_ root: XMLElement, _ name: String) -> Double? {
        guard let element = root.children(named: name).first ?? root.firstDescendant(named: name) else { return nil }
        if let value = element.attributes["value"].flatMap({ Double($0) }) { return value }
        if let nested = element.firstDescendant(named: "value") {
            return Double(nested.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Double(element.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// File-system helpers for formats that come as folders.
enum FolderListing {
    /// The files in `folder` with one of `extensions`, sorted by name, hidden files skipped.
    static func files(in folder: String, extensions: Set<String>) throws(DiagnosticError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw DiagnosticError([Diagnostic(.error, "cannot list the folder \(folder)", at: nil, help: "check the path")])
        }
        return names.filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    static func name(_ path: String) -> String { ((path as NSString).standardizingPath as NSString).lastPathComponent }
    static func stem(_ path: String) -> String { (name(path) as NSString).deletingPathExtension }
}
