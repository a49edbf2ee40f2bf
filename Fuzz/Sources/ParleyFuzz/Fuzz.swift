import Foundation
import ParleyCore
import ParleyFormats
import ParleyKit

/// The reader fed by libFuzzer, chosen by the environment variable `PARLEY_FUZZ_TARGET` (one target
/// a process; `scripts/fuzz` sets it). Each feeds the bytes through the entry point the command
/// line uses, validation included, and only checks that a result or diagnostics come back.
enum FuzzTarget: String, CaseIterable {
    case parley, conflict, gmcr, ktabCSV = "ktab-csv", ktabXML = "ktab-xml", deu, genius, geniusWeb = "geniusweb", negmas, shard

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["PARLEY_FUZZ_TARGET"] ?? "parley"
        guard let target = FuzzTarget(rawValue: name) else { fatalError("unknown PARLEY_FUZZ_TARGET \(name)") }
        return target
    }()

    /// A scratch folder for the formats that come as folders.
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let geniusProfile = """
        <utility_space><objective index="0" name="root" type="objective"><issue index="1" name="price" type="discrete">\
        <item index="1" value="low" evaluation="1"/><item index="2" value="high" evaluation="0.5"/></issue>\
        <weight index="1" value="1"/></objective><reservation value="0.2"/></utility_space>
        """

    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .parley: _ = try? LoadedScenario.read(text, file: "fuzz.yaml")
        case .conflict: _ = try? Stability()(text: text, file: "fuzz.yaml")
        case .gmcr: _ = try? Stability()(text: text, file: "fuzz.gmcr")
        case .ktabCSV: _ = try? ForecastRun()(try ForecastInput.read(text: text, file: "fuzz.csv"), models: [.median, .compromise])
        case .ktabXML: _ = try? ForecastInput.read(text: text, file: "fuzz.xml")
        case .deu: _ = try? BacktestRun()(text: text, file: "fuzz.tsv", models: [.median])
        case .genius: folder(["domain.xml": data, "a.xml": Data(Self.geniusProfile.utf8), "b.xml": Data(Self.geniusProfile.utf8)])
        case .geniusWeb: folder(["domain.json": data, "a.json": data, "b.json": data])
        case .negmas: folder(["domain.yml": data, "a.yml": data, "b.yml": data])
        case .shard:
            if let report = try? JSONDecoder().decode(TournamentReport.self, from: data) { _ = try? TournamentReport.merge([report, report]) }
        }
    }

    /// Writes `files` into the scratch folder and reads it as the command line would.
    func folder(_ files: [String: Data]) {
        let folder = Self.folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        for (name, data) in files { FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent(name), contents: data) }
        _ = try? LoadedScenario.load(folder)
    }
}

/// One input: libFuzzer's callback.
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzTarget.current.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

/// libFuzzer's driver (in its runtime, linked by `-sanitize=fuzzer`): the executable's own entry
/// point hands it the arguments and the callback.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The callback libFuzzer's runtime expects by name (its own driver refers to it).
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }
