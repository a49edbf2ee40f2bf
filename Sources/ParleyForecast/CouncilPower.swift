import Foundation
import ParleyCore

/// The EU Council's voting rules by period, as capabilities of the DEU actors (Arregui, Stokman &
/// Thomson 2004; Thomson 2011, "Resolving Controversy in the European Union", ch. 2): each member
/// state's votes, or its Shapley-Shubik index in the qualified-majority game then in force.
///
/// Periods (by the decision date): the EU-15 weights until 30 April 2004 (87 votes, quota 62); the
/// 2003 Act of Accession's interim weights to 31 October 2004 (124, quota 88); the Nice weights to
/// 31 October 2014 (EU-25 321/232, EU-27 from 2007 345/255, EU-28 from July 2013 352/260; the
/// member-count and population checks are left out, they almost never bind); then the double
/// majority (55 % of members, 65 % of the population; populations of 1 January 2016 in units of
/// 0.1 million; the four-member blocking-minority clause left out).
public enum CouncilPower {
    public enum Regime: String, Hashable, Sendable, CaseIterable {
        case eu15, interim2004, nice25, nice27, nice28, doubleMajority
    }

    /// The member states' two-letter DEU codes.
    public static let states = ["at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu", "ie", "it", "lv",
                                "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk"]
    static let eu15: [String: Int] = ["de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
                                      "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2]
    static let accession2004: [String: Int] = eu15.merging(["pl": 8, "cz": 5, "hu": 5, "ee": 3, "lv": 3, "lt": 3, "si": 3, "sk": 3,
                                                            "cy": 2, "mt": 2]) { a, _ in a }
    static let nice: [String: Int] = ["de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12,
                                      "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7,
                                      "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3]
    /// Population in millions, 1 January 2016 (Eurostat).
    static let population: [String: Double] = ["de": 82.2, "fr": 66.7, "uk": 65.4, "it": 60.7, "es": 46.4, "pl": 38.0, "ro": 19.8,
                                               "nl": 17.0, "be": 11.3, "el": 10.8, "cz": 10.6, "pt": 10.3, "se": 9.9, "hu": 9.8,
                                               "at": 8.7, "bu": 7.2, "dk": 5.7, "fi": 5.5, "sk": 5.4, "ie": 4.7, "cr": 4.2, "lt": 2.9,
                                               "si": 2.1, "lv": 2.0, "ee": 1.3, "cy": 0.85, "lu": 0.58, "mt": 0.43]

    /// The regime in force on a date.
    public static func regime(year: Int, month: Int, day: Int) -> Regime {
        let key = year * 10_000 + month * 100 + day
        if key < 2004_05_01 { return .eu15 }
        if key < 2004_11_01 { return .interim2004 }
        if key < 2007_01_01 { return .nice25 }
        if key < 2013_07_01 { return .nice27 }
        if key < 2014_11_01 { return .nice28 }
        return .doubleMajority
    }

    public static func members(_ regime: Regime) -> [String] {
        switch regime {
        case .eu15: states.filter { eu15[$0] != nil }
        case .interim2004, .nice25: states.filter { accession2004[$0] != nil }
        case .nice27: states.filter { accession2004[$0] != nil || $0 == "bu" || $0 == "ro" }
        case .nice28, .doubleMajority: states
        }
    }

    /// Each member's formal weight: its votes, or under the double majority its population.
    public static func votes(_ regime: Regime) -> [String: Double] {
        let table: [String: Double]
        switch regime {
        case .eu15: table = eu15.mapValues(Double.init)
        case .interim2004: table = accession2004.mapValues(Double.init)
        case .nice25, .nice27, .nice28: table = nice.mapValues(Double.init)
        case .doubleMajority: table = population
        }
        let members = Set(members(regime))
        return table.filter { members.contains($0.key) }
    }

    private static let cache = Locked([Regime: [String: Double]]())

    /// Each member's Shapley-Shubik index in the regime's qualified-majority game (computed once).
    public static func shapleyShubik(_ regime: Regime) -> [String: Double] {
        if let known = cache.withLock({ $0[regime] }) { return known }
        let members = members(regime)
        let index: [Double]
        switch regime {
        case .eu15: index = shapleyShubik(weights: members.map { eu15[$0]! }, quota: 62)
        case .interim2004: index = shapleyShubik(weights: members.map { accession2004[$0]! }, quota: 88)
        case .nice25: index = shapleyShubik(weights: members.map { nice[$0]! }, quota: 232)
        case .nice27: index = shapleyShubik(weights: members.map { nice[$0]! }, quota: 255)
        case .nice28: index = shapleyShubik(weights: members.map { nice[$0]! }, quota: 260)
        case .doubleMajority:
            let weights = members.map { Int((population[$0]! * 10).rounded()) }
            index = shapleyShubik(weights: weights, quota: Int((0.65 * Double(weights.reduce(0, +))).rounded(.up)),
                                  minimumMembers: Int((0.55 * Double(members.count)).rounded(.up)))
        }
        let result = Dictionary(uniqueKeysWithValues: zip(members, index))
        cache.withLock { $0[regime] = result }
        return result
    }

    /// The exact Shapley-Shubik index of the weighted voting game [quota; weights], optionally
    /// also requiring `minimumMembers` members: the share of orderings in which each player turns
    /// a losing coalition into a winning one. Coalitions of the others are counted by size and
    /// weight (dynamic programming), so the cost is players² × total weight.
    public static func shapleyShubik(weights: [Int], quota: Int, minimumMembers: Int = 0) -> [Double] {
        let n = weights.count, total = weights.reduce(0, +)
        // coefficient[k] = k! (n-k-1)! / n!
        var coefficient = [Double](repeating: 0, count: max(1, n))
        for k in 0..<n {
            var value = 1.0 / Double(n)
            // k! (n-1-k)! / (n-1)! = 1 / C(n-1, k)
            var binomial = 1.0
            for m in 0..<k { binomial = binomial * Double(n - 1 - m) / Double(m + 1) }
            value /= binomial
            coefficient[k] = value
        }
        var index = [Double](repeating: 0, count: n)
        let width = total + 1
        for i in 0..<n {
            // ways[k * width + t]: coalitions of the others with k members and weight t.
            var ways = [Double](repeating: 0, count: n * width)
            ways[0] = 1
            var count = 0
            for j in 0..<n where j != i {
                count += 1
                let w = weights[j]
                for k in stride(from: count, through: 1, by: -1) {
                    for t in stride(from: total, through: w, by: -1) { ways[k * width + t] += ways[(k - 1) * width + t - w] }
                }
            }
            var share = 0.0
            for k in 0..<n {
                for t in 0...total where ways[k * width + t] > 0 {
                    let losing = t < quota || k < minimumMembers
                    let winning = t + weights[i] >= quota && k + 1 >= minimumMembers
                    if losing && winning { share += coefficient[k] * ways[k * width + t] }
                }
            }
            index[i] = share
        }
        return index
    }
}
