/// Numbers as people read them, in one place: every report and message formats numbers here.

extension Int {
    /// With thousands separators: 1234567 → "1,234,567".
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return self < 0 ? "-" + out : out
    }
}

extension Double {
    /// The shortest decimal text that reads back as the same number (`0.5`, `12`, `0.125`).
    /// (Named so as not to shadow Foundation's `formatted()`.)
    public var decimalText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }

    /// The number with `digits` decimals, trailing zeros kept (`0.50`).
    public func formatted(decimals digits: Int) -> String {
        guard isFinite, abs(self) < 1e15 else { return "\(self)" }
        var scaled = (self * pow10(digits)).rounded()
        if scaled == 0 { scaled = 0 } // no "-0.00"
        let negative = scaled < 0
        var text = String(Int(abs(scaled)))
        if digits > 0 {
            while text.count <= digits { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return negative ? "-" + text : text
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}

/// Amounts printed as thresholds to reach ("lower it by 0.11"): rounded up, so the printed figure is
/// enough when taken literally, and totals made of the printed parts, so they add up on the page.
public enum Threshold {
    /// `value` rounded up to `decimals` decimals, ignoring a excess no larger than `slack` (the
    /// acceptance tolerance: a shortfall of 0.1 + 1e-12 is met by lowering 0.1).
    public static func roundedUp(_ value: Double, decimals: Int = 2, slack: Double = 1e-9) -> Double {
        guard value.isFinite else { return value }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // The product can land a hair above a whole number (0.29 × 100 = 29.000000000000004).
        let scaled = ((value - slack) * scale * (1 - 1e-12))
        return max(0, scaled.rounded(.up)) / scale
    }

    /// The positive amounts of `values` (beyond `slack`), in `order`, each rounded up, and their sum:
    /// "Russia 0.11, Ukraine 0.01 (0.12 in all)".
    public static func parts(_ values: [String: Double], order: [String], decimals: Int = 2,
                             slack: Double = 1e-9) -> (parts: [(key: String, amount: Double)], total: Double) {
        let keys = order.filter { (values[$0] ?? 0) > slack }
        let (amounts, total) = parts(keys.map { values[$0]! }, decimals: decimals)
        return (Array(zip(keys, amounts)).map { (key: $0.0, amount: $0.1) }, total)
    }

    /// Each part rounded up, and their sum: what to print so that the parts add up to the total.
    public static func parts(_ values: [Double], decimals: Int = 2) -> (parts: [Double], total: Double) {
        let parts = values.map { roundedUp($0, decimals: decimals) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Summed in whole hundredths, so no floating-point residue reaches the page.
        let total = parts.reduce(0) { $0 + ($1 * scale).rounded() } / scale
        return (parts, total)
    }
}

extension Int {
    /// The count with its noun, singular or plural as the count needs: "1 proposal", "1,944 packages".
    /// - Parameter plural: the plural when it is not the singular plus "s" ("parties").
    public func counted(_ singular: String, _ plural: String? = nil) -> String {
        "\(grouped) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}

extension Double {
    /// A count too large for an integer, as people read it: "about 1.0 × 10^40".
    public var approximateCountText: String {
        guard isFinite, self >= 1 else { return "\(self)" }
        if self < 1e15 { return Int(self.rounded()).grouped }
        var exponent = 0
        var mantissa = self
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return "about \(mantissa.formatted(decimals: 1)) × 10^\(exponent)"
    }
}

extension Array where Element == String {
    /// The items as a sentence lists them: "A", "A and B", "A, B and C".
    public var listed: String {
        count <= 1 ? (first ?? "") : dropLast().joined(separator: ", ") + " and " + last!
    }
}

extension Double {
    /// The number rounded to at most `decimals` decimals and written without trailing zeros, for
    /// people: 1 − 0.4 reads "0.6", not "0.6000000000000001". (Files keep ``decimalText``, exact.)
    public func readable(decimals: Int = 3) -> String {
        guard isFinite, abs(self) < 1e15 else { return "\(self)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (self * scale).rounded() / scale
        return (rounded == 0 ? 0 : rounded).decimalText
    }
}

extension Estimate {
    /// The estimate for people: each end rounded to at most `decimals` decimals ("0.6", "[0.25, 0.35]").
    public func readable(decimals: Int = 3) -> String {
        isUncertain ? "[\(low.readable(decimals: decimals)), \(high.readable(decimals: decimals))]" : value.readable(decimals: decimals)
    }
}
