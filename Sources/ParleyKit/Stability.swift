import ParleyConflict
import ParleyCore
import ParleyFormats
import ParleyReport

/// The `stability` use case: read a conflict and analyse every state's stability.
public struct Stability: Sendable {
    public init() {}

    /// Reads the conflict at `path` (`.gmcr`, a scenario with a `conflict` section, or a standalone
    /// conflict file) and analyses it.
    /// - Parameters:
    ///   - state: a state number (1-based) to explain; by default every equilibrium is explained.
    ///   - statusQuo: a state number (1-based) to trace to an equilibrium under `concept`.
    /// - Throws: ``DiagnosticError`` for bad input, ``UsageError`` for a state number out of range.
    /// - Parameter fixed: options held at a value (option id or name → taken), to ask what changes
    ///   when a decision maker gives up a move, such as a threat: states with the other value are removed.
    public func callAsFunction(_ path: String, state: Int? = nil, statusQuo: Int? = nil,
                               concept: StabilityConcept = .nash, fixed: [String: Bool] = [:]) throws -> StabilityReport {
        var (model, locations, text) = try conflict(at: path)
        for (name, taken) in fixed.sorted(by: { $0.key < $1.key }) {
            guard let index = model.options.firstIndex(where: { $0.id == name || $0.name == name }) else {
                let known = model.options.map { $0.id ?? $0.name }
                throw UsageError("the conflict has no option '\(name)'; its options: \(known.joined(separator: ", "))")
            }
            model.infeasible.append(OptionPattern([(index, !taken)]))
        }
        let graph: GraphModel
        do { graph = try GraphModel(model) } catch {
            throw DiagnosticError([Diagnostic(.error, "decision maker '\(model.decisionMakers[error.decisionMaker].name)' \(error.message)",
                                              at: locations.count > error.decisionMaker ? locations[error.decisionMaker] : .start(of: path),
                                              help: "rank every feasible state exactly once (\(countStates(model)) feasible states)")],
                                  sources: [path: text])
        }
        for number in [state, statusQuo].compactMap({ $0 }) where !(1...graph.count).contains(number) {
            throw UsageError("state \(number) does not exist; the conflict has \(graph.count) feasible states")
        }
        let analysis = StabilityAnalysis(graph)
        return StabilityReport(analysis, file: path, narrativeStates: state.map { [$0 - 1] },
                               statusQuo: statusQuo.map { $0 - 1 }, concept: concept)
    }

    /// The conflict in a `.gmcr` file, a Parley scenario with a `conflict` section, or a standalone
    /// conflict file (YAML with `parley: 1` and `conflict:`).
    func conflict(at path: String) throws -> (ConflictModel, [SourceLocation], String) {
        if path.lowercased().hasSuffix(".gmcr") {
            let read = try GMCRReader.read(contentsOf: path)
            return (read.model, read.decisionMakerLocations, read.text)
        }
        let text = try ScenarioReader.readText(at: path)
        let root: DocumentNode
        do { root = try YAMLDocumentReader.read(text, file: path) } catch { throw DiagnosticError(error.diagnostics, sources: [path: text]) }
        if case .mapping(let entries) = root.content, entries.contains(where: { $0.key.text == "parties" }) {
            let scenario = try ScenarioReader.read(text, file: path).scenario
            guard let conflict = scenario.conflict else {
                throw DiagnosticError([Diagnostic(.error, "\(path) has no 'conflict' section", at: .start(of: path),
                                                  help: "add 'conflict:' with the decision makers, their options and preferences (docs/scenario-format.md)")],
                                      sources: [path: text])
            }
            return (conflict, [], text)
        }
        do {
            let (conflict, _) = try ScenarioDecoder().decodeConflict(root)
            return (conflict, [], text)
        } catch { throw DiagnosticError(error.diagnostics, sources: [path: text]) }
    }

    private func countStates(_ model: ConflictModel) -> Int {
        (0..<UInt64(1 << model.options.count)).filter { code in !model.infeasible.contains { $0.matches(code) } }.count
    }
}
