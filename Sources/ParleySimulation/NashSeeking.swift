import Foundation
import ParleyAnalysis
import ParleyCore

/// A frequency model of what the other parties want, learned from the offers one is shown
/// (the frequency heuristic of the ANAC agents, e.g. HardHeaded; Baarslag et al. 2013): an option
/// offered often is valued, an issue whose option rarely changes between offers weighs more.
/// One model per opponent, fed with that opponent's own offers (SAOP shows every party every
/// action).
public struct FrequencyModel: Hashable, Sendable {
    let radices: [Int]
    var counts: [[Double]]
    var weights: [Double]
    var previous: [Int]?

    public init(radices: [Int]) {
        self.radices = radices
        counts = radices.map { [Double](repeating: 0, count: $0) }
        weights = radices.map { _ in 1 / Double(max(1, radices.count)) }
    }

    /// Learns from an offer (as option indices).
    public mutating func observe(_ digits: [Int]) {
        for (issue, option) in digits.enumerated() { counts[issue][option] += 1 }
        if let previous {
            for issue in digits.indices where digits[issue] == previous[issue] { weights[issue] += 0.1 }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
        }
        previous = digits
    }

    /// The estimated utility of the others for a package, in 0..1.
    public func utility(_ digits: [Int]) -> Double {
        var sum = 0.0
        for (issue, option) in digits.enumerated() {
            let best = counts[issue].max() ?? 0
            sum += weights[issue] * (counts[issue][option] + 1) / (best + 1)
        }
        return sum
    }
}

/// Concedes in time like a time-dependent negotiator (Faratin et al. 1998), but among the packages
/// whose utility lies in a narrow window above its current target proposes the one that maximises
/// the product of its own gain over its reservation value and each opponent's estimated utility
/// (a frequency model per opponent, learned from that opponent's offers): it steers its
/// concessions toward an estimate of the Nash package. Opponents that have not offered yet are
/// left out of the product.
public struct NashSeekingNegotiator: Negotiator {
    public var name = "nash-seeking"
    public var exponent: Double
    public var acceptance: AcceptanceCondition = .next
    private var context: NegotiationContext?
    private var space: OutcomeSpace?
    private var ranked = AcceptableRanking()
    /// One frequency model per opponent, by party index.
    private var models: [Int: FrequencyModel] = [:]

    public init(exponent: Double = 0.5) { self.exponent = exponent }

    /// The negotiator needs the outcome space to read offers issue by issue.
    public init(exponent: Double = 0.5, space: OutcomeSpace) {
        self.exponent = exponent
        self.space = space
    }

    public mutating func start(_ context: NegotiationContext) {
        self.context = context
        ranked = context.acceptableRanking
        models = [:]
    }

    public mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double) {
        guard action == .offer, let space else { return }
        var digits = [Int](repeating: 0, count: space.radices.count)
        space.digits(of: package, into: &digits)
        models[party, default: FrequencyModel(radices: space.radices)].observe(digits)
    }

    func target(_ time: Double) -> Double {
        guard let context, let best = ranked.best else { return .infinity }
        return best - (best - context.reservation) * Foundation.pow(min(1, max(0, time)), 1 / exponent)
    }

    func proposal(_ time: Double) -> Int? {
        guard let context else { return nil }
        let goal = target(time)
        // The packages in a narrow window above the target: the negotiator still concedes in time,
        // and within the window aims at the estimated Nash package.
        let window = 0.05 * ((ranked.best ?? goal) - context.reservation) + 1e-9
        // Entries worth at least the goal form a prefix, those above the window a shorter one.
        let end = ranked.count(atLeast: goal - 1e-12)
        var candidates = min(end, ranked.count(atLeast: (goal + window).nextUp))..<end
        if candidates.isEmpty, end > 0 { candidates = end - 1..<end }
        guard !models.isEmpty, let space, !candidates.isEmpty else { return candidates.last.map { ranked.packages[$0] } ?? ranked.packages.first }
        let opponents = models.keys.sorted().map { models[$0]! }
        var digits = [Int](repeating: 0, count: space.radices.count)
        var best: (score: Double, index: Int)?
        for entry in candidates.prefix(20_000) {
            let package = ranked.packages[entry]
            space.digits(of: package, into: &digits)
            let score = opponents.reduce(ranked.utilities[entry] - context.reservation + 1e-9) { $0 * $1.utility(digits) }
            if best == nil || score > best!.score { best = (score, package) }
        }
        return best?.index
    }

    public mutating func open(time: Double) -> Int { proposal(time) ?? 0 }

    public mutating func respond(to offer: Int, time: Double) -> NegotiationAction {
        guard let context else { return .walkAway }
        guard let next = proposal(time) else { return .walkAway }
        let offered = context.utilities[offer]
        if context.isAcceptable(offer),
           acceptance.accepts(offered: offered, next: context.utilities[next], time: time) {
            return .accept
        }
        return .offer(package: next)
    }
}
