/// One issue on a 0..100 scale with the actors' positions, saliences and capabilities: the input of
/// the spatial models of political science (compromise, median, expected utility ...), and, for
/// backtests, the recorded outcome.
public struct SpatialIssue: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// The actors' ids, aligned with the arrays below.
    public var actors: [String]
    /// Each actor's position (0..100), `nil` when unknown.
    public var positions: [Double?]
    /// Each actor's salience (0..100), `nil` when unknown.
    public var saliences: [Double?]
    /// Each actor's capability (any positive scale), `nil` when unknown.
    public var capabilities: [Double?]
    /// The reference point (status quo, reversion point), when known.
    public var referencePoint: Double?
    /// The recorded outcome, when known (backtests).
    public var outcome: Double?
    /// The legislative procedure, when known (DEU: COD co-decision, CNS consultation).
    public var procedure: String?
    /// The Council's voting rule, when known (DEU: QMV, Unan).
    public var votingRule: String?
    /// When the decision was taken (DEU: the final act, else estimated from the introduction).
    public var decided: CalendarDay?

    /// A date without a time.
    public struct CalendarDay: Hashable, Sendable, Codable, Comparable {
        public var year: Int
        public var month: Int
        public var day: Int
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
        public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
            (a.year, a.month, a.day) < (b.year, b.month, b.day)
        }
    }

    public init(id: String, actors: [String], positions: [Double?], saliences: [Double?], capabilities: [Double?],
                referencePoint: Double? = nil, outcome: Double? = nil, procedure: String? = nil) {
        self.id = id
        self.actors = actors
        self.positions = positions
        self.saliences = saliences
        self.capabilities = capabilities
        self.referencePoint = referencePoint
        self.outcome = outcome
        self.procedure = procedure
    }
}
