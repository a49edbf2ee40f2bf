import Foundation
import ParleyCore

/// Reads KTAB's SMP scenario XML (`smpSchema.xsd` of KAPSARC's KTAB): `<Scenario>` with `name`,
/// `desc`, an optional `prngSeed` and `ModelParameters`, `Dimensions/dName`, `Actors/Actor` (name,
/// description, capability, `Position/dCoord` and `Salience/dSal` per dimension, 0..100) and an
/// optional `IdealAdjustment` of `iaPair`s. The model parameters and the seed are kept as
/// ``SpatialScenario/parameters`` (keys as in the XML, the seed as `prngSeed`); an empty `dCoord`
/// is an error (KTAB would silently read 0).
public enum KTABXMLReader {
    public static func read(contentsOf path: String) throws(DiagnosticError) -> SpatialScenario {
        let text = try ScenarioReader.readText(at: path)
        return try read(text, file: path)
    }

    /// Whether `text` looks like a KTAB scenario (an XML document whose root is `Scenario` with
    /// `Actors`).
    public static func recognises(_ text: String) -> Bool {
        text.contains("<Scenario") && text.contains("<Actors>")
    }

    public static func read(_ text: String, file: String) throws(DiagnosticError) -> SpatialScenario {
        let root = try XMLTreeReader.read(text, file: file)
        var problems: [Diagnostic] = []
        func trimmed(_ element: XMLElement?) -> String { element?.text.trimmingWhitespace() ?? "" }
        guard root.name == "Scenario" else {
            throw DiagnosticError([Diagnostic(.error, "the root element is <\(root.name)>, not a KTAB <Scenario>", at: root.location,
                                              help: "a KTAB SMP scenario follows smpSchema.xsd: <Scenario><name/>…<Actors>…</Actors></Scenario>")],
                                  sources: [file: text])
        }
        var parameters: [String: String] = [:]
        if let seed = root.children(named: "prngSeed").first, !trimmed(seed).isEmpty { parameters["prngSeed"] = trimmed(seed) }
        for parameter in root.children(named: "ModelParameters").first?.children ?? [] {
            guard let values = SpatialScenario.ktabParameters[parameter.name] else {
                problems.append(Diagnostic(.error, "unknown model parameter <\(parameter.name)>", at: parameter.location,
                                           help: "KTAB's parameters: \(SpatialScenario.ktabParameters.keys.sorted().joined(separator: ", "))"))
                continue
            }
            guard values[trimmed(parameter)] != nil else {
                problems.append(Diagnostic(.error, "<\(parameter.name)> '\(trimmed(parameter))' is not a value KTAB knows", at: parameter.location,
                                           help: "one of \(values.keys.sorted().joined(separator: ", "))"))
                continue
            }
            parameters[parameter.name] = trimmed(parameter)
        }
        if let seed = parameters["prngSeed"], UInt64(seed) == nil {
            problems.append(Diagnostic(.error, "<prngSeed> '\(seed)' is not a 64-bit unsigned integer",
                                       at: root.children(named: "prngSeed").first?.location ?? root.location, help: "write a whole number below 2^64"))
        }
        let dimensions = root.children(named: "Dimensions").first?.children(named: "dName").map { trimmed($0) } ?? []
        if dimensions.isEmpty {
            problems.append(Diagnostic(.error, "the scenario names no dimensions", at: root.location,
                                       help: "add <Dimensions><dName>…</dName></Dimensions>"))
        }
        let actorElements = root.children(named: "Actors").first?.children(named: "Actor") ?? []
        if actorElements.isEmpty {
            problems.append(Diagnostic(.error, "the scenario has no actors", at: root.location, help: "add <Actors><Actor>…</Actor></Actors>"))
        }
        var names: [String] = [], capabilities: [Estimate] = [], positions: [[Estimate?]] = [], saliences: [[Estimate?]] = []
        func number(_ element: XMLElement, _ what: String, _ range: ClosedRange<Double>) -> Double? {
            let text = trimmed(element)
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                problems.append(Diagnostic(.error, "expected \(what), found '\(text)'", at: element.location,
                                           help: "write a number in \(range.lowerBound.decimalText)..\(range.upperBound.decimalText)"))
                return nil
            }
            return value
        }
        for actor in actorElements {
            let name = trimmed(actor.children(named: "name").first)
            if name.isEmpty { problems.append(Diagnostic(.error, "an actor needs a <name>", at: actor.location)) }
            if names.contains(name) { problems.append(Diagnostic(.error, "actor '\(name)' appears twice", at: actor.location)) }
            names.append(name)
            if let capability = actor.children(named: "capability").first {
                capabilities.append(Estimate(number(capability, "a capability", 0...1e8) ?? 1))
            } else {
                problems.append(Diagnostic(.error, "actor '\(name)' has no <capability>", at: actor.location, help: "add <capability>…</capability>"))
                capabilities.append(Estimate(1))
            }
            let coordinates = actor.children(named: "Position").first?.children(named: "dCoord") ?? []
            let weights = actor.children(named: "Salience").first?.children(named: "dSal") ?? []
            if coordinates.count != dimensions.count || weights.count != dimensions.count {
                problems.append(Diagnostic(.error, "actor '\(name)' has \(coordinates.count) positions and \(weights.count) saliences for \(dimensions.count) dimensions",
                                           at: actor.location, help: "give one <dCoord> and one <dSal> per dimension"))
            }
            positions.append(dimensions.indices.map { d in
                guard d < coordinates.count else { return nil }
                guard !trimmed(coordinates[d]).isEmpty else {
                    problems.append(Diagnostic(.error, "actor '\(name)' has an empty position on '\(dimensions[d])'", at: coordinates[d].location,
                                               help: "write the position (0..100); KTAB itself would silently read an empty <dCoord> as 0"))
                    return nil
                }
                return number(coordinates[d], "a position (0..100)", 0...100).map(Estimate.init)
            })
            let row = dimensions.indices.map { d -> Estimate? in
                guard d < weights.count else { return nil }
                return number(weights[d], "a salience (0..100)", 0...100).map(Estimate.init)
            }
            let total = row.reduce(0.0) { $0 + ($1?.value ?? 0) }
            if total > 100 + 1e-9 {
                problems.append(Diagnostic(.error, "actor '\(name)': its saliences add up to \(total.formatted(decimals: 2)), more than 100",
                                           at: actor.location, help: "KTAB saliences are shares of attention: scale them to add up to at most 100"))
            }
            saliences.append(row)
        }
        var adjustments: [SpatialScenario.IdealAdjustment] = []
        for pair in root.children(named: "IdealAdjustment").first?.children(named: "iaPair") ?? [] {
            let adjusting = trimmed(pair.children(named: "adjustingIdeal").first), reference = trimmed(pair.children(named: "referencePos").first)
            guard let a = names.firstIndex(of: adjusting), let r = names.firstIndex(of: reference) else {
                problems.append(Diagnostic(.error, "the ideal adjustment names an unknown actor ('\(names.contains(adjusting) ? reference : adjusting)')",
                                           at: pair.location, help: "name actors as in <Actors>: \(names.joined(separator: ", "))"))
                continue
            }
            guard let element = pair.children(named: "adjust").first, let adjust = number(element, "an adjustment", -1...1) else { continue }
            adjustments.append(.init(adjusting: a, reference: r, adjust: adjust))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems, sources: [file: text]) }
        var scenario = SpatialScenario(name: trimmed(root.children(named: "name").first), actors: names, capabilities: capabilities,
                                       dimensions: dimensions, positions: positions, saliences: saliences, parameters: parameters)
        scenario.idealAdjustments = adjustments
        return scenario
    }
}
