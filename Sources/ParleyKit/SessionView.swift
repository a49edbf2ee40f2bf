import Foundation
import ParleySimulation

/// Who looks at a session: the person in a party's seat (who sees only what that party knows) or
/// the analyst who created it (who sees everything).
public enum SessionViewer: Sendable, Hashable {
    case party(Int)
    case analyst
}

/// A session as one viewer sees it (`parley.session/1`): the table, the deadline, the log, and
/// for a party its own preferences and utilities only, never another party's.
public struct SessionView: Encodable, Sendable {
    public var contract = "parley.session/1"
    public var session: String
    public var scenario: ScenarioReference
    /// The party id of the seat, or `analyst`.
    public var viewer: String
    public var `protocol`: String
    public var parties: [Seat]
    public var issues: [IssueChoices]
    /// The seat's own preferences (a party's view only).
    public var you: OwnPreferences?
    /// The party to move; nil once the session is over.
    public var turn: String?
    public var yourTurn: Bool?
    /// What the viewer may do now (empty when it is not its turn).
    public var legalActions: [String]
    /// The offer on the table (issue id → option id).
    public var offer: [String: String]?
    public var offeredBy: String?
    public var acceptedBy: [String]
    /// The viewer's utility for the offer on the table (a party's view).
    public var ownUtility: Double?
    /// Every party's utility for the offer on the table (the analyst's view).
    public var utilities: [String: Double]?
    /// Every party's reservation value (the analyst's view).
    public var reservations: [String: Double]?
    public var deadline: Deadline
    /// A moderated session's phase: `opening`, `discussion`, `final` or `over`.
    public var phase: String?
    /// The discussion turns left (a moderated session).
    public var turnsLeft: Int?
    /// Who opens and makes the final proposal: a party id or `mediator` (a moderated session).
    public var proposer: String?
    public var finished: Bool
    public var outcome: Outcome?
    /// The sequence number of the last event.
    public var lastSeq: Int
    public var events: [SessionEventView]

    public struct ScenarioReference: Encodable, Sendable { public var id: String; public var version: Int; public var title: String }
    public struct Seat: Encodable, Sendable {
        public var id: String
        public var name: String
        /// `person` or `agent`.
        public var seat: String
        /// The strategy of an automated seat (the analyst's view).
        public var strategy: String?
        public var connected: Bool
    }
    public struct IssueChoices: Encodable, Sendable {
        public var id: String
        public var name: String
        public var options: [Choice]
        public struct Choice: Encodable, Sendable { public var id: String; public var name: String }
    }
    public struct OwnPreferences: Encodable, Sendable {
        public var party: String
        public var name: String
        public var reservation: Double
        /// The utility every package starts from.
        public var offset: Double
        /// Each option's contribution to the party's utility, by issue and option id (utility is their sum plus the offset).
        public var points: [String: [String: Double]]
        public var redLines: [RedLineText]
        public var best: Double
        public var worst: Double
        public struct RedLineText: Encodable, Sendable { public var id: String; public var description: String }
    }
    public struct Deadline: Encodable, Sendable {
        public var rounds: Int
        /// The round being played, from 1.
        public var round: Int
        /// When the wall-clock deadline falls.
        public var endsAt: Date?
        /// When the person to move must have moved.
        public var moveEndsAt: Date?
        public var onTimeout: String
    }
    public struct Outcome: Encodable, Sendable {
        /// `agreement`, `walkAway` or `deadline`.
        public var ending: String
        public var agreement: [String: String]?
        public var walkedAway: String?
        /// The viewer's payoff (a party's view).
        public var ownPayoff: Double?
        /// Every party's payoff (the analyst's view).
        public var payoffs: [String: Double]?
        /// A moderated session's final proposal, whether it passes the agreement rule, and whether
        /// every party accepts it (`ending` is then `passed`, `failed` or `deadline`).
        public var finalDeal: [String: String]?
        public var passes: Bool?
        public var unanimous: Bool?
    }
}

/// One event as a viewer sees it.
public struct SessionEventView: Encodable, Sendable {
    public var seq: Int
    public var at: Date
    /// `offer`, `accept`, `walkAway`, `skip`, `agreement`, `deadline` or `seat`; at a moderated
    /// table `opening`, `message`, `final`, `deadline` or `seat`.
    public var kind: String
    public var party: String?
    public var package: [String: String]?
    /// The round, from 1.
    public var round: Int?
    public var message: String?
    /// The viewer's utility for the package (a party's view).
    public var ownUtility: Double?
    /// Every party's utility for the package (the analyst's view).
    public var utilities: [String: Double]?
    /// Who made the move: `person`, `timeout`, `clock`, or a strategy (the analyst's view); for a
    /// seat change, who holds the seat now (`person` or `agent`, the strategy in the analyst's view).
    public var actor: String?
    /// A language-model seat's call for this move: prompt, raw reply, tokens, time (the analyst's view).
    public var record: SeatRecord?
    /// False when a seat's own answer could not be used and a stand-in was recorded (a moderated move).
    public var valid: Bool?
}

/// What the offer builder shows for a draft package: the party's own utility, its reservation
/// value, and its own red lines the draft breaches.
public struct PackagePreview: Encodable, Sendable {
    public var ownUtility: Double
    public var reservation: Double
    public var belowReservation: Bool
    public var breaches: [String]
}

/// How an agreement compares with what was possible (the improvements Inspire and Smartsettle
/// suggest after a deal): its distance to the Pareto frontier and to the Nash package, and the
/// packages that would leave every party at least as well off and one better.
public struct PostSettlement: Encodable, Sendable {
    public var agreement: [String: String]
    public var utilities: [String: Double]
    public var paretoOptimal: Bool
    /// Euclidean distance in utility space to the nearest point of the frontier (0 on it).
    public var distanceToFrontier: Double
    public var nash: [String: String]?
    public var nashUtilities: [String: Double]?
    public var distanceToNash: Double?
    /// Up to five packages that dominate the agreement, largest total gain first.
    public var improvements: [Improvement]
    /// How many packages dominate the agreement in all.
    public var dominatedBy: Int
    public struct Improvement: Encodable, Sendable {
        public var package: [String: String]
        public var utilities: [String: Double]
        public var gains: [String: Double]
    }
}
