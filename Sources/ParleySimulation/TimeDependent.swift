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
    /// Acceptable packages sorted by descending utility.
    private var ranked: [(utility: Double, index: Int)] = []

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
        ranked = context.utilities.indices
            .filter { !context.forbidden[$0] && context.utilities[$0] >= context.reservation - 1e-12 }
            .map { (context.utilities[$0], $0) }
            .sorted { $0.utility > $1.utility || ($0.utility == $1.utility && $0.index < $1.index) }
    }

    func target(_ time: Double) -> Double {
        guard let context, let best = ranked.first?.utility else { return .infinity }
        let t = min(1, max(0, time))
        return best - (best - context.reservation) * pow(t, 1 / exponent)
    }

    /// The package closest above the target (the worst of those at least as good as the target).
    func proposal(_ time: Double) -> Int? {
        guard let first = ranked.first else { return nil }
        let goal = target(time) - 1e-12
        // `ranked` descends, so the entries at least as good as the goal form a prefix: binary
        // search for its end instead of scanning every acceptable package on every turn.
        var low = 0, high = ranked.count
        while low < high {
            let middle = (low + high) / 2
            if ranked[middle].utility >= goal { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? first.index : ranked[low - 1].index
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

