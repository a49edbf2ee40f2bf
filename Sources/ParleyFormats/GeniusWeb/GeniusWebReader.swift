import Foundation
import ParleyCore

/// Reads a GeniusWeb scenario: a domain file (`{"name", "issuesValues": {issue: {"values": [...]}}}`)
/// and one `LinearAdditiveUtilitySpace` profile per party (discrete and number utilities, issue
/// weights, reservation bid).
///
/// Parties are the profile files in file-name order. The reservation value is the profile's
/// utility of its `reservationBid` (as NegMAS reads it), or 0 without one.
public enum GeniusWebReader {
    public static func read(folder: String, normalization: UtilityNormalization = .genius)
        throws(DiagnosticError) -> DecodedScenario {
        var domains: [(String, DocumentNode)] = []
        var profiles: [(String, DocumentNode)] = []
        var sources: [String: String] = [:]
        for file in try FolderListing.files(in: folder, extensions: ["json"]) where !file.hasSuffix("specials.json") {
            let text = try ScenarioReader.readText(at: file)
            sources[file] = text
            let root: DocumentNode
            do { root = try YAMLDocumentReader.read(text, file: file) } catch { throw DiagnosticError(error.diagnostics, sources: sources) }
            if root["issuesValues"] != nil { domains.append((file, root)) }
            if root["LinearAdditiveUtilitySpace"] != nil { profiles.append((file, root)) }
        }
        var context = DecodingContext()
        guard let (domainFile, domainRoot) = domains.first else {
            throw DiagnosticError([Diagnostic(.error, "\(folder) has no GeniusWeb domain (a .json file with 'issuesValues')",
                                              at: nil, help: "add the domain file beside the profiles")])
        }
        var draft = ScenarioDraft(id: FolderListing.name(folder), title: domainRoot["name"]?.scalarText ?? FolderListing.stem(domainFile),
                                  description: "GeniusWeb domain", file: domainFile)
        var issues: [Issue] = []
        for entry in domainRoot["issuesValues"]?.entries ?? [] {
            let items = (entry.value["values"]?.items ?? []).filter { $0.scalarText != nil }
            let values = items.compactMap(\.scalarText)
            guard !values.isEmpty else {
                context.error("issue '\(entry.key.text)' lists no values", at: entry.key.location,
                              help: "give it \"values\": [...]; number ranges are not supported")
                continue
            }
            let issue = Issue(id: Issue.ID(entry.key.text), name: entry.key.text, kind: .categorical,
                              options: values.map { Option(id: Option.ID($0), name: $0) })
            issues.append(issue)
            draft.append(issue, at: entry.key.location, options: items.map(\.location))
        }
        guard profiles.count >= 2 else {
            throw DiagnosticError([Diagnostic(.error, "\(folder) has \(profiles.count) GeniusWeb profiles; a negotiation needs at least two",
                                              at: .start(of: domainFile), help: "add one LinearAdditiveUtilitySpace file per party")],
                                  sources: sources)
        }
        for (file, root) in profiles.sorted(by: { $0.0 < $1.0 }) {
            guard let space = root["LinearAdditiveUtilitySpace"] else { continue }
            var weights: [Double] = [], values: [[Double]] = []
            let issueIDs = issues.map(\.id.rawValue)
            let weightTable = space["issueWeights"]
            context.unknownKeys(weightTable, known: issueIDs, { "a weight for issue '\($0)', which the domain does not have" }, theKnown: "the domain's issues")
            context.unknownKeys(space["issueUtilities"], known: issueIDs, { "utilities for issue '\($0)', which the domain does not have" }, theKnown: "the domain's issues")
            for issue in issues {
                let id = issue.id.rawValue
                weights.append(context.imported(weightTable?[id], "the weight of issue '\(id)'", in: 0...Double.greatestFiniteMagnitude,
                                                absent: nil, missingAt: weightTable?.location ?? space.location) ?? 0)
                let utilities = space["issueUtilities"]?[id]
                if let table = utilities?["discreteutils"]?["valueUtilities"] {
                    let optionIDs = issue.options.map(\.id.rawValue)
                    context.unknownKeys(table, known: optionIDs, { "a utility for '\($0)', which is not a value of issue '\(id)'" }, theKnown: "its values")
                    // A value the table leaves out is worth 0. GeniusWeb itself keeps discrete utilities in
                    // [0, 1]; any finite number is read here, as files converted from GENIUS's evaluations
                    // (Parley's own GeniusWeb writer among them) hold larger ones.
                    values.append(optionIDs.map { context.imported(table[$0], "the utility of '\($0)' (issue '\(id)')", absent: 0, missingAt: table.location) ?? 0 })
                } else if let number = utilities?["numberutils"] {
                    // Piecewise linear between (lowValue, lowUtility) and (highValue, highUtility).
                    let lowValue = number["lowValue"]?.number ?? 0, highValue = number["highValue"]?.number ?? 1
                    let lowUtility = number["lowUtility"]?.number ?? 0, highUtility = number["highUtility"]?.number ?? 1
                    values.append(issue.options.map { option in
                        let x = Double(option.id.rawValue) ?? lowValue
                        let t = highValue == lowValue ? 0 : (x - lowValue) / (highValue - lowValue)
                        return lowUtility + t * (highUtility - lowUtility)
                    })
                } else {
                    context.error("the profile gives no utilities for issue '\(issue.id)'", at: space.location,
                                  help: "add it under issueUtilities with discreteutils or numberutils")
                    values.append(issue.options.map { _ in 0 })
                }
            }
            let name = space["name"]?.scalarText ?? FolderListing.stem(file)
            var profile = ImportedProfile(name: name, weights: weights, values: values, reservation: 0)
            if let bid = space["reservationBid"]?["issuevalues"] {
                let options = issues.map { issue in issue.optionIndex(of: Option.ID(bid[issue.id.rawValue]?.scalarText ?? "")) }
                if options.allSatisfy({ $0 != nil }) {
                    profile.reservation = profile.utility(options.map { $0! })
                } else {
                    context.warning("the reservation bid of \(name) does not name an option of every issue; 0 is used",
                                    at: space["reservationBid"]!.location)
                }
            }
            draft.append(Party(id: Party.ID(name), name: name,
                               preferences: profile.preferences(normalization: normalization, issues: issues)),
                         at: space["name"]?.location ?? space.location)
        }
        guard !context.hasErrors else { throw DiagnosticError(context.diagnostics, sources: sources) }
        do { return try draft.validated(warnings: context.diagnostics) } catch {
            throw DiagnosticError(error.diagnostics, sources: sources)
        }
    }
}
