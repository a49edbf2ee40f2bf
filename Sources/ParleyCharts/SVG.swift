import ParleyCore

/// Small helpers for writing SVG by hand: escaping, number formatting, the colour palette.
public enum SVG {
    /// Okabe & Ito's colour-blind-safe palette (2008), in a fixed order.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// Text safe inside SVG/HTML elements and attributes.
    public static func escape(_ text: String) -> String { text.markupEscaped }

    /// A coordinate with at most two decimals ("12.5", "3").
    public static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Up to `count` round tick values covering `low...high`.
    public static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var value = (low / step).rounded(.up) * step
        var result: [Double] = []
        while value <= high + step * 1e-9 {
            // k × step, rounded to 12 decimals so that 3 × 0.2 prints as 0.6.
            result.append(((value / step).rounded() * step * 1e12).rounded() / 1e12)
            value += step
        }
        return result
    }
}
