extension NegMASReport {
    /// The report as JSON text: the same bytes as ``JSONRendering/text(_:)`` gives for it, written
    /// by ``JSONTextWriter`` (a frontier of hundreds of packages is most of a whole run's output).
    public func jsonText() throws -> String {
        var writer = JSONTextWriter()
        try writer.object([
            ("contract", { $0.string(contract) }),
            ("scenario", { try $0.summary(scenario) }),
            ("normalization", { $0.string(normalization) }),
            ("agreementSpace", { try $0.space(agreementSpace) }),
        ])
        return writer.text
    }
}

extension JSONTextWriter {
    fileprivate mutating func summary(_ summary: ScenarioSummary) throws {
        try object([
            ("id", { $0.string(summary.id) }),
            ("title", { $0.string(summary.title) }),
            summary.file.map { file in ("file", { $0.string(file) }) },
            ("parties", { try $0.array(summary.parties) { writer, party in
                try writer.object([("id", { $0.string(party.id) }), ("name", { $0.string(party.name) }),
                                   ("reservation", { try $0.number(party.reservation) })])
            } }),
            ("issues", { try $0.array(summary.issues) { writer, issue in
                try writer.object([
                    ("id", { $0.string(issue.id) }), ("name", { $0.string(issue.name) }),
                    ("options", { try $0.array(issue.options) { writer, option in
                        try writer.object([("id", { $0.string(option.id) }), ("name", { $0.string(option.name) })])
                    } }),
                    issue.statusQuo.map { statusQuo in ("statusQuo", { $0.string(statusQuo) }) },
                ])
            } }),
        ])
    }

    fileprivate mutating func space(_ space: NegMASReport.Space) throws {
        let solutions = space.solutions
        try object([
            ("packages", { $0.integer(space.packages) }),
            ("zoneSize", { $0.integer(space.zoneSize) }),
            ("rationalFraction", { try $0.number(space.rationalFraction) }),
            space.opposition.map { opposition in ("opposition", { try $0.number(opposition) }) },
            space.sampled.map { sampled in ("sampled", { $0.integer(sampled) }) },
            ("utilityRanges", { try $0.array(space.utilityRanges) { try $0.numbers($1) } }),
            ("disagreementPoint", { try $0.numbers(space.disagreementPoint) }),
            ("frontier", { try $0.entries(space.frontier) }),
            ("solutions", { try $0.object([
                ("nash", { try $0.entries(solutions.nash) }),
                ("kalaiSmorodinsky", { try $0.entries(solutions.kalaiSmorodinsky) }),
                ("modifiedKalaiSmorodinsky", { try $0.entries(solutions.modifiedKalaiSmorodinsky) }),
                ("egalitarian", { try $0.entries(solutions.egalitarian) }),
                ("modifiedKalai", { try $0.entries(solutions.modifiedKalai) }),
                ("utilitarian", { try $0.entries(solutions.utilitarian) }),
                ("maxRelativeWelfare", { try $0.entries(solutions.maxRelativeWelfare) }),
            ]) }),
        ])
    }

    fileprivate mutating func entries(_ entries: [NegMASReport.Entry]) throws {
        try array(entries) { writer, entry in
            try writer.object([
                ("package", { try $0.object(entry.package.map { issue, option in (issue, { $0.string(option) }) }) }),
                ("utilities", { try $0.numbers(entry.utilities) }),
                ("ties", { $0.integer(entry.ties) }),
            ])
        }
    }
}
