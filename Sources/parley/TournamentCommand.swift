import ArgumentParser
import Foundation
import ParleyKit

struct TournamentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tournament",
        abstract: "Run strategies against each other over scenarios, role assignments and repetitions.",
        discussion: """
            Every assignment of the strategies to each scenario's parties is played (self-play \
            included), each --repetitions times, on all cores. The standings give, per strategy: \
            agreement rate, mean own utility, mean welfare, mean distance of its agreements to the \
            Pareto frontier and to the Nash package, and mean rounds to agreement.

            A large tournament can be split: --shard i/n runs every n-th match, and \
            `parley merge` combines the shards' JSON results. With a batch scheduler's job array:
              parley tournament a.yaml b.yaml --strategies boulware,conceder,tit-for-tat \\
                --shard $SLURM_ARRAY_TASK_ID/8 --format json > shard-$SLURM_ARRAY_TASK_ID.json
              parley merge shard-*.json

            Examples:
              parley tournament --strategies boulware,conceder,tit-for-tat --rounds 100
              parley tournament FOLDER1 FOLDER2 --strategies boulware,random \\
                  --repetitions 5 --format json
              parley tournament --strategies boulware,mine \\
                  --agent mine='python3 examples/agents/boulware_agent.py'

            The moderated multi-party protocol (--protocol moderated): each strategy at a table \
            where it plays every seat (as the LLM-Deliberation benchmark seats one model everywhere), \
            on each scenario, from --repetitions seeds; the standings give the final pass rate, the \
            unanimity rate and the rate at which some deal on the table passed (each with its 95% \
            interval), the share of own deals below the party's reservation value, the Gini of the \
            final scores and the final deal's distance to the frontier of passing deals.
              parley tournament GAME --protocol moderated --strategies boulware,conceder,nash-seeking \\
                  --repetitions 20
            """)

    @ArgumentParser.Option(name: .customLong("protocol"), help: "saop (stacked alternating offers) or moderated.")
    var protocolName: SimulateCommand.ProtocolName = .saop

    @ArgumentParser.Option(name: .long, help: "The moderated protocol's discussion turns (default 4 × the number of parties).")
    var turns: Int?

    @Flag(name: .long, help: "In the moderated protocol, a mediator seat opens and makes the final proposal.")
    var mediator = false

    @Argument(help: "Scenario files or folders. Omit them for the bundled founding case.")
    var files: [String] = []

    @ArgumentParser.Option(name: .long, help: ArgumentHelp("Strategies, comma-separated: built-in ones (\(Strategy.allValueStrings.joined(separator: ", "))) or names given with --agent."))
    var strategies: String = "boulware,conceder,tit-for-tat"

    @ArgumentParser.Option(name: .long, help: "The deadline in rounds.")
    var rounds: Int = 100

    @ArgumentParser.Option(name: .long, help: "Repetitions of each match (they differ only for random strategies).")
    var repetitions: Int = 1

    @ArgumentParser.Option(name: .long, help: "Seed of the random strategies.")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "Run one slice of the matches: i/n (1 ≤ i ≤ n).")
    var shard: String = "1/1"

    @ArgumentParser.Option(name: .long, help: "How to read imported utility functions (folders in other formats): genius, raw or normalized.")
    var normalization: UtilityNormalization = .genius

    @ArgumentParser.Option(name: .customLong("agent"), help: ArgumentHelp(
        "An external strategy: NAME=COMMAND, a program speaking the parley.agent/1 JSON-lines protocol, or NAME=llm:MODEL, a language model at --llm-base-url (repeatable); use NAME in --strategies.",
        valueName: "name=command"))
    var agents: [String] = []

    @ArgumentParser.Option(name: .long, help: "Seconds an external agent has for each answer.")
    var moveTimeLimit: Double = 5

    @OptionGroup var llm: LanguageModelOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        for agent in agents where !agent.contains("=") {
            throw ValidationError("--agent '\(agent)' needs the form NAME=COMMAND, e.g. --agent mine='python3 examples/agents/boulware_agent.py'")
        }
        guard moveTimeLimit > 0 else { throw ValidationError("--move-time-limit must be positive") }
        guard rounds > 0 else { throw ValidationError("--rounds must be positive") }
        guard repetitions > 0 else { throw ValidationError("--repetitions must be positive") }
        guard parsedShard != nil else { throw ValidationError("--shard '\(shard)' must be i/n with 1 ≤ i ≤ n, e.g. --shard 2/8") }
        if protocolName == .moderated {
            guard agents.isEmpty else { throw ValidationError("--agent is for stacked alternating offers; the moderated protocol seats built-in strategies") }
            guard shard == "1/1" else { throw ValidationError("--shard is for stacked alternating offers; a moderated tournament runs whole") }
            guard repetitions <= Simulate.maxSeeds else { throw ValidationError("--repetitions must be at most \(Simulate.maxSeeds)") }
        } else {
            guard turns == nil, !mediator else { throw ValidationError("--turns and --mediator are for the moderated protocol (--protocol moderated)") }
        }
    }

    var parsedShard: (index: Int, count: Int)? {
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        let paths: [String?] = files.isEmpty ? [nil] : files.map { $0 }
        let scenarios = try paths.map { try Output.load($0, normalization: normalization, options: output) }
        let showProgress = isatty(2) != 0 && !output.quiet
        let progress: (@Sendable (Int, Int) -> Void)? = showProgress ? { @Sendable done, total in ProgressBar.show(done, total) } : nil
        if protocolName == .moderated {
            let report: ModeratedTournamentReport
            do {
                report = try Tournament().moderated(scenarios, strategies: strategies.split(separator: ",").map(String.init),
                                                    repetitions: repetitions, seed: seed, turns: turns, mediator: mediator,
                                                    progress: showProgress ? { @Sendable done, total in ProgressBar.show(done, total, unit: "tables") } : nil)
            }
            catch let error as UsageError { throw Output.usage(error) }
            catch let error as DiagnosticError { throw Output.fail(error, file: nil, options: output) }
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            return try Output.emit(output, json: report, text: report.text())
        }
        let report: TournamentReport
        do {
            report = try Tournament()(scenarios, strategies: strategies.split(separator: ",").map(String.init), rounds: rounds,
                                      repetitions: repetitions, seed: seed, shard: parsedShard!,
                                      agents: Dictionary(agents.map { agent in
                                          let parts = agent.split(separator: "=", maxSplits: 1).map(String.init)
                                          return (parts[0], parts[1])
                                      }, uniquingKeysWith: { _, last in last }),
                                      moveTimeLimit: moveTimeLimit, llm: llm.settings, progress: progress)
        }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: nil, options: output) }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try Output.emit(output, json: report, text: report.text())
    }
}

