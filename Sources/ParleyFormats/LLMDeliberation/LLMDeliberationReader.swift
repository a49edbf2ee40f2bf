import Foundation
import ParleyCore

/// Reads a game of the LLM-Deliberation benchmark (Abdelnabi, Gomaa, Sivaprasad, Schönherr & Fritz,
/// "Cooperation, Competition, and Maliciousness: LLM-Stakeholders Interactive Negotiation",
/// NeurIPS 2024 Datasets & Benchmarks; repository S-Abdelnabi/LLM-Deliberation, folder
/// `games_descriptions/<game>`).
///
/// The layout:
/// - `config.txt`: one line per party, `name,file,role,incentive,model`; roles `p1` (the proposer:
///   it opens with `initial_deal.txt` and makes the final proposal; a veto party), `p2` (the second
///   veto party), `player` and `target` (the victim of the adversarial variant);
/// - `scores_files/<file>.txt`: one line of comma-separated integer scores per issue (A, B, ...),
///   one per option (A1, A2, ...), and a last line with the party's minimum total score;
/// - `global_instructions.txt`: the public story, with `Issue A: "name"` and option lines
///   `A1 "label": ...`;
/// - `individual_instructions/<incentive>/<file>.txt`: each party's confidential brief;
/// - `initial_deal.txt`: p1's opening deal, e.g. `A1,B1,C4,D1,E5`.
///
/// Interpretive choices (the paper and its code differ): a party accepts a deal whose total score is
/// at least its minimum (`>=`, as the briefs say "cannot accept any deal with a score less than the
/// minimum"; the authors' scoring notebook uses `>` and adds a bonus of 10 to p1 when all agree,
/// which is not part of the rule). Scores become utilities by dividing by 100 (each party's best
/// total is 100): issue `i`'s weight is its highest score / 100 and an option's value its score /
/// that highest score, so a party's utility is its total score / 100 exactly up to rounding, and
/// a total at the minimum accepts (the acceptance tolerance, 1e-9, absorbs the rounding). The rule:
/// n − 1 of the n parties, p1 and p2 among them.
public enum LLMDeliberationReader {
    /// The roles a party may have.
    public static let roles = ["p1", "p2", "player", "target"]

