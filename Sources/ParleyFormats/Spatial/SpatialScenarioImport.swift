import ParleyCore

/// A spatial table (KTAB's CSV or XML, a BDM actor table) as a Parley scenario, so the workspace can
/// import it: each dimension a numeric issue from 0 to 100 taken at `step`, each actor a party
/// with its capability and, on each dimension where it has a position, a stance with that position
/// as its ideal and its salience (50 when the table leaves it out, as the forecasts count it). The
/// table states no reservation values: every party's is 0 until the user sets it. A dimension's
/// reference point becomes its status quo (the nearest option).
///
/// Read back, the scenario gives the forecasts the table gives: the spatial models read capability,
/// ideal and salience, which are carried over unchanged.
public enum SpatialScenarioImport {
    /// The scenario of `table` (named `file` in diagnostics), through the one validator.
    /// - Throws: ``DiagnosticError`` when the scenario is not valid (an actor whose saliences are all 0, say).
    public static func scenario(_ table: SpatialScenario, file: String, step: Double = 10) throws(DiagnosticError) -> DecodedScenario {
        let stem = FolderListing.stem(file)
        var draft = ScenarioDraft(id: PortableID.suggestion(for: table.name.isEmpty ? stem : table.name), title: table.name.isEmpty ? stem : table.name,
                                  description: "Imported from \(FolderListing.name(file)): a spatial table (positions and saliences on 0 to 100).",
                                  file: file)
        let positions = stride(from: 0.0, through: 100.0, by: step).map { $0 }
        let options = positions.map { Option(id: Option.ID($0.decimalText), name: $0.decimalText, position: $0) }
        var used: Set<String> = []
        func uniqueID(_ name: String) -> String {
            var id = PortableID.suggestion(for: name), k = 1
            while used.contains(id) { k += 1; id = "\(PortableID.suggestion(for: name))-\(k)" }
            used.insert(id)
            return id
        }
        for (d, dimension) in table.dimensions.enumerated() {
            let statusQuo = table.referencePoints.indices.contains(d) ? table.referencePoints[d].map { point in
                positions.indices.min { abs(positions[$0] - point) < abs(positions[$1] - point) } ?? 0
            } : nil
            draft.append(Issue(id: Issue.ID(uniqueID(dimension)), name: dimension, kind: .numeric, options: options, statusQuo: statusQuo),
                         at: .start(of: file))
        }
        used = []
        let scale = 0.0...100.0
        for (a, actor) in table.actors.enumerated() {
            let stated = table.dimensions.indices.map { d -> (ideal: Estimate, salience: Estimate)? in
                guard let position = table.positions[a][d] else { return nil }
                return (position, table.saliences[a][d] ?? Estimate(50))
            }
            let total = stated.reduce(0.0) { $0 + ($1?.salience.value ?? 0) }
            let stances = stated.map { entry -> Stance? in
                guard let entry else { return nil }
                return Stance(weight: entry.salience.map { total > 0 ? $0 / total : 0 }, salience: entry.salience, ideal: entry.ideal,
                              values: ScenarioDecoder.values(fromIdeal: entry.ideal, options: options, scale: scale))
            }
            draft.append(Party(id: Party.ID(uniqueID(actor)), name: actor, capability: table.capabilities[a],
                               preferences: Preferences(reservation: Estimate(0), stances: stances)),
                         at: .start(of: file))
        }
        let note = Diagnostic(.warning, "a spatial table states no reservation values: every party's is 0 until set", at: .start(of: file),
                              help: "set each party's reservation value in the editor before reading the agreement space")
        return try draft.validated(warnings: [note])
    }
}
