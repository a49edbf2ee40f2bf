import ParleyCharts
import ParleyCore
import ParleyForecast
import ParleySimulation
import Plot

/// The sections of the analyses that unfold over rounds: a simulated negotiation and forecasts.
extension HTMLReport {
    func simulationSection() -> Node<HTML.BodyContext> {
        guard let simulation, !simulation.trace.isEmpty else { return .empty }
        let parties = analysis.scenario.parties
        let outcome: String
        if let agreement = simulation.agreement {
            outcome = "Agreement in round \(simulation.endedInRound): " + names.packageText(agreement) + "."
        } else if let walkedAway = simulation.walkedAway {
            outcome = "No agreement: \(names.party(walkedAway)) walked away in round \(simulation.endedInRound)."
        } else {
            outcome = "No agreement by the deadline (\(simulation.rounds) rounds): every party keeps its reservation value."
        }
        // Each party's offers, thinned to at most 150 (every k-th, and the last) on long traces.
        var thinned = false
        let offersBy = Dictionary(uniqueKeysWithValues: parties.map { party in
            let own = simulation.trace.filter { $0.action == .offer && $0.party == party.id }
            let stride = max(1, (own.count + 149) / 150)
            if stride > 1 { thinned = true }
            return (party.id, own.enumerated().filter { $0.offset % stride == 0 || $0.offset == own.count - 1 }.map(\.element))
        })
        // Concession curves: each party's own offers over the rounds, valued by itself.
        var overTime = ScatterChart(title: "Each party's offers, valued by itself, by round", xLabel: "round", yLabel: "own utility")
        overTime.series = parties.map { party in
            .init(name: party.name, points: (offersBy[party.id] ?? []).map { step in
                .init(x: Double(step.round), y: step.utilities[party.id] ?? 0, tip: "\(party.name), round \(step.round)")
            }, style: .line, radius: 1.5)
        }
        var charts = [overTime.svg(id: "simulation-rounds")]
        // Offers in utility space: every pair of parties for up to four, else the pairs whose
        // utilities over the offers conflict most.
        let offerRows = parties.flatMap { party in (offersBy[party.id] ?? []).map { step in parties.map { step.utilities[$0.id] ?? 0 } } }
        for (number, pair) in ScatterChart.informativePairs(offerRows, dimensions: parties.count).enumerated() {
            let (a, b) = (parties[pair.0], parties[pair.1])
            var space = ScatterChart(title: "Offers in utility space (\(a.name) × \(b.name))", xLabel: "\(a.name) utility", yLabel: "\(b.name) utility")
            space.series = parties.map { proposer in
                .init(name: "offers by \(proposer.name)", points: (offersBy[proposer.id] ?? []).map { step in
                    .init(x: step.utilities[a.id] ?? 0, y: step.utilities[b.id] ?? 0,
                          tip: "round \(step.round), \(proposer.name)")
                }, style: .line, radius: 2)
            }
            if simulation.leverage.isEmpty {
                space.referenceX = a.reservation
                space.referenceY = b.reservation
            }
            charts.append(space.svg(id: "simulation-space\(number)"))
        }
        return .section(.id("simulation"),
            .h2("Simulated bargaining"),
            .p(.text("Stacked alternating offers, \(simulation.rounds) rounds; strategies: "
                     + parties.map { "\(names.party($0.id)) \(simulation.strategies[$0.id] ?? "?")" }.joined(separator: ", ")
                     + (simulation.leverage.isEmpty ? "" : "; leverage: " + simulation.leverage.joined(separator: ", ")) + ".")),
            .p(.text(outcome + " Payoffs: " + names.utilitiesText(simulation.payoffs) + ".")),
            .if(thinned, .p(.class("meta"), .text("Long traces are thinned: at most 150 offers per party are drawn (every k-th, and the last)."))),
            .div(.class("charts"), .forEach(charts) { .raw($0) })
        )
    }

    /// The moderated protocol's conversation: every turn's speaker, message and deal (with each
    /// party's utility of it), a language model's prompt and raw reply folded under its turn; the
    /// final proposal and the metrics.
    func moderatedSection() -> Node<HTML.BodyContext> {
        guard let moderated else { return .empty }
        func who(_ id: String) -> String { id == "mediator" ? "The mediator" : names.party(id) }
        let final = moderated.final
        let verdict = final.deal == nil ? "No final proposal."
            : (final.passes ? "The final proposal passes" : "The final proposal does not pass")
              + " (accepted by " + (final.acceptedBy.isEmpty ? "nobody" : final.acceptedBy.map(names.party).listed) + ")."
        let metrics = moderated.metrics
        let metricText = "Some deal put on the table passed: \(metrics.anyPass ? "yes" : "no"); final unanimous: \(metrics.finalUnanimous ? "yes" : "no")"
            + (metrics.gini.map { "; Gini of the final scores \($0.formatted(decimals: 3))" } ?? "")
            + (metrics.distanceToFrontier.map { "; distance to the frontier of passing deals \($0.formatted(decimals: 3))" } ?? "") + "."
        return .section(.id("moderated"),
            .h2("A moderated negotiation"),
            .p(.text("\(who(moderated.proposer)) opens and makes the final proposal; the parties speak in \(moderated.schedule.count) turns "
                     + "in cycles drawn from seed \(moderated.seed). Who must agree: \(moderated.rule). Seats: "
                     + names.partyOrder.map { "\(names.party($0)) \(moderated.strategies[$0] ?? "?")" }.joined(separator: ", ") + ".")),
            .table(.class("conversation"),
                .caption("The conversation, turn by turn"),
                .thead(.tr(.th("Turn"), .th("Speaker"), .th("Message and deal"))),
                .tbody(.forEach(Array(moderated.turns.enumerated())) { k, turn in
                    .tr(
                        .td(.text(turn.phase == "discussion" ? "\(k)" : turn.phase)),
                        .td(.text(who(turn.party))),
                        .td(
                            .text(turn.message.isEmpty ? "(nothing said)" : turn.message),
                            .if(turn.deal != nil, .div(.class("meta"), .text("Deal: " + (turn.deal.map(names.packageText) ?? "")))),
                            .if(!turn.valid, .div(.class("meta"), .text("Invalid reply, counted as a pass" + (turn.record?.error.map { ": \($0)" } ?? "") + "."))),
                            .unwrap(turn.record) { record in
                                .element(named: "details", nodes: [
                                    .element(named: "summary", text: "Prompt and reply (\(record.attempts) attempt\(record.attempts == 1 ? "" : "s"), "
                                             + "\((record.milliseconds / 1000).formatted(decimals: 1)) s"
                                             + (record.completionTokens.map { ", \($0) reply tokens" } ?? "") + ")"),
                                    .pre(.text(record.prompt.map { "[\($0.role)]\n\($0.content)" }.joined(separator: "\n\n"))),
                                    .pre(.text("[reply]\n" + record.reply)),
                                ])
                            }
                        )
                    )
                })
            ),
            .p(.text(verdict + (final.scores.map { " Scores: " + names.utilitiesText($0) + "." } ?? ""))),
            .p(.text(metricText))
        )
    }