    /// Whether `folder` looks like a game: `config.txt`, `global_instructions.txt` and `scores_files/`.
    public static func isGame(_ folder: String) -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        return manager.fileExists(atPath: (folder as NSString).appendingPathComponent("config.txt"))
            && manager.fileExists(atPath: (folder as NSString).appendingPathComponent("global_instructions.txt"))
            && manager.fileExists(atPath: (folder as NSString).appendingPathComponent("scores_files"), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    struct Seat {
        var name: String
        var file: String
        var role: String
        var incentive: String
        var model: String
        var location: SourceLocation
    }

    public static func read(folder: String) throws(DiagnosticError) -> DecodedScenario {
        var context = DecodingContext()
        var sources: [String: String] = [:]
        func path(_ parts: String...) -> String { parts.reduce(folder) { ($0 as NSString).appendingPathComponent($1) } }
        func text(_ file: String) throws(DiagnosticError) -> String {
            let text = try ScenarioReader.readText(at: file)
            sources[file] = text
            return text
        }
        // The seats.
        let configFile = path("config.txt")
        var seats: [Seat] = []
        for (number, raw) in try text(configFile).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let location = SourceLocation(file: configFile, line: number + 1, column: 1)
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 5 else {
                context.error("a config line has \(fields.count) field\(fields.count == 1 ? "" : "s"); it needs 5: name,file,role,incentive,model",
                              at: location, help: "write the party's name, its file name, its role (p1, p2, player or target), its incentive and its model")
                continue
            }
            guard roles.contains(fields[2]) else {
                context.error("unknown role '\(fields[2])'", at: SourceLocation(file: configFile, line: number + 1, column: columnOf(2, in: line)),
                              help: "the roles: \(roles.joined(separator: ", "))")
                continue
            }
            guard !fields[0].isEmpty, !fields[1].isEmpty else {
                context.error("a config line needs a party name and a file name", at: location)
                continue
            }
            seats.append(Seat(name: fields[0], file: fields[1], role: fields[2], incentive: fields[3], model: fields[4...].joined(separator: ","),
                              location: location))
        }
        for role in ["p1", "p2"] {
            let holders = seats.filter { $0.role == role }
            if holders.count != 1 {
                context.error("the game needs exactly one party with role \(role); it has \(holders.count)", at: .start(of: configFile),
                              help: "give one party the role p1 (the proposer) and one the role p2 (the second veto party)")
            }
        }
        // The issues and options, from the public story.
        let globalFile = path("global_instructions.txt")
        let story = try text(globalFile)
        let issues = parseIssues(story, file: globalFile, &context)
        if issues.isEmpty {
            context.error("no issues found in the story", at: .start(of: globalFile),
                          help: "the issues are lines 'Issue A: \"name\"' and their options lines 'A1 \"label\": ...'")
        }
        var draft = ScenarioDraft(id: FolderListing.name(folder), title: "LLM-Deliberation game \(FolderListing.name(folder))",
                                  description: story.trimmingCharacters(in: .whitespacesAndNewlines), file: globalFile)
        for issue in issues { draft.append(issue.issue, at: issue.location, options: issue.optionLocations) }
        // Each party's scores.
        for seat in seats {
            let scoresFile = path("scores_files", seat.file + ".txt")
            guard FileManager.default.fileExists(atPath: scoresFile) else {
                context.error("\(seat.name) has no scores file \(seat.file).txt", at: seat.location,
                              help: "add scores_files/\(seat.file).txt, or correct the file name in config.txt")
                continue
            }
            guard let (stances, minimum) = readScores(try text(scoresFile), file: scoresFile, issues: issues.map(\.issue), &context) else { continue }
            var party = Party(id: Party.ID(seat.file), name: seat.name,
                              preferences: Preferences(reservation: Estimate(Double(minimum) / 100), stances: stances))
            let brief = path("individual_instructions", seat.incentive, seat.file + ".txt")
            if let text = try? ScenarioReader.readText(at: brief) { party.description = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            party.attributes = ["role": seat.role, "incentive": seat.incentive, "model": seat.model]
            draft.append(party, at: seat.location)
        }
        let vetoes = ["p1", "p2"].compactMap { role in seats.first { $0.role == role }.map { Party.ID($0.file) } }
        draft.agreement = .quota(max(1, seats.count - 1), vetoes: vetoes)
        draft.locations.agreement = .start(of: configFile)
        // The opening deal.
        let dealFile = path("initial_deal.txt")
        if FileManager.default.fileExists(atPath: dealFile), let proposer = seats.first(where: { $0.role == "p1" }) {
            let deal = try text(dealFile).trimmingCharacters(in: .whitespacesAndNewlines)
            var options = [Int?](repeating: nil, count: issues.count)
            for code in deal.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
                guard let (i, o) = locate(code, issues.map(\.issue)) else {
                    context.error("the initial deal names '\(code)', which is no option", at: .start(of: dealFile),
                                  help: "name one option per issue, e.g. A1,B2,C3")
                    continue
                }
                options[i] = o
            }
            draft.proposals = [Proposal(id: Proposal.ID("initial-deal"), name: "\(proposer.name)'s initial deal (\(deal))",
                                        proposer: Party.ID(proposer.file), package: Package(options: options))]
            draft.locations.proposals = [.start(of: dealFile)]
        }
        if context.hasErrors { throw DiagnosticError(context.diagnostics, sources: sources) }
        do { return try draft.validated(warnings: context.diagnostics) } catch { throw DiagnosticError(error.diagnostics, sources: sources) }
    }

    /// The 1-based column where field `index` of a comma-separated line starts.
    static func columnOf(_ index: Int, in line: String) -> Int {
        var field = 0, column = 1
        for character in line {
            if field == index, character != " " { return column }
            if character == "," { field += 1 }
            column += 1
        }
        return column
    }

    struct ParsedIssue {
        var issue: Issue
        var location: SourceLocation
        var optionLocations: [SourceLocation?]
    }

