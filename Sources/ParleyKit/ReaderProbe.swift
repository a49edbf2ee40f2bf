import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyFormats
import ParleyLLM
import ParleyReport
import ParleySimulation

/// Every reader of untrusted bytes, fed through the entry point the command line uses (validation
/// included): what the fuzzer exercises and what the regression corpus replays. A probe only
/// returns; any input must give a result or diagnostics, never a crash or a hang.
///
/// ```swift
/// ReaderProbe.gmcr.read(Data(contentsOf: url))
/// ```
public enum ReaderProbe: String, CaseIterable, Sendable {
    case parley, conflict, gmcr, ktabCSV = "ktab-csv", ktabXML = "ktab-xml", deu, genius, geniusWeb = "geniusweb", negmas, shard,
         llmDeliberation = "llm-deliberation", agentReply = "agent-reply", sessionRequest = "session-request", llmReply = "llm-reply"

    /// A scratch folder for the formats that come as folders (one a process; probes of folder
    /// formats are not to be run concurrently).
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-probe-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static let geniusProfile = """
        <utility_space><objective index="0" name="root" type="objective"><issue index="1" name="price" type="discrete">\
        <item index="1" value="low" evaluation="1"/><item index="2" value="high" evaluation="0.5"/></issue>\
        <weight index="1" value="1"/></objective><reservation value="0.2"/></utility_space>
        """

    /// Reads `data` as this format.
    public func read(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .parley: _ = try? LoadedScenario.read(text, file: "fuzz.yaml")
        case .conflict: Self.encodes(try? Stability()(text: text, file: "fuzz.yaml"))
        case .gmcr: Self.encodes(try? Stability()(text: text, file: "fuzz.gmcr"))
        case .ktabCSV: Self.encodes(try? ForecastRun()(try ForecastInput.read(text: text, file: "fuzz.csv"), models: [.median, .compromise]))
        case .ktabXML: _ = try? ForecastInput.read(text: text, file: "fuzz.xml")
        case .deu: Self.encodes(try? BacktestRun()(text: text, file: "fuzz.tsv", models: [.median]))
        case .genius: folder(["domain.xml": data, "a.xml": Data(Self.geniusProfile.utf8), "b.xml": Data(Self.geniusProfile.utf8)])
        case .geniusWeb: folder(["domain.json": data, "a.json": data, "b.json": data])
        case .negmas: folder(["domain.yml": data, "a.yml": data, "b.yml": data])
        case .llmDeliberation:
            // The input holds the config, the story and a scores file, separated by lines '===';
            // missing parts are the base game's shape, so each part is reached on its own.
            let parts = text.components(separatedBy: "\n===\n")
            let config = parts.count > 1 ? parts[0] : "A,a,p1,cooperative,m\nB,b,p2,greedy,m\nC,c,player,cooperative,m\n"
            let story = parts.count > 2 ? parts[1] : "Issue A: \"x\"\nA1 \"low\": l\nA2 \"high\": h\n"
            let scores = parts.last ?? ""
            let seats = config.split(separator: "\n").compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) }
            var files: [String: Data] = ["config.txt": Data(config.utf8), "global_instructions.txt": Data(story.utf8), "initial_deal.txt": Data("A1".utf8)]
            for seat in seats.prefix(8) where !seat.contains("/") && !seat.contains("..") && !seat.isEmpty {
                files["scores_files/\(seat).txt"] = Data(scores.utf8)
            }
            folder(files)
        case .agentReply:
            // A line an external agent sends, read as a session reads it (over two fixed issues).
            _ = AgentReplyProbe.read(data, issues: [("price", ["low", "high"]), ("delivery", ["fast", "slow", "none"])])
        case .shard:
            _ = try? MergeShards()([("a.json", data), ("b.json", data)], allowPartial: true)
        case .sessionRequest:
            // A body the workspace's session routes take from the network: a session's setup, and
            // an action and a draft of the party to move, on the founding case.
            guard let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], var session = Self.session else { return }
            _ = try? SessionSetup.read(body, scenario: session.scenario)
            if let party = session.partyToMove {
                _ = session.preview(body["package"] as? [String: Any] ?? body, for: party)
                _ = try? session.act(body, by: party)
                _ = session.view(for: .party(party))
            }
        case .llmReply:
            // A language model's reply, read as a seat reads it (on the founding case's issues).
            guard let seat = Self.llmSeat else { return }
            _ = seat.readReply(text, phase: .discussion, deal: 0)
            _ = seat.readReply(text, phase: .final, deal: nil)
        }
    }

    /// A result must be writable as `--format json` writes it (a NaN, say, is not): a report that
    /// is not stops the probe as a crash would, so the fuzzer keeps the input.
    static func encodes<Report: Encodable>(_ report: Report?) {
        guard let report else { return }
        do { _ = try JSONEncoder().encode(report) } catch { preconditionFailure("the result does not encode as JSON: \(error)") }
    }

    /// A session on the founding case with two people (the first to move is a person).
    static let session: LiveSession? = {
        guard let loaded = try? LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml"),
              let setup = try? SessionSetup.read(["scenario": "f", "version": 1, "seats": ["RU": ["person": true], "UA": ["person": true]]],
                                                 scenario: loaded.scenario) else { return nil }
        return try? LiveSession(id: "fuzz", setup: setup, loaded: loaded)
    }()

    /// A language-model seat for Ukraine on the founding case (no endpoint is ever called).
    static let llmSeat: LLMModeratedSeat? = {
        guard let loaded = try? LoadedScenario.read(try BundledExample.foundingCase(), file: "founding.yaml") else { return nil }
        let model = UtilityModel(loaded.scenario)
        return LLMModeratedSeat(client: ChatClient(ChatEndpoint(baseURL: "http://127.0.0.1:9/v1", model: "fuzz")),
                                publicBrief: PublicBrief(loaded.scenario), own: OwnBrief(loaded.scenario, model: model, party: 1))
    }()

    /// Writes `files` into the scratch folder and reads it as the command line would.
    func folder(_ files: [String: Data]) {
        let folder = Self.folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        for (name, data) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: data)
        }
        _ = try? LoadedScenario.load(folder)
    }
}
