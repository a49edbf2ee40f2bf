/// A number as an analyst states it: a point, or a range `[low, high]` when the judgment is uncertain.
///
/// Point analyses use the ``value`` (the midpoint); robustness analyses sample between ``low`` and
/// ``high``.
///
/// ```swift
/// let reservation = Estimate(low: 0.3, high: 0.5)
/// reservation.value      // 0.4
/// reservation.isUncertain // true
/// ```
public struct Estimate: Hashable, Sendable, Codable, CustomStringConvertible {
    public var low: Double
    public var high: Double

    /// A range; `low` must not exceed `high`.
    public init(low: Double, high: Double) {
        precondition(low <= high, "an estimate's low end must not exceed its high end")
        self.low = low
        self.high = high
    }

    /// A point estimate.
    public init(_ value: Double) {
        self.low = value
        self.high = value
    }

    /// The midpoint, used by point analyses.
    public var value: Double { low == high ? low : (low + high) / 2 }

    /// Whether the estimate is a range rather than a point.
    public var isUncertain: Bool { low != high }

    /// The estimate with `transform` applied to both ends (the transform must be monotone).
    public func map(_ transform: (Double) -> Double) -> Estimate {
        let a = transform(low), b = transform(high)
        return Estimate(low: Swift.min(a, b), high: Swift.max(a, b))
    }

    public var description: String {
        isUncertain ? "[\(low.decimalText), \(high.decimalText)]" : value.decimalText
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let point = try? container.decode(Double.self) {
            self.init(point)
        } else {
            let pair = try container.decode([Double].self)
            guard pair.count == 2, pair[0] <= pair[1] else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "an estimate is a number or [low, high]")
            }
            self.init(low: pair[0], high: pair[1])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if isUncertain { try container.encode([low, high]) } else { try container.encode(low) }
    }
}
