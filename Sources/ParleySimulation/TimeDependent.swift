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

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        guard let context else { return .walkAway }
        guard let next = proposal(time) else { return .walkAway }   // nothing acceptable at all
        let offered = context.utilities[offer]
        if context.isAcceptable(offer),
           acceptance.accepts(offered: offered, next: context.utilities[next], time: time) {
            return .accept
        }
        return .offer(package: next)
    }
}


/// NegMAS's time-based conceding negotiators (`negmas.sao.BoulwareTBNegotiator`,
/// `LinearTBNegotiator`, `ConcederTBNegotiator`, NegMAS 0.16), for runs that should behave like
/// NegMAS's: an aspiration `a(t) = 1 − t^e` (e = 4, 1, 0.25) over the utility range from the worse
/// of the worst package and the reservation value up to the best package; relative time
/// `(round + 1) / (rounds + 1)` as NegMAS's SAO mechanism counts it; the range widened by NegMAS's
/// tolerance (1e-4). It proposes the worst acceptable package at or above its aspiration (NegMAS's
/// non-stochastic choice) and accepts an offer at or above it. Ties between packages of equal
/// utility are broken by package index, which NegMAS may break otherwise.
public struct AspirationNegotiator: Negotiator {
    public var name: String
    public var exponent: Double
    private var context: NegotiationContext?
    private var ranked = AcceptableRanking()
    private var low = 0.0, high = 0.0

    public init(name: String, exponent: Double) {
        self.name = name
        self.exponent = exponent
    }

    public static func boulware() -> Self { Self(name: "negmas-boulware", exponent: 4) }
    public static func linear() -> Self { Self(name: "negmas-linear", exponent: 1) }
    public static func conceder() -> Self { Self(name: "negmas-conceder", exponent: 0.25) }

    public mutating func start(_ context: NegotiationContext) {
        self.context = context
        ranked = context.acceptableRanking
        high = context.utilities.max() ?? 0
        low = max(context.utilities.min() ?? 0, context.reservation)
    }

    /// NegMAS's relative time of the round that holds the turn at Parley's normalised `time`.
    func relativeTime(_ time: Double) -> Double {
        guard let context, context.rounds > 0 else { return time }
        let turns = context.rounds * context.parties
        let turn = Int((min(1, max(0, time)) * Double(max(1, turns - 1))).rounded())
        return min(1, Double(turn / context.parties + 1) / Double(context.rounds + 1))
    }

    /// The lowest utility the negotiator proposes or accepts at `time`.
    func aspiration(_ time: Double) -> Double {
        let level = 1 - pow(relativeTime(time), exponent)
        return max(low, min(high, (high - low) * level + low - 1e-4))
    }

    public mutating func open(time: Double) -> Int { ranked.package(atLeast: aspiration(time)) ?? 0 }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        guard let context, let next = ranked.package(atLeast: aspiration(time)) else { return .walkAway }
        let offered = context.utilities[offer]
        if context.isAcceptable(offer), offered >= aspiration(time) { return .accept }
        return .offer(package: next)
    }
}
