/// A parallel-coordinates chart as SVG: one vertical axis per party, one polyline per package
/// through its utilities, and each party's reservation value marked on its axis. For more than
/// two parties, where pairwise scatters cannot show a package whole.
public struct ParallelChart: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public var label: String
        public var values: [Double]
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    public var title: String
    public var axes: [String]
    public var lines: [Line]
    /// One value per axis (or nil), drawn as a tick mark: the reservation values.
    public var markers: [Double?]
    public var width = 700.0
    public var height = 340.0

    public init(title: String, axes: [String], lines: [Line], markers: [Double?] = []) {
        self.title = title
        self.axes = axes
        self.lines = lines
        self.markers = markers
    }

    public func svg(id: String = "parallel") -> String {
        let left = 48.0, right = 48.0, top = 40.0, bottom = 46.0
        let plotHeight = height - top - bottom
        let values = lines.flatMap(\.values) + markers.compactMap { $0 }
        var low = min(0, values.min() ?? 0), high = max(1, values.max() ?? 1)
        if high - low < 1e-9 { low -= 0.5; high += 0.5 }
        let gap = axes.count > 1 ? (width - left - right) / Double(axes.count - 1) : 0
        func px(_ axis: Int) -> Double { left + Double(axis) * gap }
        func py(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" class=\"chart wide\" overflow=\"visible\">"
        out += "<title id=\"\(id)-title\">\(SVG.escape(title))</title>"
        out += "<text x=\"\(SVG.number(left))\" y=\"18\" class=\"chart-title\">\(SVG.escape(title))</text>"
        for (axis, name) in axes.enumerated() {
            let x = SVG.number(px(axis))
            out += "<line x1=\"\(x)\" y1=\"\(SVG.number(top))\" x2=\"\(x)\" y2=\"\(SVG.number(top + plotHeight))\" class=\"axis\"/>"
            out += "<text x=\"\(x)\" y=\"\(SVG.number(height - 24))\" class=\"label\" text-anchor=\"middle\">\(SVG.escape(name))</text>"
            for tick in SVG.ticks(low, high) where axis == 0 {
                out += "<text x=\"\(SVG.number(px(0) - 7))\" y=\"\(SVG.number(py(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(SVG.number(tick))</text>"
            }
        }
        let colour = SVG.palette[0]
        out += "<g class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-opacity=\"0.55\" stroke-width=\"1.5\">"
        for line in lines {
            let points = line.values.enumerated().map { "\(SVG.number(px($0.offset))),\(SVG.number(py($0.element)))" }.joined(separator: " ")
            let numbers = zip(axes, line.values).map { "\($0) \(SVG.number($1))" }.joined(separator: ", ")
            out += "<polyline points=\"\(points)\"><title>\(SVG.escape(line.label)): \(SVG.escape(numbers))</title></polyline>"
        }
        out += "</g>"
        for (axis, marker) in markers.enumerated() {
            guard let marker, axis < axes.count else { continue }
            let x = px(axis), y = py(marker)
            out += "<line x1=\"\(SVG.number(x - 9))\" y1=\"\(SVG.number(y))\" x2=\"\(SVG.number(x + 9))\" y2=\"\(SVG.number(y))\" stroke=\"\(SVG.palette[3])\" stroke-width=\"3\"><title>\(SVG.escape(axes[axis])) reservation value \(SVG.number(marker))</title></line>"
        }
        out += "<text x=\"\(SVG.number(left))\" y=\"\(SVG.number(height - 6))\" class=\"legend\">Each line is a package; the short thick marks across the axes: reservation values.</text>"
        return out + "</svg>"
    }
}
