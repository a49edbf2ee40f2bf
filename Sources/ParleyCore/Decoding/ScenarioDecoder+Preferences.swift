extension ScenarioDecoder {
    func decodeAllPreferences(_ node: DocumentNode?, _ scenarioLocation: SourceLocation, _ parties: [PartyHeader],
                              _ issues: [Issue], _ context: inout DecodingContext,
                              _ state: inout DecoderState) -> [Party.ID: Preferences] {
        guard let node else {
            if !parties.isEmpty {
                context.error("the scenario has no 'preferences'", at: scenarioLocation,
                              help: "add 'preferences:' with an entry for each party")
            }
            return [:]
        }
        let allowed = state.partiesReadable ? state.declaredParties.sorted() : nil
        guard let byParty = context.mapping(node, "'preferences'", allowed: allowed) else { return [:] }
        var result: [Party.ID: Preferences] = [:]
        // Sets, not list searches: a scenario may have thousands of parties.
        let partyIDs = Set(parties.map(\.id.rawValue))
        let written = Set(byParty.entries.map(\.key.text))
        for entry in byParty.entries where partyIDs.contains(entry.key.text) {
            state.locations.record("preferences/\(entry.key.text)", entry.value.location)
            if let preferences = decodePreferences(entry.key.text, entry.value, issues, &context, &state) {
                result[Party.ID(entry.key.text)] = preferences
            }
        }
        for party in parties where !written.contains(party.id.rawValue) {
            context.error("party '\(party.id)' has no preferences", at: party.location,
                          help: "add '\(party.id):' under 'preferences:' with its reservation and issues")
        }
        return result
    }

    private func decodePreferences(_ partyID: String, _ node: DocumentNode, _ issues: [Issue],
                                   _ context: inout DecodingContext, _ state: inout DecoderState) -> Preferences? {
        guard let fields = context.mapping(node, "the preferences of party '\(partyID)'",
                                           allowed: ["reservation", "issues", "red-lines", "offset", "discount", "unnormalized"]) else { return nil }
        // Imported utility functions keep their own scale: values and weights as written.
        var unnormalized = false
        if let node = fields["unnormalized"], let text = context.text(node, "'unnormalized'") {
            guard let flag = Bool(text.lowercased()) else {
                context.error("'unnormalized' must be true or false, found '\(text)'", at: node.location)
                return nil
            }
            unnormalized = flag
        }
        var reservation = Estimate(0)
        var reservationProvenance = Provenance()
        if let reservationNode = fields["reservation"] {
            if case .mapping = reservationNode.content {
                if let inner = context.mapping(reservationNode, "the reservation value of party '\(partyID)'",
                                               allowed: ["value"] + Self.provenanceKeys),
                   let valueNode = inner.required("value", in: &context) {
                    reservation = context.estimate(valueNode, "the reservation value of party '\(partyID)'", in: unnormalized ? nil : 0...1)
                        ?? reservation
                    reservationProvenance = decodeProvenance(inner, &context, state)
                }
            } else {
                reservation = context.estimate(reservationNode, "the reservation value of party '\(partyID)'", in: unnormalized ? nil : 0...1)
                    ?? reservation
            }
        } else {
            context.warning("party '\(partyID)' has no reservation value; 0 is assumed (any agreement beats none)",
                            at: fields.location, help: "add 'reservation:' with the utility of no agreement (its BATNA)")
        }
        var stances: [Stance?] = issues.map { _ in nil }
        if let issuesNode = fields.required("issues", in: &context, help: "add 'issues:' with the party's weight and values per issue"),
           let byIssue = context.mapping(issuesNode, "the issues of party '\(partyID)'") {
            var weightSources: [(issue: String, weight: Double?, salience: Double?, location: SourceLocation)] = []
            var complete = true
            for entry in byIssue.entries {
                // A stance that cannot be used (an unknown issue, a misspelt option) still counts
                // towards the weight sum when its weight can be read, so that check runs too.
                func keepWeightOnly() {
                    if let (weight, salience) = Self.weightAlone(entry.value) {
                        weightSources.append((entry.key.text, weight, salience, entry.key.location))
                    } else {
                        complete = false
                    }
                }
                guard let index = issues.firstIndex(where: { $0.id.rawValue == entry.key.text }) else {
                    reportUnknownIssue(entry.key.text, issues: issues, at: entry.key.location, &context, state)
                    keepWeightOnly()
                    continue
                }
                guard let stance = decodeStance(partyID, issues[index], entry.value, unnormalized: unnormalized, &context, state) else {
                    keepWeightOnly()
                    continue
                }
                stances[index] = stance
                weightSources.append((entry.key.text, stance.salience == nil ? stance.weight.value : nil,
                                      stance.salience?.value, entry.key.location))
            }
            // Weights are checked only when every stance could be read: a sum over some of them misleads.
            if complete && !unnormalized { normaliseWeights(partyID, &stances, weightSources, issuesNode.location, &context) }
        }
        var redLines: [RedLine] = []
        if let node = fields["red-lines"] {
            redLines = decodeRedLines(partyID, node, issues, &context, &state)
        }
        let offset = fields["offset"].flatMap { context.number($0, "the utility offset of party '\(partyID)'") } ?? 0
        let discount = fields["discount"].flatMap { context.number($0, "the discount factor of party '\(partyID)'") }
        return Preferences(reservation: reservation, reservationProvenance: reservationProvenance,
                           stances: stances, redLines: redLines, offset: offset, discount: discount)
    }

    /// The weight or salience of a stance read on its own (problems elsewhere in the stance are
    /// reported by its full reading); `nil` when neither can be read.
    static func weightAlone(_ node: DocumentNode) -> (weight: Double?, salience: Double?)? {
        var scratch = DecodingContext()
        guard let fields = scratch.mapping(node, "a stance") else { return nil }
        switch (fields["weight"], fields["salience"]) {
        case (let w?, nil): return scratch.estimate(w, "the weight").map { ($0.value, nil) }
        case (nil, let s?): return scratch.estimate(s, "the salience").map { (nil, $0.value) }
        default: return nil
        }
    }

    /// Checks that weights sum to 1, or turns saliences into weights.
    private func normaliseWeights(_ partyID: String, _ stances: inout [Stance?],
                                  _ given: [(issue: String, weight: Double?, salience: Double?, location: SourceLocation)],
                                  _ location: SourceLocation, _ context: inout DecodingContext) {
        guard !given.isEmpty else {
            context.error("party '\(partyID)' states no stance on any issue", at: location,
                          help: "add at least one issue with its weight and values")
            return
        }
        let weighted = given.filter { $0.weight != nil }
        let salient = given.filter { $0.salience != nil }
        if !weighted.isEmpty && !salient.isEmpty {
            context.error("party '\(partyID)' mixes 'weight' (\(weighted.map(\.issue).joined(separator: ", "))) and 'salience' (\(salient.map(\.issue).joined(separator: ", ")))",
                          at: location, help: "use weights (summing to 1) or saliences (0..100) for all issues of a party")
            return
        }
        if salient.isEmpty {
            let sum = weighted.reduce(0) { $0 + $1.weight! }
            if abs(sum - 1) > Self.weightTolerance {
                let listing = weighted.map { "\($0.issue) \($0.weight!.decimalText)" }.joined(separator: ", ")
                context.error("weights of party '\(partyID)' sum to \(sum.formatted(decimals: 4).trimmedZeros); they must sum to 1",
                              at: location, help: "the weights are \(listing); divide each by \(sum.formatted(decimals: 4).trimmedZeros), or use 'salience' to have them normalised")
            }
        } else {
            // Saliences written in stances that failed to read count too, so the check is not misled.
            let written = given.reduce(0.0) { $0 + ($1.salience ?? 0) }
            let total = stances.reduce(0.0) { $0 + ($1?.salience?.value ?? 0) }
            guard written > 0 else {
                context.error("the saliences of party '\(partyID)' are all 0", at: location,
                              help: "give at least one issue a positive salience")
                return
            }
            // The stances read may add up to 0 when the positive saliences are in stances that failed
            // to read (those already have their errors): 0 / 0 would make NaN weights.
            guard total > 0 else { return }
            for index in stances.indices {
                guard let salience = stances[index]?.salience else { continue }
                stances[index]?.weight = salience.map { $0 / total }
            }
        }
    }

    private func decodeStance(_ partyID: String, _ issue: Issue, _ node: DocumentNode, unnormalized: Bool,
                              _ context: inout DecodingContext, _ state: DecoderState) -> Stance? {
        let unit: ClosedRange<Double>? = unnormalized ? nil : 0...1
        let what = "the stance of party '\(partyID)' on issue '\(issue.id)'"
        guard let fields = context.mapping(node, what, allowed: ["weight", "salience", "values", "ideal"] + Self.provenanceKeys)
        else { return nil }
        let provenance = decodeProvenance(fields, &context, state)
        var weight: Estimate?
        var salience: Estimate?
        switch (fields["weight"], fields["salience"]) {
        case (let w?, nil): weight = context.estimate(w, "the weight of issue '\(issue.id)' for party '\(partyID)'", in: unit)
        case (nil, let s?):
            salience = context.estimate(s, "the salience of issue '\(issue.id)' for party '\(partyID)'", in: 0...100)
            weight = salience.map { _ in Estimate(0) }
        case (_?, _?):
            context.error("\(what) gives both 'weight' and 'salience'", at: fields.location, help: "keep one of them")
            return nil
        case (nil, nil):
            context.error("\(what) has no 'weight' or 'salience'", at: fields.location,
                          help: "add 'weight:' (weights of a party sum to 1) or 'salience:' (0..100)")
            return nil
        }
        var values: [Estimate]?
        var ideal: Estimate?
        switch (fields["values"], fields["ideal"]) {
        case (let v?, nil): values = decodeValues(partyID, issue, v, unit: unit, &context)
        case (nil, let i?):
            guard let scale = issue.scale else {
                context.error("\(what) gives an ideal position, but issue '\(issue.id)' is categorical and has no scale",
                              at: i.location, help: "give 'values' for each option, or make the issue ordered")
                return nil
            }
            ideal = context.estimate(i, "the ideal position of party '\(partyID)' on issue '\(issue.id)'", in: scale)
            if let ideal { values = Self.values(fromIdeal: ideal, options: issue.options, scale: scale) }
        case (_?, _?):
            context.error("\(what) gives both 'values' and 'ideal'", at: fields.location, help: "keep one of them")
            return nil
        case (nil, nil):
            context.error("\(what) has no 'values' or 'ideal'", at: fields.location,
                          help: "add 'values:' (0..1 per option) or 'ideal:' (a position on the issue's scale)")
            return nil
        }
        guard let weight, let values else { return nil }
        return Stance(weight: weight, salience: salience, ideal: ideal, values: values, provenance: provenance)
    }

    /// Values derived from an ideal position: `1 - |position - ideal| / span` where `span` is the
    /// width of the issue's scale, clipped at 0. For a range of ideals, each value's range covers
    /// the values at every ideal in the range.
    public static func values(fromIdeal ideal: Estimate, options: [Option], scale: ClosedRange<Double>) -> [Estimate] {
        let span = scale.upperBound - scale.lowerBound
        func value(_ position: Double, _ ideal: Double) -> Double {
            span == 0 ? 1 : max(0, 1 - abs(position - ideal) / span)
        }
        return options.map { option in
            let position = option.position ?? 0
            let atLow = value(position, ideal.low), atHigh = value(position, ideal.high)
            var high = max(atLow, atHigh)
            if (ideal.low...ideal.high).contains(position) { high = 1 }
            return Estimate(low: min(atLow, atHigh), high: high)
        }
    }

    private func decodeValues(_ partyID: String, _ issue: Issue, _ node: DocumentNode, unit: ClosedRange<Double>?,
                              _ context: inout DecodingContext) -> [Estimate]? {
        guard let byOption = context.mapping(node, "the values of party '\(partyID)' on issue '\(issue.id)'") else { return nil }
        var values: [Estimate?] = issue.options.map { _ in nil }
        var points: [(position: Double, value: Estimate)] = []
        var valid = true
        for entry in byOption.entries {
            let what = "the value of option '\(entry.key.text)' of issue '\(issue.id)' for party '\(partyID)'"
            let estimate = context.estimate(entry.value, what, in: unit)
            if issue.kind == .numeric, let position = DecodingContext.parseNumber(entry.key.text) {
                // Numeric issues take values at points, interpolated between them.
                if let estimate { points.append((position, estimate)) } else { valid = false }
                if let scale = issue.scale, !scale.contains(position) {
                    context.warning("the value point \(position.decimalText) lies outside the range of issue '\(issue.id)' (\(scale.lowerBound.decimalText)..\(scale.upperBound.decimalText))",
                                    at: entry.key.location, help: "points outside the range only shape the interpolation at its ends")
                }
            } else if let index = issue.options.firstIndex(where: { $0.id.rawValue == entry.key.text }) {
                values[index] = estimate
                if estimate == nil { valid = false }
            } else {
                reportUnknownOption(entry.key.text, issueID: issue.id.rawValue, options: issue.options,
                                    at: entry.key.location, &context)
                valid = false
            }
        }
        guard valid else { return nil }
        if issue.kind == .numeric, !points.isEmpty {
            // Interpolate between the given points; options given directly keep their value.
            points.sort { $0.position < $1.position }
            for index in issue.options.indices {
                values[index] = Self.interpolate(points, at: issue.options[index].position ?? 0)
            }
        }
        let missing = issue.options.indices.filter { values[$0] == nil }.map { issue.options[$0].id.rawValue }
        guard missing.isEmpty else {
            context.error("party '\(partyID)' gives no value for option\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) of issue '\(issue.id)'",
                          at: node.location, help: "give every option a value between 0 and 1")
            return nil
        }
        return values.map { $0! }
    }

    private static func interpolate(_ points: [(position: Double, value: Estimate)], at x: Double) -> Estimate {
        if x <= points[0].position { return points[0].value }
        for (a, b) in zip(points, points.dropFirst()) where x <= b.position {
            let t = (x - a.position) / (b.position - a.position)
            return Estimate(low: a.value.low + t * (b.value.low - a.value.low),
                            high: a.value.high + t * (b.value.high - a.value.high))
        }
        return points[points.count - 1].value
    }
}

extension String {
    /// `"1.2000"` → `"1.2"`, `"1.0000"` → `"1"`.
    var trimmedZeros: String {
        guard contains(".") else { return self }
        var text = self
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
