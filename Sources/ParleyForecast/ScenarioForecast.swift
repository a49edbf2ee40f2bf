import ParleyCore

extension SpatialIssue {
    /// The spatial form of an ordered or numeric issue of a scenario: each party's position is its
    /// ideal position when it states one, else the position of the option it values most; its
    /// salience is its salience when stated, else its weight × 100; its capability as stated
    /// (missing: 1). Categorical issues have no scale and give `nil`.
    public init?(_ scenario: Scenario, issue index: Int) {
        let issue = scenario.issues[index]
        guard issue.kind != .categorical, issue.scale != nil else { return nil }
        var positions: [Double?] = [], saliences: [Double?] = [], capabilities: [Double?] = []
        for party in scenario.parties {
            guard let stance = party.preferences.stances[index] else {
                positions.append(nil); saliences.append(nil); capabilities.append(party.capability?.value)
                continue
            }
            positions.append(stance.ideal?.value ?? issue.options[stance.bestOption].position)
            saliences.append(stance.salience?.value ?? stance.weight.value * 100)
            capabilities.append(party.capability?.value)
        }
        self.init(id: issue.id.rawValue, actors: scenario.parties.map(\.id.rawValue), positions: positions,
                  saliences: saliences, capabilities: capabilities,
                  referencePoint: issue.statusQuo.flatMap { issue.options[$0].position })
    }
}

/// Forecasts of a scenario's scaled issues.
public struct IssueForecast: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var model: String
        public var forecast: Double
        /// The option whose position is nearest the forecast.
        public var nearestOption: String
    }

    public var id: String
    public var forecasts: [Entry]
}

public enum ScenarioForecast {
    /// Each model's forecast for every ordered or numeric issue of `scenario`.
    public static func run(_ scenario: Scenario, models: [SpatialModel]) -> [IssueForecast] {
        scenario.issues.indices.compactMap { index in
            guard let spatial = SpatialIssue(scenario, issue: index) else { return nil }
            let issue = scenario.issues[index]
            return IssueForecast(id: issue.id.rawValue, forecasts: models.compactMap { model in
                guard let value = model.forecast(spatial) else { return nil }
                let nearest = issue.options.min { abs(($0.position ?? 0) - value) < abs(($1.position ?? 0) - value) }
                return .init(model: model.rawValue, forecast: value, nearestOption: nearest?.id.rawValue ?? "")
            })
        }
    }
}
