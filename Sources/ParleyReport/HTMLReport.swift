import ParleyAnalysis
import ParleyCharts
import ParleyConflict
import ParleyCore
import ParleyForecast
import Plot

/// A self-contained HTML report: no script, no external file or font; charts are inline SVG with
/// titles for screen readers and a tooltip on every point. It opens from disk and prints.
///
/// Sections: the scenario (parties, issues, preferences with their sources, red lines, sources),
/// the proposals (a table of verdicts and the reasons), the utility space (one chart per pair of
/// parties, and a parallel-coordinates view for more than two), the closest packages when no zone exists, and, when given, bridges and leverage,
/// robustness (a tornado chart), stability (states × concepts), forecasts (each model's forecast and
/// the dynamic models' trajectories per round) and a simulated negotiation
/// (utilities over rounds, the offers in utility space). Each section is one function,
/// so a new analysis adds one.
public struct HTMLReport: Sendable {
    public var scenario: Scenario
    public var analysis: AnalysisReport
    public var space: AgreementSpace
    public var bridge: BridgeReport?
    public var robustness: RobustnessReport?
    public var stability: StabilityReport?
    public var simulation: SimulationReport?
    /// A run of the moderated multi-party protocol, shown as its conversation.
    public var moderated: ModeratedReport?
    /// Forecasts of the scenario's scaled issues (the spatial models).
    public var forecasts: [IssueForecast]?
    /// At most this many packages are drawn per chart; above it, every k-th package is drawn and the chart says so.
    public var maxPoints = 3_000
    /// The sections left out and why ("Robustness: the scenario states no ranges ..."), listed at the end.
    public var leftOut: [String] = []

    public init(scenario: Scenario, analysis: AnalysisReport, space: AgreementSpace, bridge: BridgeReport? = nil,
                robustness: RobustnessReport? = nil, stability: StabilityReport? = nil) {
        self.scenario = scenario
        self.analysis = analysis
        self.space = space
        self.bridge = bridge
        self.robustness = robustness
        self.stability = stability
    }

    var names: Names { Names(analysis.scenario) }

