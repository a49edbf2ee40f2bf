extension ScenarioDecoder {
    /// The most options a numeric issue may generate from its range and step.
    static let maxNumericOptions = 10_001

    func decodeIssues(_ node: DocumentNode, _ context: inout DecodingContext,
                      _ state: inout DecoderState) -> [Issue] {
        guard let items = context.sequence(node, "'issues'") else { return [] }
        if items.isEmpty {
            context.error("the scenario has no issues", at: node.location, help: "list at least one issue under 'issues:'")
        }
        var issues: [Issue] = []
        var seen = FirstSeen(kind: "issue")
        for item in items {
            guard var fields = context.mapping(item, "an issue",
                                               allowed: ["id", "name", "kind", "options", "range", "values", "unit", "status-quo", "description"]),
                  let idNode = fields.required("id", in: &context),
                  let id = context.identifier(idNode, "an issue id", declares: true) else { continue }
            state.declaredIssues.insert(id)
            fields.what = "issue '\(id)'"
            let isNew = seen.check(id, at: idNode.location, &context)
            guard let issue = decodeIssue(id, fields, &context), isNew else { continue }
            state.locations.record("issues/\(id)", item.location)
            issues.append(issue)
        }
        return issues
    }

    private func decodeIssue(_ id: String, _ fields: MappingReader, _ context: inout DecodingContext) -> Issue? {
        let name = fields["name"].flatMap { context.text($0, "the issue's name") } ?? id
        var kind: Issue.Kind = fields["range"] == nil && fields["values"] == nil ? .categorical : .numeric
        if let node = fields["kind"], let text = context.text(node, "the kind of issue '\(id)'") {
            guard let parsed = Issue.Kind(rawValue: text) else {
                context.error("issue '\(id)' has kind '\(text)'; the kinds are categorical, ordered, numeric",
                              at: node.location, help: "write 'kind: categorical', 'ordered' or 'numeric'")
                return nil
            }
            kind = parsed
        }
        let options: [Option]
        switch kind {
        case .numeric:
            if fields["options"] != nil {
                context.error("numeric issue '\(id)' lists options; a numeric issue takes 'range: {min, max, step}'",
                              at: fields.entry("options")!.key.location,
                              help: "use 'kind: ordered' for named options on a scale, or replace 'options' with 'range'")
                return nil
            }
            if let valuesNode = fields["values"] {
                if let range = fields.entry("range") {
                    context.error("numeric issue '\(id)' gives both 'range' and 'values'", at: range.key.location,
                                  help: "keep one: a range with a step, or the list of values")
                    return nil
                }
                guard let listed = listedNumericOptions(id, valuesNode, &context) else { return nil }
                options = listed
            } else {
                guard let rangeNode = fields.required("range", in: &context, help: "add 'range: {min: 0, max: 100, step: 10}' or 'values: [...]'"),
                      let generated = numericOptions(id, rangeNode, &context) else { return nil }
                options = generated
            }
        case .categorical, .ordered:
            if let rangeNode = fields.entry("range") {
                context.error("issue '\(id)' is \(kind.rawValue) but has a 'range'", at: rangeNode.key.location,
                              help: "write 'kind: numeric' for a numeric range, or remove 'range'")
                return nil
            }
            guard let optionsNode = fields.required("options", in: &context, help: "list the options under 'options:'"),
                  let listed = listedOptions(id, kind, optionsNode, &context) else { return nil }
            options = listed
        }
        var statusQuo: Int?
        if let node = fields["status-quo"], let text = context.text(node, "the status quo of issue '\(id)'") {
            statusQuo = optionIndex(text, of: options, kind: kind)
            if statusQuo == nil {
                reportUnknownOption(text, issueID: id, options: options, at: node.location, &context)
                return nil
            }
        }
        return Issue(id: Issue.ID(id), name: name, kind: kind, options: options, statusQuo: statusQuo,
                     unit: fields["unit"].flatMap { context.text($0, "the unit") },
                     description: fields["description"].flatMap { context.text($0, "the description") })
    }

    private func listedOptions(_ issueID: String, _ kind: Issue.Kind, _ node: DocumentNode,
                               _ context: inout DecodingContext) -> [Option]? {
        guard let items = context.sequence(node, "the options of issue '\(issueID)'") else { return nil }
        guard !items.isEmpty else {
            context.error("issue '\(issueID)' has no options", at: node.location,
                          help: "list the options, each with an 'id' (or as bare ids: [a, b])")
            return nil
        }
        var options: [Option] = []
        var seen = FirstSeen(kind: "option")
        var valid = true
        var positionLocations: [SourceLocation] = []
        for item in items {
            // An option may be written as just its id.
            if case .scalar = item.content, let id = context.identifier(item, "an option id", declares: true) {
                if seen.check(id, at: item.location, &context) { options.append(Option(id: Option.ID(id), name: id)) }
                else { valid = false }
                continue
            }
            guard let fields = context.mapping(item, "an option", allowed: ["id", "name", "position"]),
                  let idNode = fields.required("id", in: &context),
                  let id = context.identifier(idNode, "an option id", declares: true) else { valid = false; continue }
            var position: Double?
            if let node = fields["position"] {
                if kind == .categorical {
                    context.error("option '\(id)' has a position, but issue '\(issueID)' is categorical", at: node.location,
                                  help: "add 'kind: ordered' to the issue to place its options on a scale")
                    valid = false
                } else if let value = context.number(node, "the position of option '\(id)'") {
                    if (0...100).contains(value) {
                        position = value
                        positionLocations.append(node.location)
                    } else {
                        context.error("option '\(id)' has position \(value.decimalText), outside the scale 0..100",
                                      at: node.location, help: "positions of ordered options lie between 0 and 100")
                        valid = false
                    }
                } else { valid = false }
            }
            let name = fields["name"].flatMap { context.text($0, "the option's name") } ?? id
            if seen.check(id, at: idNode.location, &context) {
                options.append(Option(id: Option.ID(id), name: name, position: position))
            } else { valid = false }
        }
        guard valid else { return nil }
        if kind == .ordered {
            let given = options.filter { $0.position != nil }.count
            if given == 0 {
                // Evenly spaced from 0 to 100 in the order written.
                let steps = Double(max(1, options.count - 1))
                for index in options.indices { options[index].position = Double(index) / steps * 100 }
            } else if given < options.count {
                let missing = options.filter { $0.position == nil }.map(\.id.rawValue)
                context.error("issue '\(issueID)' gives positions to some options but not to \(missing.joined(separator: ", "))",
                              at: node.location, help: "give every option a position, or none (they are then spaced evenly)")
                return nil
            }
        }
        return options
    }

    /// A numeric issue's values listed one by one (`values: [100, 110, 120, 200]`).
    private func listedNumericOptions(_ issueID: String, _ node: DocumentNode, _ context: inout DecodingContext) -> [Option]? {
        guard let items = context.sequence(node, "the values of issue '\(issueID)'") else { return nil }
        guard !items.isEmpty else {
            context.error("numeric issue '\(issueID)' lists no values", at: node.location, help: "list at least one number")
            return nil
        }
        var options: [Option] = []
        var seen = FirstSeen(kind: "value")
        for item in items {
            guard let value = context.number(item, "a value of issue '\(issueID)'") else { return nil }
            guard seen.check(value.decimalText, at: item.location, &context) else { return nil }
            options.append(Option(id: Option.ID(value.decimalText), name: value.decimalText, position: value))
        }
        return options
    }

    private func numericOptions(_ issueID: String, _ node: DocumentNode, _ context: inout DecodingContext) -> [Option]? {
        guard let fields = context.mapping(node, "the range of issue '\(issueID)'", allowed: ["min", "max", "step"]),
              let minNode = fields.required("min", in: &context), let maxNode = fields.required("max", in: &context),
              let stepNode = fields.required("step", in: &context),
              let low = context.number(minNode, "the range's min"), let high = context.number(maxNode, "the range's max"),
              let step = context.number(stepNode, "the range's step") else { return nil }
        guard low <= high else {
            context.error("the range of issue '\(issueID)' has min \(low.decimalText) above max \(high.decimalText)",
                          at: node.location, help: "swap min and max")
            return nil
        }
        guard step > 0 else {
            context.error("the range of issue '\(issueID)' has step \(step.decimalText); the step must be positive",
                          at: stepNode.location, help: "use a positive step, e.g. 'step: 10'")
            return nil
        }
        let exactCount = ((high - low) / step + 1e-9).rounded(.down) + 1
        guard exactCount.isFinite, exactCount <= Double(Self.maxNumericOptions) else {
            let shown = exactCount < 1e15 ? Int(exactCount).description : exactCount.description
            context.error("the range of issue '\(issueID)' makes \(shown) options; at most \(Self.maxNumericOptions) are allowed",
                          at: stepNode.location, help: "use a coarser step")
            return nil
        }
        let count = Int(exactCount)
        return (0..<count).map { index in
            let value = low + Double(index) * step
            let rounded = (value * 1e9).rounded() / 1e9
            return Option(id: Option.ID(rounded.decimalText), name: rounded.decimalText, position: rounded)
        }
    }

    /// The index of the option named `text`: by id, or for numeric issues by value.
    func optionIndex(_ text: String, of options: [Option], kind: Issue.Kind) -> Int? {
        if let index = options.firstIndex(where: { $0.id.rawValue == text }) { return index }
        if kind == .numeric, let value = DecodingContext.parseNumber(text) {
            return options.firstIndex { abs(($0.position ?? .nan) - value) < 1e-9 }
        }
        return nil
    }

    func reportUnknownOption(_ text: String, issueID: String, options: [Option], at location: SourceLocation,
                             _ context: inout DecodingContext) {
        let ids = options.map(\.id.rawValue)
        var hint = DecodingContext.suggestion(for: text, among: ids)
        if let value = DecodingContext.parseNumber(text), options.allSatisfy({ $0.position != nil }) {
            hint = options.min { abs($0.position! - value) < abs($1.position! - value) }?.id.rawValue
        }
        let listing = ids.count <= 12 ? ids.joined(separator: ", ") : ids.prefix(12).joined(separator: ", ") + ", ..."
        context.error("issue '\(issueID)' has no option '\(text)'", at: location,
                      help: (hint.map { "did you mean '\($0)'? " } ?? "") + "its options are: \(listing)")
    }

    /// Reports a reference to an issue that does not exist; silent when the issue is declared but was
    /// rejected for another error already reported.
    func reportUnknownIssue(_ text: String, issues: [Issue], at location: SourceLocation, _ context: inout DecodingContext,
                            _ state: DecoderState) {
        if state.declaredIssues.contains(text) { return }
        let ids = issues.map(\.id.rawValue)
        let hint = DecodingContext.suggestion(for: text, among: ids)
        context.error("unknown issue '\(text)'", at: location,
                      help: (hint.map { "did you mean '\($0)'? " } ?? "") + "the issues are: \(ids.joined(separator: ", "))")
    }
}
