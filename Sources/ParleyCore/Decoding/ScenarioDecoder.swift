/// Turns a located document (from YAML or JSON) into a validated ``Scenario``, reporting every
/// problem of the file at once.
///
/// This is the one place where scenario input is validated; every format feeds it.
///
/// ```swift
/// let decoded = try ScenarioDecoder().decode(root)   // throws DiagnosticError with all problems
/// decoded.scenario.parties.count
/// ```
public struct ScenarioDecoder: Sendable {
    /// The format versions this decoder reads.
    public static let supportedVersions: Set<Int> = [1]

    /// How far weights may be from summing to 1 and still be accepted.
    public static let weightTolerance = 1e-6

    public init() {}

    /// Decodes and validates a scenario.
    /// - Throws: ``DiagnosticError`` with every error found (and the warnings).
    /// - Returns: the scenario, its warnings, and where its parts were written.
    public func decode(_ root: DocumentNode) throws(DiagnosticError) -> DecodedScenario {
        var context = DecodingContext()
        var state = DecoderState()
        let scenario = decodeScenario(root, &context, &state)
        context.diagnostics.sort { a, b in
            let x = a.location, y = b.location
            return (x?.line ?? 0, x?.column ?? 0) < (y?.line ?? 0, y?.column ?? 0)
        }
        guard let scenario, !context.hasErrors else {
            throw DiagnosticError(context.diagnostics)
        }
        return DecodedScenario(scenario: scenario, warnings: context.diagnostics, locations: state.locations)
    }

    /// Decodes a standalone conflict file: `parley`, optional `id`, `title`, `description`, `date`,
    /// `sources`, and a `conflict` section (see ``ConflictDecoder``).
    /// - Throws: ``DiagnosticError`` with every problem found.
    public func decodeConflict(_ root: DocumentNode) throws(DiagnosticError) -> (ConflictModel, [Diagnostic]) {
        var context = DecodingContext()
        var state = DecoderState()
        guard let top = context.mapping(root, "the conflict file", allowed: ["parley", "id", "title", "description", "date", "sources", "conflict"]) else {
            throw DiagnosticError(context.diagnostics)
        }
        let sources = top["sources"].map { decodeSources($0, &context, &state) } ?? []
        let conflictNode = top.required("conflict", in: &context, help: "add a 'conflict:' section with the decision makers and their options")
        let conflict = conflictNode.flatMap { ConflictDecoder().decode($0, &context, sourceIDs: Set(sources.map(\.id))) }
        guard let conflict, !context.hasErrors else { throw DiagnosticError(context.diagnostics) }
        return (conflict, context.diagnostics)
    }

    static let rootKeys = ["parley", "id", "title", "description", "date", "sources", "parties", "issues",
                           "preferences", "proposals", "conflict", "leverage", "agreement"]

    private func decodeScenario(_ root: DocumentNode, _ context: inout DecodingContext,
                                _ state: inout DecoderState) -> Scenario? {
        guard let top = context.mapping(root, "the scenario", allowed: Self.rootKeys) else { return nil }
        state.locations.record("scenario", top.location)
        if let version = top.required("parley", in: &context, help: "start the file with 'parley: 1' (the format version)") {
            if let number = context.number(version, "the format version 'parley'") {
                if number != number.rounded() || abs(number) > 1e6 || !Self.supportedVersions.contains(Int(number)) {
                    context.error("format version \(number.decimalText) is not supported; this Parley reads version 1",
                                  at: version.location, help: "write 'parley: 1'")
                }
            }
        }
        let id = top.required("id", in: &context).flatMap { context.identifier($0, "the scenario id", declares: true) }
        let title = top.required("title", in: &context).flatMap { context.text($0, "the title") }
        let description = top["description"].flatMap { context.text($0, "the description") }
        let date = top["date"].flatMap { context.text($0, "the date") }

        let sources = top["sources"].map { decodeSources($0, &context, &state) } ?? []
        state.sourceIDs = Set(sources.map(\.id))
        let issues = top.required("issues", in: &context, help: "list the issues under 'issues:'")
            .map { decodeIssues($0, &context, &state) } ?? []
        if let node = top["issues"] { state.locations.record("issues", node.location) }
        let partyHeaders = top.required("parties", in: &context, help: "list the parties under 'parties:'")
            .map { decodePartyHeaders($0, &context, &state) } ?? []
        let preferences = decodeAllPreferences(top["preferences"], top.location, partyHeaders, issues,
                                               &context, &state)
        let proposals = top["proposals"].map { decodeProposals($0, partyHeaders, issues, &context, &state) } ?? []
        let conflict = top["conflict"].flatMap { ConflictDecoder().decode($0, &context, sourceIDs: state.sourceIDs) }
        if let node = top["conflict"] { state.locations.record("conflict", node.location) }

        let knownRedLines = Set(preferences.values.flatMap { $0.redLines.map(\.id) })
        let leverage = top["leverage"].map { decodeLeverage($0, partyHeaders, knownRedLines, &context, &state) } ?? []
        let agreement = top["agreement"].flatMap { decodeAgreement($0, &context, &state) }
        guard let id, let title, !context.hasErrors else { return nil }
        var draft = ScenarioDraft(id: id, title: title, description: description, date: date, file: top.location.file)
        draft.locations.scenario = top.location
        draft.sources = sources
        for header in partyHeaders {
            var party = Party(id: header.id, name: header.name, capability: header.capability,
                              preferences: preferences[header.id] ?? Preferences(reservation: Estimate(0), stances: issues.map { _ in nil }))
            party.description = header.description
            party.attributes = header.attributes
            draft.append(party, at: header.location)
        }
        for issue in issues { draft.append(issue, at: state.locations["issues/\(issue.id)"]) }
        draft.proposals = proposals
        draft.locations.proposals = proposals.map { state.locations["proposals/\($0.id)"] }
        draft.conflict = conflict
        draft.leverage = leverage
        if let agreement {
            draft.agreement = agreement
            draft.locations.agreement = top["agreement"]?.location
        }
        draft.locations.map = state.locations
        return ScenarioValidator().validate(draft, &context)
    }

