import Foundation
import ParleyCore
import ParleyFormats
import Testing
@testable import ParleyAnalysis

/// Parley against NegMAS 0.16.0 on the ANAC/GENIUS domains in ../shared/data/negmas: every answer
/// of every variant, within 1e-9 (see the data's `definitions` for what each answer means).
@Suite struct NegMASAgreementTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data/negmas").standardizedFileURL

    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var folder: String
        var variant: UtilityNormalization
        var testDescription: String { "\(id) (\(variant.rawValue))" }
    }

    /// Every scenario with answers (GENIUS XML, GeniusWeb JSON, NegMAS YAML), and every variant answered.
    static let cases: [Case] = {
        let expected = data.appendingPathComponent("expected")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expected.path)) ?? []
        return names.sorted().flatMap { name -> [Case] in
            guard let json = try? loadJSON(expected.appendingPathComponent(name)),
                  json["files"] is [String],
                  let folder = json["folder"] as? String, let variants = json["variants"] as? [String: Any] else { return [] }
            return UtilityNormalization.allCases.filter { variants[$0.rawValue] != nil }
                .map { Case(id: String(name.dropLast(5)), folder: folder, variant: $0) }
        }
    }()

    static func loadJSON(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    @Test func theReferenceDataIsThere() {
        #expect(Self.cases.count >= 110, "expected the NegMAS answers in \(Self.data.path)")
    }

    @Test(arguments: cases)
    func reproducesNegMAS(_ testCase: Case) throws {
        let json = try Self.loadJSON(Self.data.appendingPathComponent("expected/\(testCase.id).json"))
        let answer = try #require((json["variants"] as? [String: Any])?[testCase.variant.rawValue] as? [String: Any])
        let path = Self.data.appendingPathComponent(testCase.folder).path
        let decoded = try ScenarioFormat.detect(path).read(folder: path, normalization: testCase.variant)
        let scenario = decoded.scenario
        let model = UtilityModel(scenario)
        let space = try AgreementSpace.map(model, options: AgreementSpaceOptions(reservationTolerance: 0))
        let stats = NegMASStatistics(space: space, model: model)
        let issueNames = (json["issues"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }

        #expect(space.packageCount == json["n_outcomes"] as? Int)
        let ranges = try #require(answer["utility_ranges"] as? [[Double]])
        for (p, range) in ranges.enumerated() {
            #expect(close(stats.utilityRanges[p].lowerBound, range[0]) && close(stats.utilityRanges[p].upperBound, range[1]),
                    "range of party \(p): \(stats.utilityRanges[p]) vs \(range)")
        }
        let disagreement = try #require(answer["disagreement_point"] as? [Double])
        #expect(zip(stats.disagreement, disagreement).allSatisfy { close($0, $1) }, "\(stats.disagreement) vs \(disagreement)")
        #expect(close(stats.rationalFraction, answer["rational_fraction"] as? Double ?? -1),
                "rational fraction \(stats.rationalFraction)")
        if let opposition = answer["opposition"] as? Double {
            #expect(close(stats.opposition ?? .nan, opposition), "opposition \(String(describing: stats.opposition)) vs \(opposition)")
        }

        // The frontier: every package on it, ties included.
        func outcomeKey(_ index: Int) -> String {
            let package = model.space.package(at: index)
            return zip(scenario.issues, package.options).map { $0.options[$1!].id.rawValue }.joined(separator: "|")
        }
        func expectedKey(_ entry: [String: Any]) -> String {
            let outcome = entry["outcome"] as? [Any] ?? []
            return zip(issueNames, outcome).filter { $0.0 != "DUMMY_ISSUE" }.map { "\($0.1)" }.joined(separator: "|")
        }
        let ours = Set(stats.frontier.flatMap(\.ties).map(outcomeKey))
        let extra = answer["pareto_extra_in_negmas"] as? [[String: Any]] ?? []
        if !extra.isEmpty, let tolerant = answer["pareto_tolerant"] as? [[String: Any]] {
            #expect(ours == Set(tolerant.map(expectedKey)), "frontier differs from the 1e-9-tolerant frontier")
        } else {
            // NegMAS's ties are exact; ours include packages within 1e-9 of a frontier point.
            let ties = try #require(answer["pareto_all_ties"] as? [[String: Any]])
            let theirs = Set(ties.map(expectedKey))
            let vectors = ties.compactMap { $0["utils"] as? [Double] }
            #expect(theirs.isSubset(of: ours), "NegMAS frontier packages missing: \(theirs.subtracting(ours).sorted().prefix(5))")
            for point in stats.frontier {
                for tie in point.ties where !theirs.contains(outcomeKey(tie)) {
                    #expect(vectors.contains { zip($0, point.representative.utilities).allSatisfy { close($0, $1) } },
                            "package \(outcomeKey(tie)) is on our frontier but not within 1e-9 of NegMAS's")
                }
            }
            #expect(stats.frontier.count == answer["n_pareto"] as? Int, "distinct frontier points")
        }

        // Every solution, compared as sets of utility vectors; NegMAS's extra frontier points
        // (dominated by one unit in the last place) may appear among its ties but not in ours.
        let extraVectors = extra.compactMap { $0["utils"] as? [Double] }
        let solutions: [(String, [NegMASStatistics.Point])] = [
            ("nash", stats.nash), ("ks", stats.kalaiSmorodinsky), ("modified_ks", stats.modifiedKalaiSmorodinsky),
            ("kalai", stats.kalai), ("modified_kalai", stats.modifiedKalai), ("max_welfare", stats.maxWelfare),
            ("max_relative_welfare", stats.maxRelativeWelfare)]
        for (key, points) in solutions {
            let expected = (answer[key] as? [[String: Any]] ?? []).compactMap { $0["utils"] as? [Double] }
                .filter { vector in !extraVectors.contains { zip($0, vector).allSatisfy { close($0, $1) } } }
            let actual = points.map(\.representative.utilities)
            let matches = expected.allSatisfy { e in actual.contains { zip($0, e).allSatisfy { close($0, $1) } } }
                && actual.allSatisfy { a in expected.contains { zip($0, a).allSatisfy { close($0, $1) } } }
            #expect(matches, "\(key): ours \(actual), NegMAS \(expected)")
        }
    }
}

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 }
