import ParleyCore

/// Every complete package of a scenario, numbered by a mixed-radix index: the last issue's option
/// varies fastest, as digits of a number whose bases are the issues' option counts.
///
/// No package is materialised; ``digits(of:into:)`` and ``index(of:)`` convert between an index
/// and the option choices in O(issues).
public struct OutcomeSpace: Hashable, Sendable {
    /// The number of options of each issue.
    public let radices: [Int]
    /// The number of packages; `nil` when the product overflows `Int`.
    public let count: Int?

    public init(radices: [Int]) {
        self.radices = radices
        var count: Int? = 1
        for radix in radices {
            guard let current = count else { break }
            let (product, overflow) = current.multipliedReportingOverflow(by: radix)
            count = overflow ? nil : product
        }
        self.count = count
    }

    public init(_ scenario: Scenario) {
        self.init(radices: scenario.issues.map(\.options.count))
    }

    /// The number of packages as a double (exact up to 2^53, approximate beyond, never overflowing).
    public var approximateCount: Double { radices.reduce(1.0) { $0 * Double($1) } }

    /// Writes the option indices of package `index` into `digits` (which must have one slot per issue).
    /// - Complexity: O(issues).
    @inlinable
    public func digits(of index: Int, into digits: inout [Int]) {
        var rest = index
        for issue in stride(from: radices.count - 1, through: 0, by: -1) {
            digits[issue] = rest % radices[issue]
            rest /= radices[issue]
        }
    }

    /// The option indices of package `index`.
    public func package(at index: Int) -> Package {
        var digits = [Int](repeating: 0, count: radices.count)
        self.digits(of: index, into: &digits)
        return Package(complete: digits)
    }

    /// The index of a complete package.
    /// - Precondition: every issue is addressed with a valid option index.
    public func index(of package: Package) -> Int {
        var index = 0
        for (issue, option) in package.options.enumerated() {
            guard let option else { preconditionFailure("index(of:) needs a complete package") }
            index = index * radices[issue] + option
        }
        return index
    }
}
