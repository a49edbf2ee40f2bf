import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import ParleyReport
import Testing
import ParleyCore

/// The founding case (examples/ukraine-2024-11.yaml) must show what the source reports.
@Suite struct FoundingCaseTests {
    static func report() throws -> AnalysisReport {
        try Analyze()(try LoadedScenario.load(nil))
    }

    @Test func bundledExampleIsTheExamplesFile() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/ukraine-2024-11.yaml").standardizedFileURL
        let fromFile = try LoadedScenario.load(examples.path)
        let bundled = try LoadedScenario.load(nil)
        #expect(fromFile.scenario == bundled.scenario)
        #expect(bundled.warnings.isEmpty)
    }

    @Test func russiaRejectsTheTrumpTeamPackageBecauseOfItsRedLines() throws {
        let proposal = try #require(try Self.report().proposals.first { $0.id == "trump-team" })
        let russia = try #require(proposal.evaluations.first { $0.party == "RU" })
        #expect(!russia.accepts)
        #expect(russia.breaches.map(\.redLine).contains("ru-no-nato-delay"))
        #expect(russia.breaches.map(\.redLine).contains("ru-no-western-peacekeepers"))
        #expect(russia.reason.contains("to postpone Ukraine's admission to NATO for 20 years"))
    }

    @Test func ukraineCannotAcceptAPackageWithoutSecurityGuarantees() throws {
        for proposal in try Self.report().proposals {
            let ukraine = try #require(proposal.evaluations.first { $0.party == "UA" })
            let guaranteed = proposal.package["guarantees"].map { ["nato", "bilateral"].contains($0) } ?? false
            if !guaranteed {
                #expect(!ukraine.accepts, "Ukraine accepts \(proposal.id) without guarantees")
                #expect(ukraine.breaches.map(\.redLine) == ["ua-guarantees"])
            }
        }
    }

    @Test func noPackageClearsEveryReservationValueAndTheGapIsShown() throws {
        let space = try Self.report().agreementSpace
        #expect(space.packages == 1944)
        #expect(space.zoneSize == 0)
        #expect(space.frontier.isEmpty)
        #expect(space.solutions.nash == nil && space.solutions.kalaiSmorodinsky == nil)
        #expect(!space.closest.isEmpty)
        // The closest packages keep every red line: NATO renounced, guarantees bilateral.
        for close in space.closest {
            #expect(close.breaches.isEmpty)
            #expect(close.package["nato"] == "renounced")
            #expect(close.package["guarantees"] == "bilateral")
        }
    }

    @Test func analyzeTextMatchesGolden() throws {
        try Golden.check(try Self.report().text(), "analyze-ukraine.txt")
    }

    @Test func analyzeJSONMatchesGolden() throws {
        try Golden.check(try JSONRendering.text(try Self.report()) + "\n", "analyze-ukraine.json")
    }

    @Test func jsonContractHasTheDocumentedKeys() throws {
        let data = Data(try JSONRendering.text(try Self.report()).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let proposals = try #require(root["proposals"] as? [[String: Any]])
        let first = try #require(proposals.first)
        for key in ["id", "name", "evaluations"] { #expect(first[key] != nil, "proposals[].\(key)") }
        let evaluation = try #require((first["evaluations"] as? [[String: Any]])?.first)
        for key in ["party", "utility", "reservation", "accepts", "breaches", "reason"] {
            #expect(evaluation[key] != nil, "evaluations[].\(key)")
        }
        let space = try #require(root["agreementSpace"] as? [String: Any])
        for key in ["packages", "zoneSize", "frontier", "solutions", "closest"] { #expect(space[key] != nil, "\(key)") }
        let solutions = try #require(space["solutions"] as? [String: Any])
        for key in ["nash", "kalaiSmorodinsky", "egalitarian", "utilitarian"] {
            #expect(solutions[key] is NSNull, "solutions.\(key) is null when the zone is empty")
        }
    }

    @Test func evaluateReportsOneProposalAndRejectsUnknownIds() throws {
        let loaded = try LoadedScenario.load(nil)
        let result = try Evaluate()(loaded, proposal: "russia-demands")
        #expect(result.proposal.evaluations.first { $0.party == "RU" }?.accepts == true)
        // An id that is not in the file is bad input (diagnostics, exit 1), not a usage error.
        let error = try #require(throws: DiagnosticError.self) { try Evaluate()(loaded, proposal: "trump-tem") }
        #expect(error.diagnostics.first?.message == "\(loaded.file) has no proposal 'trump-tem'")
        #expect(error.diagnostics.first?.help?.hasPrefix("did you mean 'trump-team'?") == true)
        #expect(error.diagnostics.first?.location != nil)
    }

    @Test func idsAndValuesFromTheCommandLineAreCheckedLikeTheFile() throws {
        let loaded = try LoadedScenario.load(nil)
        #expect(throws: DiagnosticError.self) { try BridgePlan()(loaded, from: "nope") }
        for change in [ScenarioChange.reservation(party: "UA", value: Estimate(1.5)), .reservation(party: "XX", value: Estimate(0.5)),
                       .shiftReservation(party: "RU", by: -0.9), .dropRedLine("no-such-line")] {
            let error = try #require(throws: DiagnosticError.self, "\(change)") { try WhatIf()(loaded, changes: [change]) }
            #expect(error.diagnostics.first?.help != nil)
        }
        // Within the scale it runs.
        _ = try WhatIf()(loaded, changes: [.reservation(party: "UA", value: Estimate(0.4))])
    }
}

@Suite struct HTMLReportTests {
    @Test func theFoundingCaseReportMatchesGolden() throws {
        // Thinned to 300 points per chart to keep the golden file small.
        let html = try MakeReport()(try LoadedScenario.load(nil), runs: 200, seed: 1, maxPoints: 300)
        #expect(html.contains("Every 7th package is drawn (278 of 1944)."))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
        for section in ["scenario", "proposals", "space", "gap", "bridges", "robustness", "stability", "simulation"] {
            #expect(html.contains("id=\"\(section)\""), "section \(section)")
        }
        try Golden.check(html, "report-ukraine.html")
    }
}

@Suite struct OrdinalTests {
    @Test func ordinalsReadAsEnglish() {
        #expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111].map(HTMLReport.ordinal)
                == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd", "111th"])
    }
}

/// One numbering of rounds: the summary's round is the round of the trace's last action.
@Suite struct RoundNumberingTests {
    @Test(arguments: [["boulware"], ["hardliner"], ["conceder", "boulware"], ["random"]])
    func theSummaryRoundIsTheLastTraceRound(strategies: [String]) throws {
        let loaded = try LoadedScenario.load(nil)
        var variant = loaded
        // Reservation values low enough for an agreement to be possible.
        for p in variant.scenario.parties.indices { variant.scenario.parties[p].preferences.reservation = Estimate(0.1) }
        for (scenario, rounds) in [(loaded, 30), (variant, 60)] {
            let report = try Simulate()(scenario, strategies: strategies, rounds: rounds)
            let last = try #require(report.trace.last)
            #expect(report.trace.first?.round == 1)
            if report.agreement != nil || report.walkedAway != nil {
                #expect(last.round == report.endedInRound, "\(strategies)")
                #expect(report.text(loaded.names).contains("round \(report.endedInRound)"))
            } else {
                #expect(report.endedInRound == rounds && last.round <= rounds)
            }
        }
    }
}

/// The report explains every equilibrium it explains at all, never cutting a state in the middle.
@Suite struct ReportCompletenessTests {
    @Test func everyEquilibriumOfTheFoundingCaseIsExplainedInTheReport() throws {
        let loaded = try LoadedScenario.load(nil)
        let html = try MakeReport()(loaded, runs: 0, strategies: [])
        let stability = try Stability()(loaded.file)
        let explained = Set(stability.narratives.map(\.state))
        #expect(explained.contains(35))   // the README's headline state
        for state in explained { #expect(html.contains("Why state \(state) is stable"), "state \(state)") }
        // Every sentence of every explanation is there.
        for narrative in stability.narratives {
            for sentence in narrative.sentences {
                #expect(html.contains(sentence.replacingOccurrences(of: "'", with: "&#39;")) || html.contains(sentence), "\(sentence.prefix(60))")
            }
        }
    }
}

extension ReportCompletenessTests {
    @Test func aReportSaysWhatItLeavesOut() throws {
        let loaded = try LoadedScenario.load(nil)
        let html = try MakeReport()(loaded, runs: 0, strategies: [])
        #expect(html.contains("Left out of this report"))
        #expect(html.contains("Robustness: --runs 0 was given"))
        #expect(html.contains("Simulated negotiation: no strategies were given"))
        let full = try MakeReport()(loaded, runs: 20)
        #expect(!full.contains("Robustness: "))
    }
}

/// Text output says what it found, or why there is nothing.
@Suite struct SaysWhatItFoundTests {
    static func withZone() throws -> LoadedScenario {
        var loaded = try LoadedScenario.load(nil)
        for p in loaded.scenario.parties.indices { loaded.scenario.parties[p].preferences.reservation = Estimate(0.2) }
        return loaded
    }

    @Test func theFrontierIsListedNotJustCounted() throws {
        let loaded = try Self.withZone()
        let report = try Analyze()(loaded)
        let text = report.text()
        let frontier = report.agreementSpace.frontier
        #expect(!frontier.isEmpty)
        #expect(text.contains("Pareto frontier of the zone: \(frontier.count.counted("package"))"))
        for point in frontier.prefix(10) { #expect(text.contains(loaded.names.packageText(point.package))) }
    }

    @Test func robustnessWithoutRangesSaysSo() throws {
        var loaded = try LoadedScenario.load(nil)
        // Every range at its midpoint.
        for judgment in loaded.scenario.uncertainJudgments { loaded.scenario.set(judgment.location, to: judgment.estimate.value) }
        let report = try RobustnessRun()(loaded, runs: 10, seed: 1, distribution: .uniform)
        let text = report.text(names: loaded.names)
        #expect(text.contains("states no ranges"))
        #expect(!text.contains("Tornado"))
    }
}

extension SaysWhatItFoundTests {
    @Test func aFailedNegotiationSaysWhoBlockedIt() throws {
        let loaded = try LoadedScenario.load(nil)
        let report = try Simulate()(loaded, strategies: ["hardliner"], rounds: 20)
        #expect(report.agreement == nil)
        #expect(!report.blockedBy.isEmpty)
        let last = try #require(report.trace.last { $0.action == .offer })
        #expect(!report.blockedBy.contains(last.party))
        let text = report.text(loaded.names)
        #expect(text.contains("The last offer, by \(loaded.names.party(last.party)) in round \(last.round), was not accepted by"))
    }
}

/// What users look for: an ad-hoc package, the list of proposals.
@Suite struct EvaluateAnythingTests {
    @Test func anAdHocPackageIsEvaluatedLikeAProposal() throws {
        let loaded = try LoadedScenario.load(nil)
        let adHoc = try Evaluate()(loaded, package: "nato=renounced, troops=european,guarantees=Bilateral Western guarantees")
        let proposal = try Evaluate()(loaded, proposal: "renounce-for-guarantees")
        #expect(adHoc.proposal.evaluations.map(\.utility) == proposal.proposal.evaluations.map(\.utility))
        let error = try #require(throws: DiagnosticError.self) { try Evaluate()(loaded, package: "natoo=join,troops=europen") }
        #expect(error.diagnostics.count == 2)
        #expect(error.diagnostics.allSatisfy { $0.help?.hasPrefix("did you mean") == true })
    }

    @Test func withoutAProposalTheProposalsAreListed() throws {
        let listing = ProposalListing(try LoadedScenario.load(nil))
        #expect(listing.proposals.map(\.id) == ["trump-team", "renounce-for-guarantees", "ukraine-nato-first", "russia-demands"])
        #expect(listing.text().contains("evaluate one with --proposal ID"))
    }
}

/// `parley init` and `parley show`.
@Suite struct StartingPointTests {
    @Test func theTemplateIsAValidScenarioThatAnalyses() throws {
        let text = try BundledExample.template()
        let loaded = try LoadedScenario.read(text, file: "template.yaml")
        #expect(loaded.warnings.isEmpty)
        #expect(Set(loaded.scenario.issues.map(\.kind)) == [.ordered, .numeric, .categorical])
        _ = try Analyze()(loaded)
        // Written once; not over an existing file without being told.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-init-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try BundledExample.writeTemplate(to: path)
        #expect(throws: DiagnosticError.self) { try BundledExample.writeTemplate(to: path) }
        try BundledExample.writeTemplate(to: path, overwrite: true)
    }

    @Test func showSpellsOutRedLineRulesAndProposals() throws {
        let loaded = try LoadedScenario.load(nil)
        let sheet = ScenarioSheet(loaded.scenario, file: loaded.file)
        let russia = try #require(sheet.parties.first { $0.id == "RU" })
        let peacekeepers = try #require(russia.redLines.first { $0.id == "ru-no-western-peacekeepers" })
        #expect(peacekeepers.rule.hasPrefix("forbids Foreign troops in Ukraine: British-European peacekeepers"))
        #expect(sheet.proposals.count == 4)
        #expect(sheet.text().contains("red line ru-no-western-peacekeepers: forbids"))
    }
}

extension ReportCompletenessTests {
    @Test func proposalsShowWhatTheirVerdictsDependOnAndRedLinesTheirRules() throws {
        var loaded = try LoadedScenario.load(nil)
        let html = try MakeReport()(loaded, runs: 0, strategies: [])
        #expect(html.contains("Status quo assumed where the proposal is silent: "))
        #expect(html.contains("Not addressed, and without a status quo"))
        #expect(html.contains("forbids Foreign troops in Ukraine: British-European peacekeepers"))
        // With a zone, all four bargaining solutions are shown.
        for p in loaded.scenario.parties.indices { loaded.scenario.parties[p].preferences.reservation = Estimate(0.2) }
        let zone = try MakeReport()(loaded, runs: 0, strategies: [])
        for name in ["Nash: ", "Kalai-Smorodinsky: ", "Egalitarian: ", "Utilitarian: "] { #expect(zone.contains(name), "\(name)") }
    }
}

@Suite struct ProgressTests {
    @Test func mappingReportsProgressUpToEveryPackage() throws {
        let seen = Locked<[Int]>([])
        let analyze = Analyze(progress: { done, total in seen.withLock { $0.append(done) }; #expect(total == 1944) })
        _ = try analyze(LoadedScenario.load(nil))
        #expect(seen.withLock { $0.max() } == 1944)
    }
}

extension ReportCompletenessTests {
    @Test func sectionsCanBeLeftOutAndTheReportSaysSo() throws {
        let loaded = try LoadedScenario.load(nil)
        let html = try MakeReport(without: [.forecast, .stability])(loaded, runs: 0, strategies: [])
        #expect(html.contains("Forecasts: left out (--no-forecast)."))
        #expect(html.contains("Moves and threats: left out (--no-stability)."))
        #expect(!html.contains("id=\"stability\""))
        #expect(!html.contains("id=\"forecasts\"") && !html.contains("id=\"forecast\""))
    }
}

/// Numbers reach people rounded, never as floating-point noise.
@Suite struct NumbersForPeopleTests {
    @Test func noFloatingPointNoiseInTheReportOrTheSheet() throws {
        #expect((1 - 0.4).readable() == "0.6")
        #expect(Estimate(low: 0.1 + 0.2, high: 0.7).readable() == "[0.3, 0.7]")
        #expect((9.999999999999998e39).approximateCountText == "about 10.0 × 10^39" || (9.999999999999998e39).approximateCountText == "about 1.0 × 10^40")
        #expect(1944.counted("package") == "1,944 packages" && 1.counted("proposal") == "1 proposal")
        for text in [try BundledExample.template(), try LoadedScenario.load(nil).text] {
            let loaded = try LoadedScenario.read(text, file: "s.yaml")
            let html = try MakeReport()(loaded, runs: 50, strategies: [])
            let noise = try Regex("[0-9]\\.[0-9]{9,}")
            #expect(html.firstMatch(of: noise) == nil, "\(String(describing: html.firstMatch(of: noise)?.output[0].substring))")
            #expect(ScenarioSheet(loaded.scenario, file: "s.yaml").text().firstMatch(of: noise) == nil)
        }
    }
}
