/// A tornado chart as SVG: one horizontal bar per item from its value at the low end of its range
/// to its value at the high end, around a base line, largest swing on top.
public struct TornadoChart: Hashable, Sendable {
    public struct Bar: Hashable, Sendable {
        public var label: String
        public var atLow: Double
        public var atHigh: Double
        public init(label: String, atLow: Double, atHigh: Double) {
            self.label = label
            self.atLow = atLow
            self.atHigh = atHigh
        }
    }

    public var title: String
    public var valueLabel: String
    public var base: Double
    public var bars: [Bar]
    public var width = 640.0

    public init(title: String, valueLabel: String, base: Double, bars: [Bar]) {
        self.title = title
        self.valueLabel = valueLabel
        self.base = base
        self.bars = bars
    }

    public func svg(id: String = "tornado") -> String {
        // Room on the left for the longest label (about 5.8 px a character at the chart's font size).
        let longest = Double(bars.map(\.label.count).max() ?? 10)
        let left = min(max(160, longest * 5.8 + 16), width * 0.6), right = 20.0, top = 34.0, row = 24.0
        let height = top + Double(max(1, bars.count)) * row + 64
        let values = bars.flatMap { [$0.atLow, $0.atHigh] } + [base]
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1e-9 { low -= 0.05; high += 0.05 }
        let span = high - low
        low -= span * 0.05
        high += span * 0.05
        let plotWidth = width - left - right
        func px(_ v: Double) -> Double { left + (v - low) / (high - low) * plotWidth }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" class=\"chart\">"
        out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>"
        out += "<text x=\"8\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * row
            let a = px(min(bar.atLow, bar.atHigh)), b = px(max(bar.atLow, bar.atHigh))
            out += "<text x=\"\(SVG.number(left - 8))\" y=\"\(SVG.number(y + 15))\" class=\"tick\" text-anchor=\"end\">\(SVG.escape(bar.label))</text>"
            out += "<rect x=\"\(SVG.number(a))\" y=\"\(SVG.number(y + 4))\" width=\"\(SVG.number(max(1, b - a)))\" height=\"\(SVG.number(row - 8))\" fill=\"\(SVG.palette[bar.atHigh >= bar.atLow ? 0 : 3])\">"
            out += "<title>\(SVG.escape(bar.label)): \(SVG.number(bar.atLow)) at the low end, \(SVG.number(bar.atHigh)) at the high end</title></rect>"
        }
        let bottom = top + Double(bars.count) * row
        out += "<line x1=\"\(SVG.number(px(base)))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(px(base)))\" y2=\"\(SVG.number(bottom))\" class=\"reference\"><title>At the midpoints: \(SVG.number(base))</title></line>"
        out += "<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(bottom))\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(SVG.number(bottom))\" class=\"axis\"/>"
        for tick in SVG.ticks(low, high) {
            out += "<text x=\"\(SVG.number(px(tick)))\" y=\"\(SVG.number(bottom + 16))\" class=\"tick\" text-anchor=\"middle\">\(SVG.number(tick))</text>"
        }
        out += "<text x=\"\(SVG.number(left + plotWidth / 2))\" y=\"\(SVG.number(bottom + 36))\" class=\"label\" text-anchor=\"middle\">\(SVG.escape(valueLabel))</text>"
        // The legend: what the two colours mean, and the dashed line.
        let legendY = bottom + 56
        out += "<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(SVG.palette[0])\"/>"
        out += "<text x=\"\(SVG.number(left + 14))\" y=\"\(SVG.number(legendY))\" class=\"legend\">higher at the high end of the range</text>"
        out += "<rect x=\"\(SVG.number(left + 220))\" y=\"\(SVG.number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(SVG.palette[3])\"/>"
        out += "<text x=\"\(SVG.number(left + 234))\" y=\"\(SVG.number(legendY))\" class=\"legend\">lower at the high end</text>"
        out += "<line x1=\"\(SVG.number(8))\" y1=\"\(SVG.number(legendY - 4))\" x2=\"\(SVG.number(28))\" y2=\"\(SVG.number(legendY - 4))\" class=\"reference\"/>"
        out += "<text x=\"32\" y=\"\(SVG.number(legendY))\" class=\"legend\">at the midpoints</text>"
        return out + "</svg>"
    }
}
