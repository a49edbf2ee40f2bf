import Foundation
import ParleyCore

/// Writes a scenario as an LLM-Deliberation game (see ``LLMDeliberationReader`` for the layout).
///
/// A game read from that layout is written back as it was for the parts the layout holds: the
/// story, the seats (role, incentive, model), the scores (each option's `weight × value × 100`,
/// integers), the minimums, the briefs and the initial deal. Any other scenario gets a story that
/// names its issues and options (`Issue A: "..."`, `A1 "...":`), scores rounded to integers, p1 the
/// first veto party of its rule (else the first party) and p2 the second (else the second party).
enum LLMDeliberationWriter {
    static func files(_ scenario: Scenario) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        let letters = (0..<scenario.issues.count).map { issueLetter($0) }
        // The story: the game's own, when it names the issues as the layout does.
        let story = scenario.description ?? ""
        let ownStory = story.contains("Issue A:") && scenario.issues.enumerated().allSatisfy { $0.element.id.rawValue == letters[$0.offset] }
        if ownStory {
            files.append(("global_instructions.txt", story + "\n"))
        } else {
            var text = "\(scenario.title)\n\n" + (story.isEmpty ? "" : story + "\n\n")
            for (i, issue) in scenario.issues.enumerated() {
                text += "Issue \(letters[i]): \"\(issue.name)\"\n"
                for (o, option) in issue.options.enumerated() { text += "\(letters[i])\(o + 1) \"\(option.name)\": \(option.id)\n" }
                text += "\n"
            }
            files.append(("global_instructions.txt", text))
        }
        // Seats: the stated roles, else p1 and p2 from the rule's vetoes (or the first two parties).
        let vetoes = scenario.agreement.vetoes
        let p1 = scenario.parties.first { $0.attributes["role"] == "p1" }?.id ?? vetoes.first ?? scenario.parties.first?.id
        let p2 = scenario.parties.first { $0.attributes["role"] == "p2" }?.id
            ?? vetoes.dropFirst().first ?? scenario.parties.first { $0.id != p1 }?.id
        var config = ""
        for party in scenario.parties {
            let file = fileName(party)
            let role = party.attributes["role"] ?? (party.id == p1 ? "p1" : party.id == p2 ? "p2" : "player")
            let incentive = party.attributes["incentive"] ?? "cooperative"
            let model = party.attributes["model"] ?? "none"
            config += "\(party.name.replacingOccurrences(of: ",", with: " ")),\(file),\(role),\(incentive),\(model)\n"
            var scores = ""
            for (i, issue) in scenario.issues.enumerated() {
                let stance = party.preferences.stances[i]
                let row = issue.options.indices.map { o -> String in
                    guard let stance else { return "0" }
                    return String(Int((stance.weight.value * stance.values[o].value * 100).rounded()))
                }
                scores += row.joined(separator: ", ") + "\n"
            }
            // A minimum between two whole scores is rounded up (a total below it must not pass).
            scores += String(Int((party.preferences.reservation.value * 100 - 1e-6).rounded(.up))) + "\n"
            files.append(("scores_files/\(file).txt", scores))
            if let brief = party.description {
                files.append(("individual_instructions/\(incentive)/\(file).txt", brief + "\n"))
            }
        }
        files.insert(("config.txt", config), at: 0)
        // The initial deal: p1's proposal, else the first proposal.
        if let deal = scenario.proposals.first(where: { $0.proposer == p1 }) ?? scenario.proposals.first {
            let codes = deal.package.options.enumerated().compactMap { i, option in option.map { "\(letters[i])\($0 + 1)" } }
            files.append(("initial_deal.txt", codes.joined(separator: ",") + "\n"))
        }
        return files
    }

    /// A, B, ..., Z, then AA, AB, ...
    static func issueLetter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : String(letters[index / 26 - 1]) + String(letters[index % 26])
    }

    static func fileName(_ party: Party) -> String {
        let id = party.id.rawValue
        return id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ? id : "party"
    }
}
