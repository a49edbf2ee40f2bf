import Dispatch
import ParleyCore

/// How uncertain numbers are drawn from their ranges.
public enum SamplingDistribution: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every value in the range equally likely.
    case uniform
    /// Triangular with its mode at the midpoint: values near the stated midpoint more likely.
    case triangular

    /// A draw from `estimate`.
    public func sample(_ estimate: Estimate, using rng: inout some RandomNumberGenerator) -> Double {
        guard estimate.isUncertain else { return estimate.value }
        let u = Double.random(in: 0..<1, using: &rng)
        let low = estimate.low, high = estimate.high
        switch self {
        case .uniform:
            return low + u * (high - low)
        case .triangular:
            let mode = (low + high) / 2, split = (mode - low) / (high - low)
            return u < split ? low + ((high - low) * (mode - low) * u).squareRoot()
                : high - ((high - low) * (high - mode) * (1 - u)).squareRoot()
        }
    }
}

/// What a Monte Carlo run over a scenario's uncertain judgments shows.
public struct Robustness: Hashable, Sendable {
    /// One proposal's acceptance over the runs.
    public struct ProposalAcceptance: Hashable, Sendable {
        public var proposal: Int
        /// The share of runs in which every party accepts.
        public var allAccept: Double
        /// The share of runs in which it passes the agreement rule (`allAccept` under unanimity).
        public var passes: Double = 0
        /// Each party's share of runs in which it accepts.
        public var partyAccepts: [Double]
    }

    /// One bar of a tornado chart: the agreement margin with one judgment at each end of its range,
    /// every other judgment at its midpoint.
    public struct TornadoBar: Hashable, Sendable {
        public var judgment: Judgment
        public var atLow: Double
        public var atHigh: Double
        public var swing: Double { abs(atHigh - atLow) }
    }

    public var runs: Int
    public var seed: UInt64
    public var distribution: SamplingDistribution
    /// The share of runs with a zone of possible agreement.
    public var zoneProbability: Double
    public var proposals: [ProposalAcceptance]
    /// How often each package is the Nash package, most frequent first.
    public var nashFrequency: [NashCount]
    /// The agreement margin with every judgment at its midpoint (see ``agreementMargin(_:)``).
    public var baseMargin: Double
    /// Judgments by the swing they cause in the agreement margin, largest first.
    public var tornado: [TornadoBar]

    /// How many runs had one package as their Nash package.
    public struct NashCount: Hashable, Sendable {
        /// The package's index in the outcome space.
        public var index: Int
        public var runs: Int
    }

    /// How far the parties are from agreement, as one number: when a zone exists, the largest
    /// smallest gain over reservation values in it (positive); otherwise minus the smallest
    /// worst-party shortfall among the packages with the fewest red-line breaches.
    public static func agreementMargin(_ space: AgreementSpace, _ model: UtilityModel) -> Double {
        if let egalitarian = space.solutions[.egalitarian] {
            return zip(egalitarian.utilities, model.reservations).map { $0 - $1 }.min() ?? 0
        }
        return -(space.closest.first { $0.criterion == .worstShortfall }?.worstShortfall ?? 0)
    }

