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
    public func formatted() -> String {
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
