import ParleyCore

/// A random baseline: proposes a package drawn uniformly from those it finds acceptable (within
/// its red lines and worth at least its reservation value) and accepts an acceptable offer with
/// probability `acceptance` (0.5 by default). Seeded, so a run can be repeated exactly.
public struct RandomNegotiator: Negotiator {
    public var name = "random"
    public var acceptance: Double
    private var generator: SeededGenerator
    private var context: NegotiationContext?
    private var ranked = AcceptableRanking()

    public init(seed: UInt64, acceptance: Double = 0.5) {
        generator = SeededGenerator(seed: seed)
        self.acceptance = acceptance
    }

    public mutating func start(_ context: NegotiationContext) {
        self.context = context
        ranked = context.acceptableRanking
    }

    private mutating func draw() -> Int? {
        ranked.isEmpty ? nil : ranked.packages[Int.random(in: 0..<ranked.count, using: &generator)]
    }

    public mutating func open(time: Double) -> Int { draw() ?? 0 }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        guard let context, let next = draw() else { return .walkAway }
        let acceptable = context.isAcceptable(offer)
        if acceptable, Double.random(in: 0..<1, using: &generator) < acceptance { return .accept }
        return .offer(package: next)
    }
}

/// Relative tit-for-tat (Faratin, Sierra & Jennings 1998, §4.3), in utility terms: the negotiator
/// reproduces, in proportion, the concession the offers it receives made toward it. When the offer
/// on the table rose from `u_before` to `u_now` in its own utility since its previous turn, its
/// target falls by the same factor, `target × u_before / u_now`, never below its reservation value
/// (nor above its best package). It opens with its best package and accepts by AC_next.
///
/// Interpretive choices, the paper being stated for issue values between two negotiators: the
/// imitation is of the offer on the table at each of its turns (in a multilateral negotiation, the
/// latest counter-offer, whoever made it), with δ = 1; a non-positive utility leaves the target
/// unchanged. Two tit-for-tat negotiators never concede first, as in the paper.
public struct TitForTatNegotiator: Negotiator {
    public var name = "tit-for-tat"
    public var acceptance: AcceptanceCondition = .next
    private var context: NegotiationContext?
    private var ranked = AcceptableRanking()
    private var target = Double.infinity
    private var previous: Double?

    public init() {}

    public mutating func start(_ context: NegotiationContext) {
        self.context = context
        ranked = context.acceptableRanking
        target = ranked.best ?? .infinity
        previous = nil
    }

    func proposal() -> Int? { ranked.package(atLeast: target) }

    public mutating func open(time: Double) -> Int { proposal() ?? 0 }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        guard let context, let best = ranked.best else { return .walkAway }
        let now = context.utilities[offer]
        if let before = previous, before > 0, now > before {
            target = min(best, max(context.reservation, target * before / now))
        }
        previous = max(previous ?? now, now)
        guard let next = proposal() else { return .walkAway }
        if context.isAcceptable(offer),
           acceptance.accepts(offered: now, next: context.utilities[next], time: time) {
            return .accept
        }
        return .offer(package: next)
    }
}
