import ParleyAnalysis
import ParleyCore

/// The result of `parley analyze --conventions negmas`: the agreement space with NegMAS 0.16.0's
/// definitions, for comparison with NegMAS. Utilities are arrays in party order (the profile files
/// sorted by name, as NegMAS orders them), and every solution is a list of ties.
public struct NegMASReport: Hashable, Sendable, Codable {
    public var contract = "parley.analysis.negmas/1"
    public var scenario: ScenarioSummary
    public var normalization: String
    public var agreementSpace: Space

    public struct Space: Hashable, Sendable, Codable {
        public var packages: Int
        /// Packages every party values at least at its reservation value (NegMAS's rational outcomes).
        public var zoneSize: Int
        public var rationalFraction: Double
        public var opposition: Double?
        /// How many random packages were analysed, when sampled.
        public var sampled: Int?
        /// `[min, max]` utility of each party over all packages.
        public var utilityRanges: [[Double]]
        public var disagreementPoint: [Double]
        /// Distinct frontier points by descending welfare, each with its first package.
        public var frontier: [Entry]
        public var solutions: Solutions
    }

    public struct Entry: Hashable, Sendable, Codable {
        public var package: [String: String]
        public var utilities: [Double]
        /// How many packages share these utilities (within 1e-9).
        public var ties: Int
    }

    public struct Solutions: Hashable, Sendable, Codable {
        public var nash: [Entry]
        public var kalaiSmorodinsky: [Entry]
        public var modifiedKalaiSmorodinsky: [Entry]
        /// NegMAS's `kalai` (egalitarian: max–min gain over the disagreement point).
        public var egalitarian: [Entry]
        public var modifiedKalai: [Entry]
        /// NegMAS's `max_welfare`.
        public var utilitarian: [Entry]
        public var maxRelativeWelfare: [Entry]
    }

    public init(scenario: Scenario, file: String?, normalization: UtilityNormalization, model: UtilityModel,
                space: AgreementSpace) {
        let builder = ReportBuilder(scenario: scenario, model: model)
        let statistics = NegMASStatistics(space: space, model: model)
        func entries(_ points: [NegMASStatistics.Point]) -> [Entry] {
            points.map { Entry(package: builder.package(model.space.package(at: $0.representative.index).options),
                               utilities: $0.representative.utilities, ties: $0.ties.count) }
        }
        self.scenario = builder.summary(file: file)
        self.normalization = normalization.rawValue
        agreementSpace = Space(
            packages: space.packageCount, zoneSize: space.zoneSize, rationalFraction: statistics.rationalFraction,
            opposition: statistics.opposition, sampled: space.sampled,
            utilityRanges: statistics.utilityRanges.map { [$0.lowerBound, $0.upperBound] },
            disagreementPoint: statistics.disagreement, frontier: entries(statistics.frontier),
            solutions: Solutions(
                nash: entries(statistics.nash), kalaiSmorodinsky: entries(statistics.kalaiSmorodinsky),
                modifiedKalaiSmorodinsky: entries(statistics.modifiedKalaiSmorodinsky),
                egalitarian: entries(statistics.kalai), modifiedKalai: entries(statistics.modifiedKalai),
                utilitarian: entries(statistics.maxWelfare), maxRelativeWelfare: entries(statistics.maxRelativeWelfare)))
    }

    /// A short text summary for a terminal.
    public func text() -> String {
        let names = Names(scenario)
        let space = agreementSpace
        var out = ["\(scenario.title) (\(scenario.id)), NegMAS conventions, \(normalization) reading",
                   "\(scenario.parties.count) parties: \(scenario.parties.map(\.id).joined(separator: ", "))",
                   "Packages: \(space.packages)" + (space.sampled.map { " (a random sample of \($0) analysed)" } ?? "")
                       + "; rational: \(space.zoneSize) (fraction \(space.rationalFraction.formatted(decimals: 4)))",
                   "Utility ranges: " + space.utilityRanges.map { "[\($0[0].formatted(decimals: 4)), \($0[1].formatted(decimals: 4))]" }.joined(separator: ", "),
                   "Opposition: " + (space.opposition.map { $0.formatted(decimals: 4) } ?? "-"),
                   "Pareto frontier: \(space.frontier.count) distinct points"]
        let rows: [(String, [Entry])] = [
            ("Nash", space.solutions.nash), ("Kalai-Smorodinsky", space.solutions.kalaiSmorodinsky),
            ("modified Kalai-Smorodinsky", space.solutions.modifiedKalaiSmorodinsky),
            ("egalitarian (Kalai)", space.solutions.egalitarian), ("modified Kalai", space.solutions.modifiedKalai),
            ("utilitarian (max welfare)", space.solutions.utilitarian), ("max relative welfare", space.solutions.maxRelativeWelfare)]
        for (name, entries) in rows {
            for entry in entries {
                out.append("\(name): " + names.packageText(entry.package) + "  utilities ["
                    + entry.utilities.map { $0.formatted(decimals: 4) }.joined(separator: ", ") + "]")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