/// A one-line progress bar on stderr.
enum ProgressBar {
    static func show(_ done: Int, _ total: Int, unit: String = "matches") {
        guard total > 0 else { return }
        let width = 30, filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(unit)".utf8))
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the JSON results of tournament shards (parley tournament --shard i/n --format json).",
        discussion: """
            Prints the combined rankings. An empty, truncated or foreign file is an error naming the file \
            and where it ends; missing shards are an error (exit 1) unless --allow-partial is given.

            Example:
              parley tournament A B --shard 1/2 --format json > s1.json
              parley tournament A B --shard 2/2 --format json > s2.json
              parley merge s1.json s2.json
            """)

    @Argument(help: "Shard results (JSON files).")
    var files: [String]

    @Flag(name: .long, help: "Rank on the shards there are when some are missing (a warning instead of an error).")
    var allowPartial = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        var contents: [(path: String, data: Data)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Output.usage(UsageError("\(file): no such file (or it cannot be read)"))
            }
            contents.append((file, data))
        }
        let merged: MergeShards.Merged
        do { merged = try MergeShards()(contents, allowPartial: allowPartial) }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: nil, options: output) }
        if !output.quiet, !merged.warnings.isEmpty { Output.standardError(Output.diagnostics(DiagnosticError(merged.warnings))) }
        try Output.emit(output, json: merged.report, text: merged.report.text())
    }
}
