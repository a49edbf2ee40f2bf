/// A scatter plot of points in two dimensions, as self-contained SVG: axes with ticks and labels,
/// a legend, optional reference lines and a shaded region, labelled markers, and a tooltip
/// (`<title>`) on every point.
///
/// ```swift
/// var chart = ScatterChart(title: "Russia and Ukraine", xLabel: "Russia", yLabel: "Ukraine")
/// chart.series.append(.init(name: "packages", points: [.init(x: 0.3, y: 0.6, tip: "package 12")]))
/// let svg = chart.svg()
/// ```
public struct ScatterChart: Hashable, Sendable {
    /// The pairs of dimensions worth a chart each when there are many: every pair for up to
    /// `allUpTo` dimensions, else the `limit` pairs whose values are least correlated over `rows`
    /// (the sharpest trade-offs), so 40 parties give a handful of charts, not 780.
    /// - Parameter rows: one array of values per point, one value per dimension.
    public static func informativePairs(_ rows: [[Double]], dimensions: Int, allUpTo: Int = 4, limit: Int = 6) -> [(Int, Int)] {
        let all = (0..<dimensions).flatMap { a in ((a + 1)..<dimensions).map { (a, $0) } }
        guard dimensions > allUpTo else { return all }
        func correlation(_ a: Int, _ b: Int) -> Double {
            let n = Double(max(1, rows.count))
            let meanA = rows.reduce(0) { $0 + $1[a] } / n, meanB = rows.reduce(0) { $0 + $1[b] } / n
            var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
            for row in rows {
                covariance += (row[a] - meanA) * (row[b] - meanB)
                varianceA += (row[a] - meanA) * (row[a] - meanA)
                varianceB += (row[b] - meanB) * (row[b] - meanB)
            }
            return varianceA > 0 && varianceB > 0 ? covariance / (varianceA * varianceB).squareRoot() : 0
        }
        let scored = all.map { (pair: $0, score: correlation($0.0, $0.1)) }
        return scored.sorted { $0.score < $1.score || ($0.score == $1.score && ($0.pair.0, $0.pair.1) < ($1.pair.0, $1.pair.1)) }
            .prefix(limit).map(\.pair)
    }

    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double
        /// Shown on hover.
        public var tip: String
        public init(x: Double, y: Double, tip: String) {
            self.x = x
            self.y = y
            self.tip = tip
        }
    }

    public struct Series: Hashable, Sendable {
        /// `line` joins the points in order (a trajectory) and marks each with a small dot.
        public enum Style: Hashable, Sendable { case dot, ring, diamond, line }
        public var name: String
        public var points: [Point]
        public var style: Style
        public var radius: Double
        /// Print each point's tip beside it.
        public var labelled: Bool
        public init(name: String, points: [Point], style: Style = .dot, radius: Double = 2, labelled: Bool = false) {
            self.name = name
            self.points = points
            self.style = style
            self.radius = radius
            self.labelled = labelled
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    /// A vertical and a horizontal dashed line (e.g. reservation values).
    public var referenceX: Double?
    public var referenceY: Double?
    /// Shade the region above and right of the reference lines (e.g. the zone of possible agreement).
    public var shadeAboveReferences = false
    /// A fixed scale for the y axis (a 0..100 position scale, say), instead of one fitted to the data.
    public var yRange: ClosedRange<Double>?
    public var width = 440.0
    public var height = 360.0

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The chart as an `<svg>` element.
    public func svg(id: String = "chart") -> String {
        let left = 56.0, right = 72.0, top = 34.0, bottom = 48.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let all = series.flatMap(\.points)
        let xs = all.map(\.x) + [referenceX].compactMap { $0 }, ys = all.map(\.y) + [referenceY].compactMap { $0 }
        var xLow = min(0, xs.min() ?? 0), xHigh = max(1, xs.max() ?? 1)
        var yLow = yRange?.lowerBound ?? min(0, ys.min() ?? 0), yHigh = yRange?.upperBound ?? max(1, ys.max() ?? 1)
        if xHigh - xLow < 1e-9 { xLow -= 0.5; xHigh += 0.5 }
        if yHigh - yLow < 1e-9 { yLow -= 0.5; yHigh += 0.5 }
        func px(_ x: Double) -> Double { left + (x - xLow) / (xHigh - xLow) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (y - yLow) / (yHigh - yLow) * plotHeight }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" class=\"chart\" overflow=\"visible\">"
        out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>"
        out += "<text x=\"\(SVG.number(left))\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
        if shadeAboveReferences, let rx = referenceX, let ry = referenceY {
            out += "<rect x=\"\(SVG.number(px(rx)))\" y=\"\(SVG.number(top))\" width=\"\(SVG.number(max(0, left + plotWidth - px(rx))))\" height=\"\(SVG.number(max(0, py(ry) - top)))\" class=\"zone\"><title>Both at or above their reservation values</title></rect>"
        }
        // Axes and ticks.
        out += "<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(top + plotHeight))\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(SVG.number(top + plotHeight))\" class=\"axis\"/>"
        out += "<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(top + plotHeight))\" class=\"axis\"/>"
        for tick in SVG.ticks(xLow, xHigh) {
            out += "<line x1=\"\(SVG.number(px(tick)))\" y1=\"\(SVG.number(top + plotHeight))\" x2=\"\(SVG.number(px(tick)))\" y2=\"\(SVG.number(top + plotHeight + 4))\" class=\"axis\"/>"
            out += "<text x=\"\(SVG.number(px(tick)))\" y=\"\(SVG.number(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(SVG.number(tick))</text>"
        }
        for tick in SVG.ticks(yLow, yHigh) {
            out += "<line x1=\"\(SVG.number(left - 4))\" y1=\"\(SVG.number(py(tick)))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(py(tick)))\" class=\"axis\"/>"
            out += "<text x=\"\(SVG.number(left - 7))\" y=\"\(SVG.number(py(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(SVG.number(tick))</text>"
        }
        out += "<text x=\"\(SVG.number(left + plotWidth / 2))\" y=\"\(SVG.number(height - 8))\" class=\"label\" text-anchor=\"middle\">\(SVG.escape(xLabel))</text>"
        out += "<text transform=\"translate(14 \(SVG.number(top + plotHeight / 2))) rotate(-90)\" class=\"label\" text-anchor=\"middle\">\(SVG.escape(yLabel))</text>"
        if let rx = referenceX {
            out += "<line x1=\"\(SVG.number(px(rx)))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(px(rx)))\" y2=\"\(SVG.number(top + plotHeight))\" class=\"reference\"><title>\(SVG.escape(xLabel)) reservation value \(SVG.number(rx))</title></line>"
        }
        if let ry = referenceY {
            out += "<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(py(ry)))\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(SVG.number(py(ry)))\" class=\"reference\"><title>\(SVG.escape(yLabel)) reservation value \(SVG.number(ry))</title></line>"
        }
        // Labels are placed after every marker: points at one place share one label, and a label
        // that would overlap one already placed moves down until it is clear.
        var labels: [(x: Double, y: Double, text: String)] = []
        for (index, series) in series.enumerated() {
            let colour = SVG.palette[index % SVG.palette.count]
            out += "<g class=\"series\" fill=\"\(colour)\" stroke=\"\(colour)\">"
            if series.style == .line, series.points.count > 1 {
                let path = series.points.map { "\(SVG.number(px($0.x))),\(SVG.number(py($0.y)))" }.joined(separator: " ")
                out += "<polyline points=\"\(path)\" fill=\"none\" stroke-width=\"1.5\" stroke-opacity=\"0.8\"/>"
            }
            for point in series.points {
                let x = SVG.number(px(point.x)), y = SVG.number(py(point.y)), r = SVG.number(series.radius)
                let tip = "<title>\(SVG.escape(point.tip)) (\(SVG.number(point.x)), \(SVG.number(point.y)))</title>"
                switch series.style {
                case .dot: out += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(r)\" fill-opacity=\"0.45\" stroke=\"none\">\(tip)</circle>"
                case .line: out += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(r)\" stroke=\"none\">\(tip)</circle>"
                case .ring: out += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(r)\" fill=\"none\" stroke-width=\"2\">\(tip)</circle>"
                case .diamond:
                    let cx = px(point.x), cy = py(point.y), s = series.radius
                    out += "<path d=\"M\(SVG.number(cx)) \(SVG.number(cy - s))L\(SVG.number(cx + s)) \(SVG.number(cy))L\(SVG.number(cx)) \(SVG.number(cy + s))L\(SVG.number(cx - s)) \(SVG.number(cy))Z\">\(tip)</path>"
                }
                if series.labelled {
                    let lx = px(point.x) + series.radius + 3, ly = py(point.y) - series.radius
                    if let same = labels.firstIndex(where: { abs($0.x - lx) < 6 && abs($0.y - ly) < 6 }) {
                        if !labels[same].text.split(separator: " / ").contains(where: { $0 == point.tip }) {
                            labels[same].text += " / " + point.tip
                        }
                    } else {
                        labels.append((lx, ly, point.tip))
                    }
                }
            }
            out += "</g>"
        }
        var placed: [(x: Double, y: Double, width: Double)] = []
        for label in labels {
            let width = Double(label.text.count) * 6.2
            var y = label.y
            for _ in 0..<8 where placed.contains(where: { abs($0.y - y) < 12 && $0.x < label.x + width && label.x < $0.x + $0.width }) {
                y += 12
            }
            placed.append((label.x, y, width))
            out += "<text x=\"\(SVG.number(label.x))\" y=\"\(SVG.number(y))\" class=\"point-label\">\(SVG.escape(label.text))</text>"
        }
        // Legend below the plot, outside the data.
        var legendX = left, legendY = height + 6
        for (index, series) in series.enumerated() {
            let colour = SVG.palette[index % SVG.palette.count]
            let itemWidth = 22 + Double(series.name.count) * 6.2
            if legendX + itemWidth > width, legendX > left { legendX = left; legendY += 15 }
            out += "<circle cx=\"\(SVG.number(legendX + 4))\" cy=\"\(SVG.number(legendY - 4))\" r=\"4\" fill=\"\(colour)\"/>"
            out += "<text x=\"\(SVG.number(legendX + 12))\" y=\"\(SVG.number(legendY))\" class=\"legend\">\(SVG.escape(series.name))</text>"
            legendX += itemWidth
        }
        let fullHeight = series.isEmpty ? height : legendY + 8
        out = out.replacing("viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\"",
                            with: "viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(fullHeight))\"", maxReplacements: 1)
        return out + "</svg>"
    }
}