    // MARK: Agreement rule

    /// `agreement: {rule: unanimity | quota | weighted, ...}`; the parts' meaning (a quota within the
    /// number of parties, vetoes that are parties, ...) is checked by the validator, for every format.
    private func decodeAgreement(_ node: DocumentNode, _ context: inout DecodingContext,
                                 _ state: inout DecoderState) -> AgreementRule? {
        let allowed = ["rule", "quota", "vetoes", "threshold", "weights", "minimumParties"]
        guard let fields = context.mapping(node, "'agreement'", allowed: allowed) else { return nil }
        for key in allowed { if let value = fields[key] { state.locations.record("agreement/\(key)", value.location) } }
        guard let ruleNode = fields.required("rule", in: &context, help: "say who must agree: 'rule: unanimity', 'rule: quota' or 'rule: weighted'"),
              let rule = context.text(ruleNode, "the agreement rule") else { return nil }
        var vetoes: [Party.ID] = []
        if let node = fields["vetoes"], let items = context.sequence(node, "'vetoes'") {
            for (index, item) in items.enumerated() {
                state.locations.record("agreement/vetoes/\(index)", item.location)
                if let id = context.identifier(item, "a veto party") { vetoes.append(Party.ID(id)) }
            }
        }
        func misplaced(_ keys: [String]) {
            for key in keys { if let value = fields[key] { context.error("'\(key)' does not go with 'rule: \(rule)'", at: value.location,
                                                                           help: "remove it, or choose the rule it belongs to") } }
        }
        func whole(_ key: String, _ what: String) -> Int? {
            guard let node = fields[key], let number = context.number(node, what) else { return nil }
            guard number == number.rounded(), abs(number) < 1e9 else {
                context.error("\(what) must be a whole number, got \(number.decimalText)", at: node.location, help: "give a whole number of parties")
                return nil
            }
            return Int(number)
        }
        switch rule {
        case "unanimity":
            misplaced(["quota", "vetoes", "threshold", "weights", "minimumParties"])
            return .unanimity
        case "quota":
            misplaced(["threshold", "weights", "minimumParties"])
            guard fields.required("quota", in: &context, help: "say how many parties must accept: 'quota: 3'") != nil,
                  let quota = whole("quota", "the quota") else { return nil }
            return .quota(quota, vetoes: vetoes)
        case "weighted":
            misplaced(["quota"])
            guard let thresholdNode = fields.required("threshold", in: &context, help: "give the share of the weight that must accept: 'threshold: 0.65'"),
                  let threshold = context.number(thresholdNode, "the threshold") else { return nil }
            let minimum = whole("minimumParties", "the minimum number of parties")
            if fields["minimumParties"] != nil, minimum == nil { return nil }
            var weights: RuleWeights = .capability
            if let node = fields["weights"] {
                if case .scalar = node.content {
                    guard let text = context.text(node, "the weights") else { return nil }
                    guard text == "capability" else {
                        context.error("weights '\(text)' are not known", at: node.location,
                                      help: "write 'weights: capability' or give each party's weight as {party: number}")
                        return nil
                    }
                } else {
                    guard let entries = context.mapping(node, "the rule's weights") else { return nil }
                    var stated: [PartyWeight] = []
                    for entry in entries.entries {
                        state.locations.record("agreement/weights/\(entry.key.text)", entry.value.location)
                        guard let value = context.number(entry.value, "\(entry.key.text)'s weight") else { continue }
                        stated.append(PartyWeight(party: Party.ID(entry.key.text), weight: value))
                    }
                    weights = .stated(stated)
                }
            }
            return .weighted(threshold: threshold, weights: weights, minimumParties: minimum, vetoes: vetoes)
        default:
            let hint = DecodingContext.suggestion(for: rule, among: ["unanimity", "quota", "weighted"]).map { "did you mean '\($0)'? " } ?? ""
            context.error("unknown agreement rule '\(rule)'", at: ruleNode.location, help: hint + "the rules: unanimity, quota, weighted")
            return nil
        }
    }

