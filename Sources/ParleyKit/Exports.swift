// The CLI and the server see the whole library through ParleyKit.
@_exported import ParleyAnalysis
@_exported import ParleyConflict
@_exported import ParleyForecast
@_exported import ParleySimulation
@_exported import ParleyCore
@_exported import ParleyFormats
@_exported import ParleyReport