    /// The whole document.
    public func html() -> String {
        let document = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(scenario.title): Parley report"),
                .element(named: "style", text: Self.css)
            ),
            .body(
                .header(.h1(.text(scenario.title)), .p(.class("meta"), .text(metaLine()))),
                .main(
                    scenarioSection(),
                    proposalsSection(),
                    spaceSection(),
                    gapSection(),
                    bridgeSection(),
                    robustnessSection(),
                    stabilitySection(),
                    forecastSection(),
                    simulationSection(),
                    moderatedSection(),
                    leftOutSection()
                ),
                .footer(.p(.text("Made with Parley. Every judgment without a source is the analyst's assumption.")))
            )
        )
        return document.render(indentedBy: .spaces(1)) + "\n"
    }

    /// The report's sections, to render some of them on their own (the workspace's analysis pages).
    public enum Part: String, CaseIterable, Hashable, Sendable {
        case scenario, proposals, space, gap, bridges, robustness, stability, forecasts, simulation, leftOut
    }

    /// The given sections, as the report renders them (an HTML fragment; empty sections render nothing).
    public func fragment(_ parts: [Part]) -> String {
        parts.map { node(for: $0).render(indentedBy: .spaces(1)) }.joined(separator: "\n")
    }

    func node(for part: Part) -> Node<HTML.BodyContext> {
        switch part {
        case .scenario: scenarioSection()
        case .proposals: proposalsSection()
        case .space: spaceSection()
        case .gap: gapSection()
        case .bridges: bridgeSection()
        case .robustness: robustnessSection()
        case .stability: stabilitySection()
        case .forecasts: forecastSection()
        case .simulation: .group([simulationSection(), moderatedSection()])
        case .leftOut: leftOutSection()
        }
    }

    /// The report's style sheet (the workspace's pages use it for the sections they show).
    public static var stylesheet: String { css }

    func metaLine() -> String {
        var parts = [scenario.parties.count.counted("party", "parties"), scenario.issues.count.counted("issue"), scenario.proposals.count.counted("proposal"),
                     analysis.agreementSpace.packages.counted("package")]
        if let date = scenario.date { parts.insert(date, at: 0) }
        return parts.joined(separator: " · ")
    }

    /// The sections left out, each with why and how to get it.
    func leftOutSection() -> Node<HTML.BodyContext> {
        guard !leftOut.isEmpty else { return .empty }
        return .section(.id("left-out"), .h2("Left out of this report"), .ul(.forEach(leftOut) { .li(.text($0)) }))
    }

    // MARK: Scenario

    func scenarioSection() -> Node<HTML.BodyContext> {
        .section(.id("scenario"),
            .h2("The scenario"),
            .unwrap(scenario.description) { .p(.text($0)) },
            .h3("Parties"),
            .table(
                .tr(.th("Party"), .th("Capability"), .th("Reservation value"), .th("On what it rests")),
                .forEach(scenario.parties) { party in
                    .tr(.td(.text(party.name)), .td(.text(party.capability.map { $0.readable() } ?? "—")),
                        .td(.text(party.preferences.reservation.readable())), .td(provenance(party.preferences.reservationProvenance)))
                }
            ),
            .h3("Issues and preferences"),
            .forEach(Array(scenario.issues.enumerated())) { index, issue in
                .group(
                    .h4(.text(issue.name)),
                    .table(
                        .tr(.th("Party"), .th("Weight"), .forEach(issue.options) { .th(.text($0.name)) }, .th("On what it rests")),
                        .forEach(scenario.parties) { party in
                            .unwrap(party.preferences.stances[index]) { stance in
                                .tr(.td(.text(party.name)), .td(.text(stance.weight.readable())),
                                    .forEach(stance.values) { .td(.class("number"), .text($0.readable())) },
                                    .td(provenance(stance.provenance)))
                            }
                        }
                    )
                )
            },
            .h3("Red lines"),
            .ul(.forEach(scenario.parties.flatMap { party in party.preferences.redLines.map { (party, $0) } }) { party, redLine in
                .li(.strong(.text(party.name)), .text(": \(redLine.description ?? redLine.id.rawValue) "), provenance(redLine.provenance))
            }),
            .h3("Sources"),
            .ul(.forEach(scenario.sources) { source in
                .li(.text([source.title, source.publisher, source.date].compactMap { $0 }.joined(separator: ", ")),
                    .unwrap(source.url) { .group(.text(" "), .a(.href($0), .text($0))) })
            })
        )
    }

    func provenance(_ provenance: Provenance) -> Node<HTML.BodyContext> {
        guard let quote = provenance.quote else {
            let note = provenance.note.map { $0.hasPrefix("Assumption") ? $0 : "Assumption: \($0)" } ?? "Assumption"
            return .span(.class("assumption"), .text(note))
        }
        let source = provenance.source.flatMap { scenario.source($0) }
        return .span(.element(named: "q", text: quote),
                     .text(source.map { " — \($0.publisher ?? $0.title)" } ?? ""),
                     .unwrap(provenance.confidence) { .span(.class("confidence"), .text(" (\($0.rawValue) confidence)")) })
    }

    // MARK: Proposals

    func proposalsSection() -> Node<HTML.BodyContext> {
        .section(.id("proposals"),
            .h2("Proposals: who accepts, who rejects, and why"),
            .if(!scenario.agreement.isUnanimity, .p(.class("rule"), .text("Agreement rule: \(scenario.agreement.description)."))),
            .table(
                .tr(.th("Proposal"), .if(!scenario.agreement.isUnanimity, .th("Passes")), .forEach(analysis.scenario.parties) { .th(.text($0.name)) }),
                .forEach(analysis.proposals) { proposal in
                    .tr(.td(.text(proposal.name)),
                        .if(!scenario.agreement.isUnanimity, .td(.class(proposal.passes ? "accepts" : "rejects"),
                            .text(proposal.passes ? "passes (\(proposal.accepting) accept)" : "does not pass (\(proposal.accepting) accept"
                                  + (proposal.blockedBy.isEmpty ? ")" : "; vetoed by \(proposal.blockedBy.map(names.party).joined(separator: ", ")))")))),
                        .forEach(proposal.evaluations) { evaluation in
                            .td(.class(evaluation.accepts ? "accepts" : "rejects"),
                                .text("\(evaluation.accepts ? "accepts" : "rejects") (\(evaluation.margin.signedMargin))"),
                                .if(!evaluation.breaches.isEmpty, .group(.br(), .span(.class("breach"),
                                    .text(evaluation.breaches.map { "\($0.description ?? $0.redLine) (\($0.rule))" }.joined(separator: "; "))))))
                        })
                }
            ),
            .forEach(analysis.proposals) { proposal in
                .group(.h3(.text(proposal.name)),
                       .p(.class("package"), .text(names.packageText(proposal.package))),
                       .if(!proposal.statusQuo.isEmpty, .p(.text("Status quo assumed where the proposal is silent: " + names.packageText(proposal.statusQuo) + "."))),
                       .if(!proposal.unaddressed.isEmpty, .p(.text("Not addressed, and without a status quo (each party assumes its worst): "
                           + proposal.unaddressed.map { names.issue($0) }.joined(separator: ", ") + "."))),
                       .ul(.forEach(proposal.evaluations) { .li(.text($0.reason)) }))
            }
        )
    }

    // MARK: Utility space

    func spaceSection() -> Node<HTML.BodyContext> {
        let parties = scenario.parties.count
        let model = UtilityModel(scenario)
        guard let count = model.space.count else { return .empty }
        let stride = max(1, (count + maxPoints - 1) / maxPoints)
        var digits = [Int](repeating: 0, count: model.issueCount)
        var sampled: [[Double]] = []
        var index = 0
        while index < count {
            model.space.digits(of: index, into: &digits)
            sampled.append((0..<parties).map { model.utility($0, digits) })
            index += stride
        }
        let pairs = ScatterChart.informativePairs(sampled, dimensions: parties)
        let note = stride == 1 ? "Every package is drawn." : "Every \(Self.ordinal(stride)) package is drawn (\(sampled.count) of \(count))."
        return .section(.id("space"),
            .h2("The utility space"),
            .if(!scenario.agreement.isUnanimity, .p(.class("rule"), .text("Agreement rule: \(scenario.agreement.description). The zone is the \(analysis.agreementSpace.zoneSize.counted("package")) that pass it; \(analysis.agreementSpace.unanimousSize.grouped) of them every party accepts."))),
            .p(.text("Each chart shows two parties' utilities for the packages; dashed lines mark their reservation values, the shaded corner is where both accept (red lines aside). \(note) Hover a point for its values."
                + (pairs.count < parties * (parties - 1) / 2
                   ? " With \(parties) parties, the \(pairs.count) pairs whose utilities conflict most are shown (of \(parties * (parties - 1) / 2)); the chart below shows every party at once." : ""))),
            .div(.class("charts"), .forEach(Array(pairs.enumerated())) { number, pair in
                .raw(pairChart(pair.0, pair.1, sampled: sampled, model: model).svg(id: "pair\(number)"))
            }),
            .if(parties > 2, .raw(parallelChart(model: model).svg(id: "parallel")))
        )
    }

    /// All parties at once: the zone's Pareto frontier (at most 300 packages), or, without a zone,
    /// the closest packages, one line each.
    func parallelChart(model: UtilityModel) -> ParallelChart {
        let builder = ReportBuilder(scenario: scenario, model: model)
        func label(_ package: Package) -> String { names.packageText(builder.package(package.options)) }
        let axes = analysis.scenario.parties.map(\.name)
        if !space.frontier.isEmpty {
            let shown = space.frontier.prefix(300)
            return ParallelChart(title: "The Pareto frontier of the zone, every party at once (\(shown.count) of \(space.frontier.count) packages)",
                                 axes: axes, lines: shown.map { .init(label: label($0.package(in: model.space)), values: $0.utilities) },
                                 markers: model.reservations)
        }
        var seen = Set<Int>()
        let closest = space.closest.filter { seen.insert($0.index).inserted }
        return ParallelChart(title: "No zone: the closest packages, every party at once",
                             axes: axes, lines: closest.map { .init(label: label($0.package), values: $0.utilities) },
                             markers: model.reservations)
    }

    func pairChart(_ a: Int, _ b: Int, sampled: [[Double]], model: UtilityModel) -> ScatterChart {
        let partyA = scenario.parties[a], partyB = scenario.parties[b]
        var chart = ScatterChart(title: "\(partyA.name) and \(partyB.name)", xLabel: "utility of \(partyA.name)", yLabel: "utility of \(partyB.name)")
        chart.referenceX = model.reservations[a]
        chart.referenceY = model.reservations[b]
        chart.shadeAboveReferences = true
        chart.series.append(.init(name: "packages", points: sampled.map { .init(x: $0[a], y: $0[b], tip: "package") }, radius: 1.6))
        let frontier = space.frontier.map { ScatterChart.Point(x: $0.utilities[a], y: $0.utilities[b], tip: "frontier package") }
        if !frontier.isEmpty { chart.series.append(.init(name: "Pareto frontier of the zone", points: frontier, style: .ring, radius: 3)) }
        let ids = analysis.scenario.parties.map(\.id)
        let proposals = analysis.proposals.map { proposal -> ScatterChart.Point in
            let u = proposal.evaluations.map(\.utility)
            return .init(x: u[a], y: u[b], tip: Self.shortName(proposal.name))
        }
        chart.series.append(.init(name: "proposals", points: proposals, style: .diamond, radius: 5, labelled: true))
        let solutions: [(String, PackageReport?)] = [("Nash", analysis.agreementSpace.solutions.nash),
                                                     ("KS", analysis.agreementSpace.solutions.kalaiSmorodinsky)]
        let solutionPoints = solutions.compactMap { name, report in
            report.map { ScatterChart.Point(x: $0.utilities[ids[a]] ?? 0, y: $0.utilities[ids[b]] ?? 0, tip: name) }
        }
        if !solutionPoints.isEmpty { chart.series.append(.init(name: "solutions", points: solutionPoints, style: .ring, radius: 6, labelled: true)) }
        let closest = analysis.agreementSpace.closest.filter { $0.criterion == .worstShortfall }.prefix(1).map {
            ScatterChart.Point(x: $0.utilities[ids[a]] ?? 0, y: $0.utilities[ids[b]] ?? 0, tip: "closest")
        }
        if !closest.isEmpty { chart.series.append(.init(name: "closest package", points: Array(closest), style: .ring, radius: 6, labelled: true)) }
        return chart
    }

    // MARK: Gap

    func gapSection() -> Node<HTML.BodyContext> {
        let space = analysis.agreementSpace
        guard space.zoneSize == 0 else {
            return .section(.id("zone"), .h2("The zone of possible agreement"),
                            .p(.text("\(space.zoneSize.counted("package")) \(space.zoneSize == 1 ? "is" : "are") acceptable to every party; the Pareto frontier has \(space.frontier.count.grouped). "
                                + "The bargaining solutions, with gains measured from the reservation values:")),
                            .ul(.forEach([("Nash", space.solutions.nash), ("Kalai-Smorodinsky", space.solutions.kalaiSmorodinsky),
                                          ("Egalitarian", space.solutions.egalitarian), ("Utilitarian", space.solutions.utilitarian)]) { name, solution in
                                .unwrap(solution) { .li(.strong(.text("\(name): ")), .text(names.packageText($0.package) + "; utilities: " + names.utilitiesText($0.utilities))) }
                            }))
        }
        return .section(.id("gap"),
            .h2("No zone of possible agreement: the packages that come closest"),
            .table(
                .tr(.th("Criterion"), .th("Package"), .th("Falls short"), .th("Red lines in the way")),
                .forEach(space.closest) { close in
                    .tr(.td(.text(close.criterion == .totalShortfall ? "total shortfall" : "worst shortfall")),
                        .td(.text(names.packageText(close.package))),
                        .td(.text(names.partyOrder.compactMap { id in
                            (close.shortfalls[id] ?? 0) > 1e-9 ? "\(names.party(id)) \(close.shortfalls[id]!.formatted(decimals: 2))" : nil
                        }.joined(separator: ", "))),
                        .td(.text(close.breaches.isEmpty ? "none" : close.breaches.map(\.redLine).joined(separator: ", "))))
                }
            )
        )
    }

    // MARK: Optional analyses

    func bridgeSection() -> Node<HTML.BodyContext> {
        guard let bridge else { return .empty }
        return .section(.id("bridges"),
            .h2(.text("Bridges from \(bridge.plan.name)")),
            .if(bridge.bridges.isEmpty, .p(.text("No package is acceptable to every party; the leverage below would open a zone."))),
            .if(!bridge.bridges.isEmpty, .p(.text("Packages every party accepts, closest to the plan first (fewest of its choices changed; "
                + "what it leaves open is filled in and not counted):"))),
            .if(!bridge.bridges.isEmpty, .ol(.forEach(bridge.bridges) { entry in
                .li(.text(BridgeReport.describe(entry, names).prefix(1).uppercased() + BridgeReport.describe(entry, names).dropFirst() + "."))
            })),
            .unwrap(bridge.gap) { gap in
                .p(.text(Self.loweringText(gap, names)))
            },
            .if(!bridge.leverage.isEmpty, .ul(.forEach(bridge.leverage) { entry in
                .li(.text("\(entry.moves.joined(separator: " + ")) (cost \(entry.cost.formatted(decimals: 2))) opens a zone of \(entry.zoneSize)"
                          + (entry.nash.map { "; Nash package: " + names.packageText($0.package) } ?? "")))
            }))
        )
    }

    /// "Lowering reservation values by Russia 0.11, Ukraine 0.01 (0.12 in all) would open a zone."
    /// Rounded up, so the figures are enough taken literally, and adding up.
    static func loweringText(_ gap: BridgeReport.Gap, _ names: Names) -> String {
        let (lowering, total) = Threshold.parts(gap.adjustments, order: names.partyOrder)
        return "Lowering reservation values by " + lowering.map { "\(names.party($0.key)) \($0.amount.formatted(decimals: 2))" }.joined(separator: ", ")
            + " (\(total.formatted(decimals: 2)) in all) would open a zone."
    }

    func robustnessSection() -> Node<HTML.BodyContext> {
        guard let robustness else { return .empty }
        let chart = TornadoChart(title: "What the agreement margin is most sensitive to", valueLabel: "agreement margin (positive: a zone exists)",
                                 base: robustness.baseMargin,
                                 bars: robustness.tornado.map { .init(label: $0.judgment, atLow: $0.marginAtLow, atHigh: $0.marginAtHigh) })
        return .section(.id("robustness"),
            .h2("How sure we are"),
            .p(.text("\(robustness.runs) draws from every range (\(robustness.distribution), seed \(robustness.seed)). Probability of a zone of possible agreement: \(robustness.pZone.formatted(decimals: 3)).")),
            .table(
                .tr(.th("Proposal"), .th("All accept"), .forEach(analysis.scenario.parties) { .th(.text($0.name)) }),
                .forEach(robustness.proposals) { entry in
                    .tr(.td(.text(entry.id)), .td(.class("number"), .text(entry.pAllAccept.formatted(decimals: 3))),
                        .forEach(analysis.scenario.parties) { .td(.class("number"), .text((entry.pAccept[$0.id] ?? 0).formatted(decimals: 3))) })
                }
            ),
            .raw(chart.svg())
        )
    }

    /// A name short enough to label a chart point: up to 28 characters, cut at a word with "…".
    static func shortName(_ name: String) -> String {
        guard name.count > 28 else { return name }
        var cut = String(name.prefix(27))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > 12 { cut = String(cut[..<space]) }
        return cut + "…"
    }

    /// "2nd", "3rd", "11th", "21st".
    public static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:0 auto;padding:1rem;color:#1a1a1a;line-height:1.45}
        h1{font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;display:block;overflow-x:auto;max-width:100%}
        th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}td.number{text-align:right}
        .accepts{background:#e6f4ea}.rejects{background:#fde8e4}.breach{font-size:.8rem;color:#8a2a0a}.assumption{color:#666;font-style:italic}
        .confidence{color:#666}.meta{color:#555}.package{font-style:italic}.pattern{font-family:monospace}
        .charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{width:100%;max-width:460px;height:auto;font-size:11px}
        .chart-title{font-weight:600;font-size:13px}.axis{stroke:#333;stroke-width:1}.tick,.legend,.point-label{fill:#333}
        .label{fill:#333;font-size:12px}.reference{stroke:#555;stroke-dasharray:4 3}.zone{fill:#009E73;fill-opacity:.08}
        #robustness .chart{max-width:700px}.chart.wide{max-width:720px}
        @media print{.charts{display:block}.chart{page-break-inside:avoid}}
        """
}
