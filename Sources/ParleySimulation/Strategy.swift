import ParleyAnalysis
import ParleyCore

/// The catalogue of built-in negotiation strategies, by the names the command line and the JSON
/// results use (the raw values).
///
/// ```swift
/// let negotiator = Strategy.boulware.negotiator(space: model.space)
/// Strategy(rawValue: "tit-for-tat")   // .titForTat
/// Strategy.allCases.map(\.rawValue)   // every name, for help texts
/// ```
///
/// Strategies are an open set in Swift (anyone can write a ``Negotiator``); this enum is the closed
/// set Parley can name and build.
public enum Strategy: String, CaseIterable, Hashable, Sendable, Codable {
    /// Concedes late: ``TimeDependentNegotiator/boulware()`` (Faratin et al. 1998, e = 0.2).
    case boulware
    /// Concedes linearly in time (e = 1).
    case linear
    /// Concedes early (e = 5).
    case conceder
    /// Never concedes: always proposes its best package.
    case hardliner
    /// Concedes in time toward an estimate of the Nash package: ``NashSeekingNegotiator``.
    case nashSeeking = "nash-seeking"
    /// Relative tit-for-tat: ``TitForTatNegotiator`` (Faratin, Sierra & Jennings 1998).
    case titForTat = "tit-for-tat"
    /// A seeded random baseline: ``RandomNegotiator``.
    case random
    /// NegMAS's `BoulwareTBNegotiator`: ``AspirationNegotiator/boulware()``.
    case negmasBoulware = "negmas-boulware"
    /// NegMAS's `LinearTBNegotiator`.
    case negmasLinear = "negmas-linear"
    /// NegMAS's `ConcederTBNegotiator`.
    case negmasConceder = "negmas-conceder"

    /// The strategy's name: its raw value ("tit-for-tat").
    public var name: String { rawValue }

    /// A negotiator playing this strategy over `space`; `seed` drives the random one.
    public func negotiator(space: OutcomeSpace, seed: UInt64 = 1) -> any Negotiator {
        switch self {
        case .boulware: TimeDependentNegotiator.boulware()
        case .linear: TimeDependentNegotiator.linear()
        case .conceder: TimeDependentNegotiator.conceder()
        case .hardliner: TimeDependentNegotiator.hardliner()
        case .nashSeeking: NashSeekingNegotiator(space: space)
        case .titForTat: TitForTatNegotiator()
        case .random: RandomNegotiator(seed: seed)
        case .negmasBoulware: AspirationNegotiator.boulware()
        case .negmasLinear: AspirationNegotiator.linear()
        case .negmasConceder: AspirationNegotiator.conceder()
        }
    }
}
