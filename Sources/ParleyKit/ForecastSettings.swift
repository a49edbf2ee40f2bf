import ParleyForecast

/// The dynamic models' settings as a user states them (`parley forecast` and `backtest`, or a
/// server's form): the use cases turn them into the engines' parameters.
///
/// ```swift
/// let settings = try ForecastSettings(rounds: 12, reading: .printed, ktab: ["VotingRule": "PropCbc"])
/// let report = ForecastRun()(input, models: [.eum, .smp], settings: settings)
/// ```
public struct ForecastSettings: Hashable, Sendable {
    /// Rounds of the expected-utility model.
    public var rounds: Int
    /// The expected-utility model's reading of Scholz et al. (2011).
    public var reading: ExpectedUtilityModel.Reading.Named
    /// Parameters of KTAB's spatial model of politics, as KTAB names them; they override those the
    /// input states.
    public var ktab: [String: String]

    /// - Throws: ``UsageError`` for rounds outside 0...10000, or a KTAB parameter name or value KTAB does not know.
    public init(rounds: Int = 8, reading: ExpectedUtilityModel.Reading.Named = .scholz, ktab: [String: String] = [:]) throws(UsageError) {
        guard (0...10_000).contains(rounds) else { throw UsageError("the expected-utility model runs 0 to 10000 rounds, not \(rounds)") }
        self.rounds = rounds
        self.reading = reading
        self.ktab = ktab
        if !ktab.isEmpty {
            do { _ = try SpatialModelOfPolitics.Parameters(ktab: ktab) } catch {
                throw UsageError("KTAB parameters (--ktab): " + error.problems.joined(separator: "; "))
            }
        }
    }

    /// The default settings.
    public init() {
        rounds = 8
        reading = .scholz
        ktab = [:]
    }

    /// The engines' parameters, with the parameters the input states (`stated`, KTAB's names)
    /// under those of ``ktab``.
    public func options(stated: [String: String] = [:]) -> ForecastOptions {
        var smp: SpatialModelOfPolitics.Parameters?
        if !ktab.isEmpty {
            // Both sets were checked (by the reader and by `init`); a stated parameter that no
            // longer combines is dropped rather than failing the run.
            smp = (try? SpatialModelOfPolitics.Parameters(ktab: stated.merging(ktab) { _, override in override }))
                ?? (try? SpatialModelOfPolitics.Parameters(ktab: ktab))
        }
        return ForecastOptions(expectedUtility: ExpectedUtilityModel(rounds: rounds, reading: reading.reading), smp: smp)
    }
}