    /// Runs the Monte Carlo analysis: `runs` draws of every range, in chunks on all cores; the same
    /// seed gives the same result whatever the number of cores.
    /// - Throws: ``OutcomeSpaceTooLarge`` when the space cannot be enumerated.
    public static func run(_ scenario: Scenario, runs: Int, seed: UInt64, distribution: SamplingDistribution = .uniform,
                           options: AgreementSpaceOptions = AgreementSpaceOptions(),
                           progress: (@Sendable (Int) -> Void)? = nil,
                           shouldStop: (@Sendable () -> Bool)? = nil) throws(OutcomeSpaceTooLarge) -> Robustness {
        let judgments = scenario.uncertainPreferenceJudgments
        let outcomes = OutcomeSpace(scenario)
        guard let packages = outcomes.count, packages <= options.maxPackages else {
            throw OutcomeSpaceTooLarge(packages: outcomes.approximateCount, limit: options.maxPackages)
        }
        let renormalised = scenario.partiesWithWeightsSummingToOne
        let chunk = 128
        let chunks = (runs + chunk - 1) / chunk
        struct Tally: Sendable {
            var zones = 0
            var allAccept: [Int]
            var passes: [Int]
            var partyAccept: [[Int]]
            var nash: [Int: Int] = [:]
        }
        let parties = scenario.parties.count, proposals = scenario.proposals.count
        let totals = Locked(Tally(allAccept: [Int](repeating: 0, count: proposals), passes: [Int](repeating: 0, count: proposals),
                                 partyAccept: [[Int]](repeating: [Int](repeating: 0, count: parties), count: proposals)))
        let done = Locked(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            // A cancelled run skips its remaining chunks (the caller discards the partial result).
            if let shouldStop, shouldStop() { return }
            var rng = SeededGenerator.stream(seed: seed, index: c)
            var tally = Tally(allAccept: [Int](repeating: 0, count: proposals), passes: [Int](repeating: 0, count: proposals),
                              partyAccept: [[Int]](repeating: [Int](repeating: 0, count: parties), count: proposals))
            // One scenario per chunk, drawn into in place: no copy per judgment or per draw.
            var sampled = scenario
            for _ in (c * chunk)..<min(runs, (c + 1) * chunk) {
                sampled.restoreWeights(of: renormalised, from: scenario)
                for judgment in judgments {
                    sampled.set(judgment.location, to: distribution.sample(judgment.estimate, using: &rng))
                }
                sampled.renormaliseWeights(of: renormalised)
                let model = UtilityModel(sampled)
                guard let space = try? AgreementSpace.map(model, options: options) else { continue }
                if space.hasZone { tally.zones += 1 }
                if let nash = space.solutions[.nash] { tally.nash[nash.index, default: 0] += 1 }
                for (k, proposal) in sampled.proposals.enumerated() {
                    let evaluation = model.evaluate(proposal.package, in: sampled)
                    if evaluation.acceptedByAll { tally.allAccept[k] += 1 }
                    if evaluation.passes { tally.passes[k] += 1 }
                    for verdict in evaluation.verdicts where verdict.accepts { tally.partyAccept[k][verdict.party] += 1 }
                }
            }
            totals.withLock { total in
                total.zones += tally.zones
                for k in 0..<proposals {
                    total.allAccept[k] += tally.allAccept[k]
                    total.passes[k] += tally.passes[k]
                    for p in 0..<parties { total.partyAccept[k][p] += tally.partyAccept[k][p] }
                }
                for (index, count) in tally.nash { total.nash[index, default: 0] += count }
            }
            if let progress {
                let finished = done.withLock { value -> Int in value += min(chunk, runs - c * chunk); return value }
                progress(finished)
            }
        }
        let tally = totals.withLock { $0 }
        let n = Double(max(1, runs))
        // The tornado: each judgment at its low and its high end, the others at their midpoints.
        func margin(_ s: Scenario) -> Double {
            let model = UtilityModel(s.renormalisingWeights(like: scenario))
            guard let space = try? AgreementSpace.map(model, options: options) else { return .nan }
            return agreementMargin(space, model)
        }
        let midpoint = judgments.reduce(scenario) { $0.setting($1.location, to: $1.estimate.value) }
        let bars = judgments.map { judgment in
            TornadoBar(judgment: judgment, atLow: margin(midpoint.setting(judgment.location, to: judgment.estimate.low)),
                       atHigh: margin(midpoint.setting(judgment.location, to: judgment.estimate.high)))
        }.sorted { $0.swing > $1.swing || ($0.swing == $1.swing && $0.judgment.label < $1.judgment.label) }
        return Robustness(
            runs: runs, seed: seed, distribution: distribution, zoneProbability: Double(tally.zones) / n,
            proposals: (0..<proposals).map { k in
                ProposalAcceptance(proposal: k, allAccept: Double(tally.allAccept[k]) / n, passes: Double(tally.passes[k]) / n,
                                   partyAccepts: tally.partyAccept[k].map { Double($0) / n })
            },
            nashFrequency: tally.nash.map { NashCount(index: $0.key, runs: $0.value) }.sorted { $0.runs > $1.runs || ($0.runs == $1.runs && $0.index < $1.index) },
            baseMargin: margin(midpoint), tornado: bars)
    }
}
