import Foundation
import ParleyKit
import Testing
import ParleyCore

/// The workspace's tournament page plays in parts and shows the standings so far; the parts,
/// merged, are the whole tournament.
@Suite struct TournamentPageTests {
    @Test func theStandingsSoFarAreShownAndTheEndIsTheWholeTournament() throws {
        let text = try BundledExample.foundingCase()
        let partials = Partials()
        let html = try WorkspaceAnalyses().page(.tournament, text: text, file: "f.yaml",
                                                parameters: ["strategies": "boulware,conceder,linear", "rounds": "20", "seed": "3"],
                                                partial: { standings in partials.texts.withLock { $0.append(standings) } })
        let shown = partials.texts.withLock { $0 }
        #expect(shown.count == 7, "the standings after each part but the last")
        #expect(shown.first?.contains("of") == true)
        let whole = try Tournament()([try LoadedScenario.read(text, file: "f.yaml")], strategies: ["boulware", "conceder", "linear"],
                                     rounds: 20, repetitions: 1, seed: 3)
        #expect(html.contains(whole.text().markupEscapedForTest))
    }
}

final class Partials: Sendable {
    let texts = Locked<[String]>([])
}

extension String {
    /// As the page escapes it.
    var markupEscapedForTest: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