    // MARK: Leverage

    private func decodeLeverage(_ node: DocumentNode, _ parties: [PartyHeader], _ redLines: Set<RedLine.ID>,
                                _ context: inout DecodingContext, _ state: inout DecoderState) -> [Leverage] {
        guard let items = context.sequence(node, "'leverage'") else { return [] }
        var result: [Leverage] = []
        var seen = FirstSeen(kind: "leverage")
        let partyIDs = parties.map(\.id.rawValue)
        func party(_ node: DocumentNode, _ what: String, _ context: inout DecodingContext) -> Party.ID? {
            guard let id = context.identifier(node, what) else { return nil }
            guard partyIDs.contains(id) else {
                context.error("unknown party '\(id)'", at: node.location, help: "the parties are: \(partyIDs.joined(separator: ", "))")
                return nil
            }
            return Party.ID(id)
        }
        for item in items {
            guard let fields = context.mapping(item, "a leverage move",
                                               allowed: ["id", "name", "by", "party", "reservation", "drop-red-line", "cost"] + Self.provenanceKeys),
                  let idNode = fields.required("id", in: &context), let id = context.identifier(idNode, "a leverage id", declares: true),
                  seen.check(id, at: idNode.location, &context) else { continue }
            let by = fields["by"].flatMap { party($0, "the party applying it", &context) }
            let effect: Leverage.Effect
            switch (fields["reservation"], fields["drop-red-line"]) {
            case (let change?, nil):
                guard let target = fields.required("party", in: &context, help: "name the party whose reservation value changes"),
                      let partyID = party(target, "the party", &context),
                      let amount = context.estimate(change, "the change of reservation value") else { continue }
                effect = .reservation(party: partyID, change: amount)
            case (nil, let redLine?):
                guard let redLineID = context.identifier(redLine, "a red line id") else { continue }
                guard redLines.contains(RedLine.ID(redLineID)) else {
                    context.error("leverage '\(id)' drops red line '\(redLineID)', which no party has", at: redLine.location,
                                  help: "the red lines are: \(redLines.map(\.rawValue).sorted().joined(separator: ", "))")
                    continue
                }
                effect = .dropRedLine(RedLine.ID(redLineID))
            default:
                context.error("leverage '\(id)' needs either 'reservation' (with 'party') or 'drop-red-line'", at: fields.location)
                continue
            }
            var cost: Double
            switch effect {
            case .reservation(_, let change): cost = abs(change.value)
            case .dropRedLine: cost = 1
            }
            if let node = fields["cost"], let value = context.number(node, "the cost") {
                if value < 0 { context.error("the cost of leverage '\(id)' is negative", at: node.location) } else { cost = value }
            }
            result.append(Leverage(id: Leverage.ID(id), name: fields["name"].flatMap { context.text($0, "the name") } ?? id,
                                   by: by, effect: effect, cost: cost, provenance: decodeProvenance(fields, &context, state)))
        }
        return result
    }

    // MARK: Sources

    private func decodeSources(_ node: DocumentNode, _ context: inout DecodingContext,
                               _ state: inout DecoderState) -> [Source] {
        guard let items = context.sequence(node, "'sources'") else { return [] }
        var sources: [Source] = []
        var seen = FirstSeen(kind: "source")
        for item in items {
            guard let fields = context.mapping(item, "a source", allowed: ["id", "title", "publisher", "date", "url"]) else { continue }
            guard let idNode = fields.required("id", in: &context), let id = context.identifier(idNode, "a source id", declares: true) else { continue }
            let isNew = seen.check(id, at: idNode.location, &context)
            guard let title = fields.required("title", in: &context).flatMap({ context.text($0, "the source's title") }), isNew
            else { continue }
            sources.append(Source(
                id: Source.ID(id), title: title,
                publisher: fields["publisher"].flatMap { context.text($0, "the publisher") },
                date: fields["date"].flatMap { context.text($0, "the date") },
                url: fields["url"].flatMap { context.text($0, "the url") }))
        }
        return sources
    }

