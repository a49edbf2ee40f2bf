import ParleyConflict
import ParleyCore
import ParleyFormats
import ParleyReport

/// The `stability` use case: read a conflict and analyse every state's stability.
public struct Stability: Sendable {
    public init() {}

    /// Reads the `.gmcr` file at `path` and analyses it.
    /// - Parameters:
    ///   - state: a state number (1-based) to explain; by default every equilibrium is explained.
    ///   - statusQuo: a state number (1-based) to trace to an equilibrium under `concept`.
    /// - Throws: ``DiagnosticError`` for bad input, ``UsageError`` for a state number out of range.
    public func callAsFunction(_ path: String, state: Int? = nil, statusQuo: Int? = nil,
                               concept: StabilityConcept = .nash) throws -> StabilityReport {
        let read = try GMCRReader.read(contentsOf: path)
        let graph: GraphModel
        do { graph = try GraphModel(read.model) } catch {
            throw DiagnosticError([Diagnostic(.error, "decision maker '\(read.model.decisionMakers[error.decisionMaker].name)' \(error.message)",
                                              at: read.decisionMakerLocations[error.decisionMaker],
                                              help: "rank every feasible state exactly once (numbers 1...\(countStates(read.model)))")],
                                  sources: [read.file: read.text])
        }
        for number in [state, statusQuo].compactMap({ $0 }) where !(1...graph.count).contains(number) {
            throw UsageError("state \(number) does not exist; the conflict has \(graph.count) feasible states")
        }
        let analysis = StabilityAnalysis(graph)
        return StabilityReport(analysis, file: path, narrativeStates: state.map { [$0 - 1] },
                               statusQuo: statusQuo.map { $0 - 1 }, concept: concept)
    }

    private func countStates(_ model: ConflictModel) -> Int {
        (0..<UInt64(1 << model.options.count)).filter { code in !model.infeasible.contains { $0.matches(code) } }.count
    }
}