    func forecastSection() -> Node<HTML.BodyContext> {
        guard let forecasts, !forecasts.isEmpty else { return .empty }
        let models = forecasts.flatMap { $0.forecasts.map(\.model) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        func issue(_ id: String) -> Issue? { scenario.issues.first { $0.id.rawValue == id } }
        func cell(_ forecast: IssueForecast, _ model: String) -> Node<HTML.TableRowContext> {
            guard let entry = forecast.forecasts.first(where: { $0.model == model }) else { return .td("–") }
            let option = entry.nearestOption.flatMap { id in issue(forecast.id)?.options.first { $0.id.rawValue == id }?.name }
            // The band, when the ranges move the forecast at all.
            let band = entry.distribution.flatMap { $0.high - $0.low > 1e-9 ? $0 : nil }
                .map { " [\($0.low.formatted(decimals: 1))–\($0.high.formatted(decimals: 1))]" } ?? ""
            let text = entry.forecast.formatted(decimals: 1) + band + (option.map { " (\($0))" } ?? "")
            return .td(.text(text))
        }
        func row(_ forecast: IssueForecast) -> Node<HTML.TableContext> {
            .tr(.td(.text(issue(forecast.id)?.name ?? forecast.id)), .forEach(models) { cell(forecast, $0) })
        }
        let explanation = "Each ordered or numeric issue as a line from 0 to 100: each party's position is its ideal, or its best option's position; "
            + "its salience its weight × 100; its capability as stated. The option nearest each forecast is in brackets. "
            + "compromise: the capability × salience weighted mean (Achen 2006); median: the weighted median; "
            + "nash: the Nash bargaining solution with the status quo as the disagreement point; "
            + "eum: Bueno de Mesquita's expected-utility model (Scholz et al. 2011), its median after the rounds (eumMean: its mean); "
            + "smp: KTAB's spatial model of politics, all issues at once."
            + (forecasts.contains { $0.forecasts.contains { $0.distribution != nil } }
               ? " In square brackets: the 5-95% band over a Monte Carlo run drawing every range in the scenario ("
                 + "\(forecasts.lazy.flatMap(\.forecasts).compactMap(\.distribution).first?.runs ?? 0) draws), where the ranges move the forecast." : "")
        let header: Node<HTML.TableContext> = .tr(.th("Issue"), .forEach(models) { .th(.text($0)) })
        let table: Node<HTML.BodyContext> = .table(header, .forEach(forecasts, row))
        var charts: [String] = []
        for forecast in forecasts {
            let dynamic = forecast.forecasts.filter { ($0.rounds?.count ?? 0) > 1 && $0.model != "eumMean" }
            guard !dynamic.isEmpty else { continue }
            let name = issue(forecast.id)?.name ?? forecast.id
            var chart = ScatterChart(title: "\(name): positions by round", xLabel: "round", yLabel: "position (0-100)")
            chart.yRange = 0...100
            chart.series = dynamic.flatMap { entry -> [ScatterChart.Series] in
                let rounds = entry.rounds ?? []
                return [
                    .init(name: "\(entry.model) median", points: rounds.enumerated().map { t, round in
                        .init(x: Double(t), y: round.median, tip: "\(entry.model), round \(t): median \(round.median.formatted(decimals: 1))")
                    }, style: .line, radius: 2),
                    .init(name: "\(entry.model) mean", points: rounds.enumerated().map { t, round in
                        .init(x: Double(t), y: round.mean, tip: "\(entry.model), round \(t): mean \(round.mean.formatted(decimals: 1))")
                    }, style: .line, radius: 1.5),
                ]
            }
            charts.append(chart.svg(id: "forecast-\(forecast.id)"))
        }
        return .section(.id("forecasts"),
            .h2("Forecasts (spatial models)"),
            .p(.text(explanation)),
            table,
            .div(.class("charts"), .forEach(charts) { .raw($0) })
        )
    }
}