    /// Reads `source`, `quote`, `confidence` and `note` from a mapping.
    func decodeProvenance(_ fields: MappingReader, _ context: inout DecodingContext,
                          _ state: DecoderState) -> Provenance {
        var provenance = Provenance()
        if let node = fields["source"], let id = context.identifier(node, "a source reference") {
            if state.sourceIDs.contains(Source.ID(id)) {
                provenance.source = Source.ID(id)
            } else {
                let known = state.sourceIDs.map(\.rawValue).sorted()
                let hint = DecodingContext.suggestion(for: id, among: known)
                context.error("unknown source '\(id)'", at: node.location,
                              help: hint.map { "did you mean '\($0)'?" }
                                ?? (known.isEmpty ? "declare it under 'sources:'" : "known sources: \(known.joined(separator: ", "))"))
            }
        }
        provenance.quote = fields["quote"].flatMap { context.text($0, "the quote") }
        if let node = fields["confidence"], let text = context.text(node, "the confidence") {
            if let level = Confidence(rawValue: text.lowercased()) {
                provenance.confidence = level
            } else {
                context.error("confidence '\(text)' is not one of low, medium, high", at: node.location,
                              help: "write 'confidence: low', 'medium' or 'high'")
            }
        }
        provenance.note = fields["note"].flatMap { context.text($0, "the note") }
        if provenance.quote != nil, provenance.source == nil, fields["source"] == nil, let node = fields["quote"] {
            context.warning("a quote without a source", at: node.location,
                            help: "add 'source:' naming where the quote comes from")
        }
        return provenance
    }

    static let provenanceKeys = ["source", "quote", "confidence", "note"]

    // MARK: Parties

    struct PartyHeader {
        var id: Party.ID
        var name: String
        var capability: Estimate?
        var location: SourceLocation
        var description: String?
        var attributes: [String: String] = [:]
    }

    private func decodePartyHeaders(_ node: DocumentNode, _ context: inout DecodingContext,
                                    _ state: inout DecoderState) -> [PartyHeader] {
        guard let items = context.sequence(node, "'parties'") else { state.partiesReadable = false; return [] }
        var parties: [PartyHeader] = []
        var seen = FirstSeen(kind: "party")
        for item in items {
            guard let fields = context.mapping(item, "a party", allowed: ["id", "name", "capability", "description", "attributes"]),
                  let idNode = fields.required("id", in: &context),
                  let id = context.identifier(idNode, "a party id", declares: true) else { state.partiesReadable = false; continue }
            state.declaredParties.insert(id)
            let name = fields["name"].flatMap { context.text($0, "the party's name") } ?? id
            let capability = fields["capability"].flatMap {
                context.estimate($0, "the capability of party '\(id)'", positive: true)
            }
            let description = fields["description"].flatMap { context.text($0, "the party's description") }
            var attributes: [String: String] = [:]
            if let node = fields["attributes"], let entries = context.mapping(node, "the party's attributes") {
                for entry in entries.entries {
                    if let value = context.text(entry.value, "the attribute '\(entry.key.text)'") { attributes[entry.key.text] = value }
                }
            }
            guard seen.check(id, at: idNode.location, &context) else { continue }
            state.locations.record("parties/\(id)", item.location)
            parties.append(PartyHeader(id: Party.ID(id), name: name, capability: capability, location: item.location,
                                       description: description, attributes: attributes))
        }
        if items.count < 2 {
            context.error("a negotiation needs at least two parties; found \(items.count)", at: node.location,
                          help: "add the other parties under 'parties:'")
        }
        return parties
    }
}

/// A validated scenario with what was learned while reading it.
public struct DecodedScenario: Sendable {
    public var scenario: Scenario
    /// Warnings: input that is usable but probably not what was meant.
    public var warnings: [Diagnostic]
    /// Where the scenario's parts were written, for diagnostics found later (an outcome space too
    /// large to enumerate, say).
    public var locations: SourceMap
    /// The text the scenario was read from, when it came from a file, for rendering diagnostics.
    public var sourceText: String?

    public init(scenario: Scenario, warnings: [Diagnostic] = [], locations: SourceMap = SourceMap()) {
        self.scenario = scenario
        self.warnings = warnings
        self.locations = locations
    }
}

/// Where the parts of a scenario were written, keyed by a path such as `issues`, `parties/RU` or
/// `proposals/trump-team`.
public struct SourceMap: Hashable, Sendable {
    public private(set) var entries: [String: SourceLocation] = [:]
    public init() {}
    public mutating func record(_ path: String, _ location: SourceLocation) { entries[path] = location }
    public subscript(path: String) -> SourceLocation? { entries[path] }
}

struct DecoderState {
    var sourceIDs: Set<Source.ID> = []
    /// Ids written in the file, including those of entries rejected for another error; references
    /// to them are not reported again as unknown.
    var declaredIssues: Set<String> = []
    var declaredParties: Set<String> = []
    /// Whether the parties list could be read at all.
    var partiesReadable = true
    var redLineIDs = FirstSeen(kind: "red line")
    var locations = SourceMap()
}

