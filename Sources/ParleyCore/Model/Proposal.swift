/// A package someone has put on the table, or an analyst wants to test.
public struct Proposal: Hashable, Sendable, Codable, Identifiable {
    public struct ID: Identifier { public let rawValue: String; public init(rawValue: String) { self.rawValue = rawValue } }

    public var id: ID
    public var name: String
    public var proposer: Party.ID?
    public var date: String?
    public var provenance: Provenance
    public var package: Package

    public init(id: ID, name: String, proposer: Party.ID? = nil, date: String? = nil,
                provenance: Provenance = .none, package: Package) {
        self.id = id
        self.name = name
        self.proposer = proposer
        self.date = date
        self.provenance = provenance
        self.package = package
    }
}

/// A choice of option for some or all issues, by index: `options[i]` is the index of the chosen
/// option of issue `i`, or `nil` where the issue is not addressed.
///
/// Indices refer to one scenario's ``Scenario/issues`` and their options.
public struct Package: Hashable, Sendable, Codable {
    public var options: [Int?]

    public init(options: [Int?]) { self.options = options }

    /// A complete package (every issue addressed).
    public init(complete options: [Int]) { self.options = options.map { $0 } }

    /// Whether every issue is addressed.
    public var isComplete: Bool { options.allSatisfy { $0 != nil } }
}
