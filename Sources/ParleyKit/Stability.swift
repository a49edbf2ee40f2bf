import ParleyConflict
import ParleyCore
import ParleyFormats
import ParleyReport

/// The `stability` use case: read a conflict and analyse every state's stability.
///
/// ```swift
/// let report = try Stability()("Elmira.gmcr", statusQuo: 1)
/// let same = try Stability()(text: uploaded, file: "Elmira.gmcr", statusQuo: 1)   // no file written
/// ```
public struct Stability: Sendable {
    public init() {}

    /// Reads the conflict at `path` (`.gmcr`, a scenario with a `conflict` section, or a standalone
    /// conflict file) and analyses it; see ``callAsFunction(text:file:state:statusQuo:concept:fixed:)``.
    /// - Throws: ``DiagnosticError`` when the file cannot be read or is invalid, ``UsageError`` for a
    ///   state number out of range or an unknown option in `fixed`.
    public func callAsFunction(_ path: String, state: Int? = nil, statusQuo: Int? = nil,
                               concept: StabilityConcept = .nash, fixed: [String: Bool] = [:]) throws -> StabilityReport {
        try callAsFunction(text: try ScenarioReader.readText(at: path), file: path, state: state, statusQuo: statusQuo,
                           concept: concept, fixed: fixed)
    }

    /// Analyses the conflict in `text`: gmcr-py JSON when `file` ends in `.gmcr`, else a scenario
    /// with a `conflict` section or a standalone conflict file (YAML or JSON).
    /// - Parameters:
    ///   - file: the name diagnostics and the report give the input (a path, or an upload's name).
    ///   - state: a state number (1-based) to explain; by default every equilibrium is explained.
    ///   - statusQuo: a state number (1-based) to trace to an equilibrium under `concept`.
    ///   - fixed: options held at a value (option id or name → taken), to ask what changes when a
    ///     decision maker gives up a move, such as a threat: states with the other value are removed.
    /// - Throws: ``DiagnosticError`` for bad input, ``UsageError`` for a state number out of range or
    ///   an unknown option in `fixed`.
    public func callAsFunction(text: String, file: String, state: Int? = nil, statusQuo: Int? = nil,
                               concept: StabilityConcept = .nash, fixed: [String: Bool] = [:]) throws -> StabilityReport {
        var (model, locations) = try conflict(text, file: file)
        // The full conflict's state numbers, kept when options are fixed (pattern code → number).
        var fullNumbers: [UInt64: Int] = [:]
        if !fixed.isEmpty, let full = try? GraphModel(model) {
            for state in 0..<full.count { fullNumbers[full.codes[state]] = state + 1 }
        }
        for (name, taken) in fixed.sorted(by: { $0.key < $1.key }) {
            guard let index = model.options.firstIndex(where: { $0.id == name || $0.name == name }) else {
                let known = model.options.map { $0.id ?? $0.name }
                throw UsageError("the conflict has no option '\(name)'; its options: \(known.joined(separator: ", "))")
            }
            model.infeasible.append(OptionPattern([(index, !taken)]))
        }
        if !fixed.isEmpty {
            // Removing states renumbers them: a numbered ranking may no longer fit.
            var context = DecodingContext()
            guard ConflictValidator().validate(model, at: locations, &context) != nil else {
                throw DiagnosticError(context.diagnostics.filter { $0.severity == .error }, sources: [file: text])
            }
        }
        let graph: GraphModel
        do { graph = try GraphModel(model) } catch { throw DiagnosticError(error.diagnostics, sources: [file: text]) }
        // With options fixed, states go by the full conflict's numbers; the user names them that way too.
        let numbers: [Int]? = fixed.isEmpty ? nil : (0..<graph.count).map { fullNumbers[graph.codes[$0]] ?? $0 + 1 }
        func index(_ number: Int) throws -> Int {
            if let numbers {
                guard let index = numbers.firstIndex(of: number) else {
                    let exists = fullNumbers.values.contains(number)
                    throw UsageError(exists ? "state \(number) is ruled out by --fix; the states left: \(Self.ranges(numbers))"
                                            : "state \(number) does not exist; the conflict has \(fullNumbers.count) feasible states")
                }
                return index
            }
            guard (1...graph.count).contains(number) else {
                throw UsageError("state \(number) does not exist; the conflict has \(graph.count) feasible states")
            }
            return number - 1
        }
        let explained = try state.map { [try index($0)] }
        let from = try statusQuo.map { try index($0) }
        let analysis = StabilityAnalysis(graph)
        return StabilityReport(analysis, file: file, narrativeStates: explained, statusQuo: from, concept: concept, numbers: numbers)
    }

    /// "1-4, 9, 12-13".
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var start: Int?, previous: Int?
        for number in numbers.sorted() + [Int.max] {
            if let p = previous, number == p + 1 { previous = number; continue }
            if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)-\(p)") }
            start = number
            previous = number
        }
        return parts.joined(separator: ", ")
    }

    /// The conflict in `text`: a `.gmcr` file, a Parley scenario with a `conflict` section, or a
    /// standalone conflict file (YAML with `parley: 1` and `conflict:`).
    func conflict(_ text: String, file: String) throws(DiagnosticError) -> (ConflictModel, ConflictLocations) {
        if file.lowercased().hasSuffix(".gmcr") {
            let read = try GMCRReader.read(text, file: file)
            return (read.model, read.locations)
        }
        let root: DocumentNode
        do { root = try YAMLDocumentReader.read(text, file: file) } catch { throw DiagnosticError(error.diagnostics, sources: [file: text]) }
        if case .mapping(let entries) = root.content, entries.contains(where: { $0.key.text == "parties" }) {
            let scenario = try ScenarioReader.read(text, file: file).scenario
            guard let conflict = scenario.conflict else {
                throw DiagnosticError([Diagnostic(.error, "\(file) has no 'conflict' section", at: .start(of: file),
                                                  help: "add 'conflict:' with the decision makers, their options and preferences (docs/scenario-format.md)")],
                                      sources: [file: text])
            }
            return (conflict, ConflictLocations(conflict: .start(of: file)))
        }
        do {
            let (conflict, _) = try ScenarioDecoder().decodeConflict(root)
            return (conflict, ConflictLocations(conflict: .start(of: file)))
        } catch { throw DiagnosticError(error.diagnostics, sources: [file: text]) }
    }
}
