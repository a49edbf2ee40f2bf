// What the faces (the CLI, the server) see through ParleyKit: the value types of Core and the
// reports they print. The engines are reached only through ParleyKit's use cases; the few engine
// types a face names (an option's closed set of values) are re-exported by name below.
@_exported import ParleyCore
@_exported import ParleyReport

import ParleyAnalysis
import ParleyConflict
import ParleyForecast
import ParleyFormats
import ParleySimulation

// Closed sets and settings a face passes to a use case: named here so a command can parse them
// without importing an engine.
public typealias AgreementSpaceOptions = ParleyAnalysis.AgreementSpaceOptions
public typealias SamplingDistribution = ParleyAnalysis.SamplingDistribution
public typealias StabilityConcept = ParleyConflict.StabilityConcept
public typealias ForecastModel = ParleyForecast.ForecastModel
public typealias ExpectedUtilityModel = ParleyForecast.ExpectedUtilityModel
public typealias CapabilityScheme = ParleyForecast.CapabilityScheme
public typealias ScenarioFormat = ParleyFormats.ScenarioFormat
public typealias ScenarioWriter = ParleyFormats.ScenarioWriter
public typealias Strategy = ParleySimulation.Strategy
