import Foundation
import Testing
@testable import ParleyCharts

@Suite struct ChartTests {
    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(SVG.ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(SVG.ticks(-0.1, -0.04) == [-0.1, -0.08, -0.06, -0.04])
        #expect(SVG.ticks(3, 3) == [3])
    }

    @Test func scatterChartsAreAccessibleAndEscapeText() {
        var chart = ScatterChart(title: "A & B", xLabel: "utility of A", yLabel: "utility of <B>")
        chart.referenceX = 0.4
        chart.referenceY = 0.5
        chart.shadeAboveReferences = true
        chart.series = [.init(name: "packages", points: [.init(x: 0.2, y: 0.9, tip: "p1"), .init(x: 0.8, y: 0.6, tip: "p2")]),
                        .init(name: "proposals", points: [.init(x: 0.5, y: 0.5, tip: "plan \"x\"")], style: .diamond, radius: 5, labelled: true)]
        let svg = chart.svg(id: "c1")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"c1-title\""))
        #expect(svg.contains("<title id=\"c1-title\">A &amp; B</title>"))
        #expect(svg.contains("utility of &lt;B&gt;"))
        #expect(svg.contains("plan &quot;x&quot;"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 + 2)   // two points, two legend dots
        #expect(svg.contains("class=\"zone\""))
        #expect(svg.contains("<title>p1 (0.2, 0.9)</title>"))   // numbers on hover
    }

    @Test func tornadoBarsRunFromLowToHigh() {
        let chart = TornadoChart(title: "t", valueLabel: "margin", base: 0, bars: [.init(label: "x", atLow: -0.1, atHigh: 0.2)])
        let svg = chart.svg()
        #expect(svg.contains("x: -0.1 at the low end, 0.2 at the high end"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 1 + 2)   // the bar and the legend's two swatches
        #expect(svg.contains("higher at the high end") && svg.contains("lower at the high end") && svg.contains("at the midpoints"))
    }

    @Test func coincidentLabelsShareOneAndTheLegendIsOutsideThePlot() {
        var chart = ScatterChart(title: "t", xLabel: "a", yLabel: "b")
        chart.series = [.init(name: "solutions", points: [.init(x: 0.5, y: 0.5, tip: "Nash"), .init(x: 0.5, y: 0.5, tip: "KS")], labelled: true),
                        .init(name: "proposals", points: [.init(x: 0.5, y: 0.5, tip: "plan"), .init(x: 0.6, y: 0.5, tip: "other")], labelled: true)]
        let svg = chart.svg()
        #expect(svg.contains(">Nash / KS / plan</text>"))
        // "other" is next to it, moved down so the two do not overlap.
        let labels = svg.components(separatedBy: "class=\"point-label\"").count - 1
        #expect(labels == 2)
        // The legend sits below the plot area (y beyond the chart's nominal height).
        let legendY = svg.components(separatedBy: "class=\"legend\"")[0].components(separatedBy: "y=\"").last!.prefix { $0 != "\"" }
        #expect(Double(legendY)! > chart.height)
    }

    @Test func manyDimensionsGiveTheMostConflictingPairs() {
        // 8 parties: 28 pairs; only the 6 most negatively correlated are charted.
        let rows = (0..<50).map { i -> [Double] in
            let t = Double(i) / 49
            return [t, 1 - t, t, t * t, 0.5, 1 - t * t, t, 0.3 + 0.1 * t]
        }
        let pairs = ScatterChart.informativePairs(rows, dimensions: 8)
        #expect(pairs.count == 6)
        #expect(pairs.contains { $0 == (0, 1) })
        #expect(ScatterChart.informativePairs(rows, dimensions: 3).count == 3)
    }
}

@Suite struct ParallelChartTests {
    @Test func oneLinePerPackageThroughEveryAxisAndAMarkPerReservation() {
        let chart = ParallelChart(title: "t", axes: ["A", "B", "C"],
                                  lines: [.init(label: "p1", values: [0.2, 0.9, 0.5]), .init(label: "p2 <x>", values: [1, 0, 0.25])],
                                  markers: [0.5, nil, 0.3])
        let svg = chart.svg(id: "p")
        #expect(svg.components(separatedBy: "<polyline ").count - 1 == 2)
        #expect(svg.components(separatedBy: "reservation value 0").count - 1 == 2)
        // Each polyline has one vertex per axis, and its tooltip lists the values.
        #expect(svg.contains("A 0.2, B 0.9, C 0.5"))
        #expect(svg.contains("p2 &lt;x&gt;"))
        let first = svg.components(separatedBy: "<polyline points=\"")[1].prefix { $0 != "\"" }
        #expect(first.split(separator: " ").count == 3)
        // Value 1 sits at the top of the plot and 0 at the bottom.
        let second = svg.components(separatedBy: "<polyline points=\"")[2].prefix { $0 != "\"" }.split(separator: " ")
        #expect(second[0].hasSuffix(",40") && second[1].hasSuffix(",294"))
    }
}
