/// Actors with positions and saliences on one or more 0..100 dimensions, and a capability each:
/// the input of the spatial models of political science when they run on several dimensions at
/// once (KTAB's spatial model of politics) or on a file that is not a Parley scenario (KTAB's CSV
/// and XML, the `Actor,Capability,Position,Salience` table of the expected-utility replications).
///
/// Any number may be a range; ``draw(using:)`` samples one reading for Monte Carlo forecasts.
public struct SpatialScenario: Hashable, Sendable, Codable {
    public var name: String
    public var actors: [String]
    /// Each actor's capability (power, clout) on any positive scale.
    public var capabilities: [Estimate]
    /// The dimensions' names (a Parley scenario: its ordered and numeric issues' ids).
    public var dimensions: [String]
    /// `positions[actor][dimension]` on 0..100; `nil` when the actor has no position there.
    public var positions: [[Estimate?]]
    /// `saliences[actor][dimension]` on 0..100; `nil` when unknown.
    public var saliences: [[Estimate?]]
    /// Each dimension's reference point (status quo), when known.
    public var referencePoints: [Double?]
    /// Model parameters stated by the file (KTAB XML's `ModelParameters`, its seed), keyed by name.
    public var parameters: [String: String]
    /// How actors' ideals move towards others' positions each turn (KTAB's `IdealAdjustment`).
    public var idealAdjustments: [IdealAdjustment] = []

    /// Actor `adjusting` moves its ideal by `adjust` × (the position of `reference` − its ideal)
    /// each turn (KTAB's accommodation matrix, one entry).
    public struct IdealAdjustment: Hashable, Sendable, Codable {
        public var adjusting: Int
        public var reference: Int
        public var adjust: Double
        public init(adjusting: Int, reference: Int, adjust: Double) {
            self.adjusting = adjusting
            self.reference = reference
            self.adjust = adjust
        }
    }

    public init(name: String, actors: [String], capabilities: [Estimate], dimensions: [String],
                positions: [[Estimate?]], saliences: [[Estimate?]], referencePoints: [Double?]? = nil,
                parameters: [String: String] = [:]) {
        self.name = name
        self.actors = actors
        self.capabilities = capabilities
        self.dimensions = dimensions
        self.positions = positions
        self.saliences = saliences
        self.referencePoints = referencePoints ?? dimensions.map { _ in nil }
        self.parameters = parameters
    }

    /// Whether any judgment is a range.
    public var isUncertain: Bool {
        capabilities.contains(where: \.isUncertain)
            || positions.contains { $0.contains { $0?.isUncertain == true } }
            || saliences.contains { $0.contains { $0?.isUncertain == true } }
    }

    /// Dimension `index` as a one-dimensional issue, every range read at its midpoint.
    public func issue(_ index: Int) -> SpatialIssue {
        SpatialIssue(id: dimensions[index], actors: actors, positions: positions.map { $0[index]?.value },
                     saliences: saliences.map { $0[index]?.value }, capabilities: capabilities.map(\.value),
                     referencePoint: referencePoints[index])
    }

    /// All dimensions as one-dimensional issues.
    public var issues: [SpatialIssue] { dimensions.indices.map(issue) }

    /// One reading of the scenario: every range replaced by a value drawn uniformly from it.
    public func draw<G: RandomNumberGenerator>(using generator: inout G) -> SpatialScenario {
        func sample(_ estimate: Estimate) -> Estimate {
            estimate.isUncertain ? Estimate(Double.random(in: estimate.low...estimate.high, using: &generator)) : estimate
        }
        var copy = self
        copy.capabilities = capabilities.map(sample)
        copy.positions = positions.map { $0.map { $0.map(sample) } }
        copy.saliences = saliences.map { $0.map { $0.map(sample) } }
        return copy
    }
}

extension SpatialScenario {
    /// The spatial form of a scenario's ordered and numeric issues (see ``SpatialIssue/init(_:issue:)``
    /// for how positions and saliences are read); ranges are kept for Monte Carlo forecasts.
    /// Categorical issues have no scale and are left out.
    public init(_ scenario: Scenario) {
        let indices = scenario.issues.indices.filter { scenario.issues[$0].kind != .categorical && scenario.issues[$0].scale != nil }
        var positions: [[Estimate?]] = [], saliences: [[Estimate?]] = []
        for party in scenario.parties {
            positions.append(indices.map { index in
                guard let stance = party.preferences.stances[index] else { return nil }
                return stance.ideal ?? scenario.issues[index].options[stance.bestOption].position.map(Estimate.init)
            })
            saliences.append(indices.map { index in
                guard let stance = party.preferences.stances[index] else { return nil }
                return stance.salience ?? stance.weight.map { $0 * 100 }
            })
        }
        self.init(name: scenario.title, actors: scenario.parties.map(\.id.rawValue),
                  capabilities: scenario.parties.map { $0.capability ?? Estimate(1) },
                  dimensions: indices.map { scenario.issues[$0].id.rawValue }, positions: positions, saliences: saliences,
                  referencePoints: indices.map { index in scenario.issues[index].statusQuo.flatMap { scenario.issues[index].options[$0].position } })
    }
}

extension SpatialScenario {
/// KTAB's model parameters (XML `ModelParameters`): each name, its accepted values, and the
/// name of each value in Parley's spatial model of politics.
public static let ktabParameters: [String: [String: String]] = [
        "VictoryProbModel": ["Linear": "linear", "Square": "square", "Quartic": "quartic", "Octic": "octic", "Binary": "binary"],
        "VotingRule": ["Binary": "binary", "PropBin": "propBin", "Prop": "proportional", "Proportional": "proportional",
                       "PropCbc": "propCbc", "Cubic": "cubic", "ASymProsp": "asymProsp"],
        "PCEModel": ["Conditional": "conditional", "ConditionalPCM": "conditional", "MarkovIncentive": "markovIncentive",
                     "MarkovIPCM": "markovIncentive", "MarkovUniform": "markovUniform", "MarkovUPCM": "markovUniform"],
        "StateTransitions": ["Deterministic": "deterministic", "DeterminsticSTM": "deterministic", "Stochastic": "stochastic",
                             "StochasticSTM": "stochastic"],
        "BigRRange": ["Min": "min", "Mid": "mid", "Max": "max"],
        "BigRAdjust": ["Full": "full", "FullRA": "full", "TwoThirds": "twoThirds", "TwoThirdsRA": "twoThirds", "Half": "half",
                       "HalfRA": "half", "OneThird": "oneThird", "OneThirdRA": "oneThird", "None": "none", "NoRA": "none"],
        "ThirdPartyCommit": ["FullCommit": "full", "SemiCommit": "semi", "NoCommit": "none"],
        "InterVecBrgn": ["S1P1": "s1p1", "S2P2": "s2p2", "S2PMax": "s2pMax"],
        "BargnModel": ["InitOnlyInterp": "initiatorOnly", "InitRcvrInterp": "initiatorAndReceiver", "PWCompInterp": "pairwiseCompromise"],
    ]
}
