import Foundation
import ParleyKit
import Testing

/// Inputs that once crashed, hung or blew up a reader (found by fuzzing or by hand), replayed:
/// `FuzzRegressions/<probe>/` holds them, one folder per `ReaderProbe`. Each must now give a result
/// or diagnostics.
@Suite(.serialized) struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    @Test(arguments: ReaderProbe.allCases)
    func everyKeptInputIsReadWithoutACrash(probe: ReaderProbe) throws {
        let directory = Self.folder.appendingPathComponent(probe.rawValue)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in files.sorted() {
            probe.read(try Data(contentsOf: directory.appendingPathComponent(file)))
        }
    }

    @Test func theCorpusHasInputs() throws {
        let probes = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        #expect(probes.allSatisfy { ReaderProbe(rawValue: $0) != nil }, "\(probes)")
        #expect(probes.contains("parley") && probes.contains("genius"))
    }
}