    /// `Issue A: "name"` starts an issue; `A1 "label": ...` lines are its options.
    static func parseIssues(_ story: String, file: String, _ context: inout DecodingContext) -> [ParsedIssue] {
        var result: [ParsedIssue] = []
        let issuePattern = #"^\s*Issue\s+([A-Z])\s*:\s*"([^"]*)""#
        // An option's label: its quoted name (`A1 "water-based": ...`), else the text after the colon (`D1: $3 billion.`).
        let optionPattern = #"^\s*([A-Z])([0-9]+)\s*(?:"([^"]*)"|:\s*(.*))"#
        for (number, raw) in story.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let location = SourceLocation(file: file, line: number + 1, column: 1)
            if let match = groups(issuePattern, line) {
                result.append(ParsedIssue(issue: Issue(id: Issue.ID(match[0]), name: match[1], kind: .categorical, options: []),
                                          location: location, optionLocations: []))
            } else if let match = groups(optionPattern, line) {
                guard let index = result.lastIndex(where: { $0.issue.id.rawValue == match[0] }) else { continue }
                let expected = result[index].issue.options.count + 1
                guard Int(match[1]) == expected else {
                    context.error("option \(match[0])\(match[1]) comes where \(match[0])\(expected) was expected", at: location,
                                  help: "number each issue's options from 1, in order")
                    continue
                }
                let label = match.count > 2 ? match[2].trimmingCharacters(in: .whitespaces) : ""
                result[index].issue.options.append(Option(id: Option.ID("\(match[0])\(match[1])"),
                                                          name: label.isEmpty ? "\(match[0])\(match[1])" : String(label.prefix(120))))
                result[index].optionLocations.append(location)
            }
        }
        return result
    }

    static func groups(_ pattern: String, _ line: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
        return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: line).map { String(line[$0]) } }
    }

    /// The issue and option indices of a code like `C4`.
    static func locate(_ code: String, _ issues: [Issue]) -> (Int, Int)? {
        for (i, issue) in issues.enumerated() {
            if let o = issue.options.firstIndex(where: { $0.id.rawValue == code }) { return (i, o) }
        }
        return nil
    }

    /// A party's stances (weight: the issue's highest score / 100; values: score / highest) and its
    /// minimum total score.
    static func readScores(_ text: String, file: String, issues: [Issue], _ context: inout DecodingContext) -> ([Stance?], Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.text.isEmpty }
        guard lines.count == issues.count + 1 else {
            context.error("\(FolderListing.name(file)) has \(lines.count) line\(lines.count == 1 ? "" : "s"); it needs \(issues.count + 1): "
                          + "one line of scores per issue and the minimum score last", at: .start(of: file),
                          help: issues.isEmpty ? "the story names no issues" : "the story names \(issues.count) issues (\(issues.map(\.id.rawValue).joined(separator: ", ")))")
            return nil
        }
        var stances: [Stance?] = []
        var failed = false
        for (issue, line) in zip(issues, lines) {
            let cells = line.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let scores = cells.map { Int($0) }
            guard cells.count == issue.options.count else {
                context.error("issue \(issue.id) has \(issue.options.count) options but this line has \(cells.count) scores",
                              at: SourceLocation(file: file, line: line.number, column: 1),
                              help: "give one integer score per option of \(issue.id) (\(issue.options.map(\.id.rawValue).joined(separator: ", ")))")
                failed = true
                continue
            }
            if let bad = scores.firstIndex(where: { $0 == nil || $0! < 0 }) {
                context.error("'\(cells[bad])' is not a score (a whole number, 0 or more)",
                              at: SourceLocation(file: file, line: line.number, column: columnOf(bad, in: line.text)),
                              help: "scores are whole numbers such as 0, 15 or 40")
                failed = true
                continue
            }
            let values = scores.map { $0! }
            let best = values.max() ?? 0
            stances.append(Stance(weight: Estimate(Double(best) / 100),
                                  values: values.map { Estimate(best == 0 ? 0 : Double($0) / Double(best)) }))
        }
        guard let last = lines.last, let minimum = Int(last.text), minimum >= 0 else {
            context.error("the last line must be the minimum total score (a whole number)",
                          at: SourceLocation(file: file, line: lines.last?.number ?? 1, column: 1), help: "write the party's minimum, e.g. 55")
            return nil
        }
        if !failed {
            let total = stances.compactMap { $0?.weight.value }.reduce(0, +)
            if abs(total - 1) > 1e-9 {
                context.warning("the highest scores add up to \(Int((total * 100).rounded())), not 100", at: .start(of: file),
                                help: "each party's best total is 100 in the benchmark; utilities are scores / 100")
            }
        }
        return failed ? nil : (stances, minimum)
    }
}
