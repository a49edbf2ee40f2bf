import Foundation
import ParleyCore

/// The time-dependent concession tactics of Faratin, Sierra & Jennings (1998): the target utility
/// falls from the best package's utility to the reservation value as `target(t) = best − (best −
/// reservation) × t^(1/e)`. `e < 1` concedes late (Boulware), `e = 1` linearly, `e > 1` early
/// (conceder). The negotiator proposes the package whose utility is closest above the target and
/// accepts by its acceptance condition (AC_next by default); it never proposes or accepts a package
/// that breaches its red lines or falls below its reservation value.
public struct TimeDependentNegotiator: Negotiator {
    public var name: String
    public var exponent: Double
    public var acceptance: AcceptanceCondition
    private var context: NegotiationContext?
    private var ranked = AcceptableRanking()

    public init(name: String, exponent: Double, acceptance: AcceptanceCondition = .next) {
        self.name = name
        self.exponent = exponent
        self.acceptance = acceptance
    }

    public static func boulware() -> Self { Self(name: "boulware", exponent: 0.2) }
    public static func linear() -> Self { Self(name: "linear", exponent: 1) }
    public static func conceder() -> Self { Self(name: "conceder", exponent: 5) }
    /// Never concedes: always proposes its best package.
    public static func hardliner() -> Self { Self(name: "hardliner", exponent: 1e-9) }

    public mutating func start(_ context: NegotiationContext) {
        self.context = context
        ranked = context.acceptableRanking
    }

    func target(_ time: Double) -> Double {
        guard let context, let best = ranked.best else { return .infinity }
        let t = min(1, max(0, time))
        return best - (best - context.reservation) * pow(t, 1 / exponent)
    }

    /// The package closest above the target (the worst of those at least as good as the target).
    func proposal(_ time: Double) -> Int? {
        ranked.package(atLeast: target(time))
    }

    public mutating func open(time: Double) -> Int { proposal(time) ?? 0 }

    public mutating func respond(to offer: Int, time: Double) -> Response {
        guard let context else { return .walkAway }
        guard let next = proposal(time) else { return .walkAway }   // nothing acceptable at all
        let offered = context.utilities[offer]
        if !context.forbidden[offer], offered >= context.reservation - 1e-12,
           acceptance.accepts(offered: offered, next: context.utilities[next], time: time) {
            return .accept
        }
        return .counter(next)
    }
}

