import ArgumentParser
import ParleyKit

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a negotiation between automated negotiators (stacked alternating offers, or the moderated multi-party protocol).",
        discussion: """
            Each party gets a strategy (\(Strategy.allCases.map { $0.rawValue }.joined(separator: ", "))), in party order; a shorter \
            list is repeated. Negotiators know only their own preferences and red lines.

            Examples:
              parley simulate --strategies boulware --rounds 100
              parley simulate --strategies boulware \\
                  --leverage weapons-surge,aid-restriction
              parley simulate --agent UA='python3 examples/agents/boulware_agent.py'
              parley simulate GAME --protocol moderated --seed 3

            The moderated protocol (LLM-Deliberation, Abdelnabi et al. 2024): the proposer opens with a \
            deal, the parties speak in seeded cycles for --turns turns (default 4 × parties), each putting \
            its concession schedule's package on the table, and the proposer's final proposal is scored \
            against the scenario's agreement rule.
            """)

    enum ProtocolName: String, ExpressibleByArgument, CaseIterable { case saop, moderated }

    @ArgumentParser.Option(name: .customLong("protocol"), help: "saop (stacked alternating offers) or moderated.")
    var protocolName: ProtocolName = .saop

    @ArgumentParser.Option(name: .long, help: "The moderated protocol's discussion turns (default 4 × the number of parties).")
    var turns: Int?

    @ArgumentParser.Option(name: .long, help: "The moderated protocol: play the game from this many seeds (--seed, --seed + 1, ...) and report the metrics over them, rates with their 95% interval.")
    var seeds: Int = 1

    @ArgumentParser.Option(name: .long, help: "The moderated protocol's proposer (default: the party with role p1, else the first).")
    var proposer: String?

    @OptionGroup var llm: LanguageModelOptions

    @Flag(name: .long, help: "In the moderated protocol, a mediator seat (a rule-aware baseline that reads the parties' offers only) opens and makes the final proposal.")
    var mediator = false

    @Argument(help: "A Parley scenario (YAML or JSON) or a GENIUS, GeniusWeb or NegMAS folder. Omit it for the bundled founding case.")
    var file: String?

    @ArgumentParser.Option(name: .long, help: "Strategies, comma-separated, one per party in order (default: boulware).", transform: Self.strategyList)
    var strategies: [Strategy] = [.boulware]

    /// `a,b,c` as strategies of the catalogue.
    static func strategyList(_ text: String) throws -> [Strategy] {
        try text.split(separator: ",").map { name in
            guard let strategy = Strategy(argument: String(name)) else {
                throw ValidationError("unknown strategy '\(name)'; the strategies: \(Strategy.allValueStrings.joined(separator: ", "))")
            }
            return strategy
        }
    }

    @ArgumentParser.Option(name: .long, help: "The deadline in rounds (default 100, or none with --time-limit).")
    var rounds: Int?

    @ArgumentParser.Option(name: .long, help: "A wall-clock deadline in seconds (with --rounds, whichever comes first).")
    var timeLimit: Double?

    @Flag(name: .long, help: "Discount payoffs by the parties' discount factors (imported GENIUS profiles): utility × factor^time.")
    var discount = false

    @ArgumentParser.Option(name: .long, help: "Leverage moves of the scenario to apply first, comma-separated.")
    var leverage: String = ""

    @ArgumentParser.Option(name: .long, help: "How to read imported utility functions (folders in other formats): genius, raw or normalized.")
    var normalization: UtilityNormalization = .genius

    @ArgumentParser.Option(name: .customLong("agent"), help: ArgumentHelp(
        "A program that plays a party over the parley.agent/1 JSON-lines protocol: PARTY=COMMAND (repeatable).",
        valueName: "party=command"))
    var agents: [String] = []

    @ArgumentParser.Option(name: .long, help: "Seed of the random strategies (party p draws from seed + p).")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "Seconds an external agent has for each answer.")
    var moveTimeLimit: Double = 5

    @Flag(name: .long, help: "Print how long reading and simulating took, and the number of steps, on stderr.")
    var timings = false

    @ArgumentParser.Option(name: .customLong("repeat"), help: "Run the same negotiation (set-up and run, without the report) this many times more in the process and add their median time to --timings (for benchmarks: the warm, in-process cost).")
    var repetitions: Int = 0

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (rounds ?? 1) > 0 else { throw ValidationError("--rounds must be positive") }
        guard (timeLimit ?? 1) > 0 else { throw ValidationError("--time-limit must be positive") }
        guard moveTimeLimit > 0 else { throw ValidationError("--move-time-limit must be positive") }
        guard repetitions >= 0, repetitions <= 1_000_000 else { throw ValidationError("--repeat must be between 0 and 1000000") }
        guard (1...Simulate.maxSeeds).contains(seeds) else { throw ValidationError("--seeds must be from 1 to \(Simulate.maxSeeds)") }
        guard seeds == 1 || protocolName == .moderated else {
            throw ValidationError("--seeds is for the moderated protocol (--protocol moderated); for stacked alternating offers, run a tournament")
        }
        for agent in agents where !agent.contains("=") {
            throw ValidationError("--agent '\(agent)' needs the form PARTY=COMMAND or PARTY=llm:MODEL, e.g. --agent UA='python3 examples/agents/boulware_agent.py'")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let loaded = try Output.load(file, normalization: normalization, options: output)
        if protocolName == .moderated { return try runModerated(loaded) }
        let read = clock.now
        let report: SimulationReport
        let negotiate = {
            try Simulate().negotiate(loaded, strategies: strategies.map(\.name),
                                    rounds: rounds ?? (timeLimit == nil ? 100 : Int.max / 64),
                                    leverage: leverage.split(separator: ",").map(String.init),
                                    agents: Dictionary(agents.map { agent in
                                        let parts = agent.split(separator: "=", maxSplits: 1).map(String.init)
                                        return (parts[0], parts.count > 1 ? parts[1] : "")
                                    }, uniquingKeysWith: { _, last in last }),
                                    moveTimeLimit: moveTimeLimit, seed: seed, timeLimit: timeLimit, discount: discount, llm: languageModel())
        }
        let negotiated: Simulate.Negotiated
        do { negotiated = try negotiate() }
        catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: output) }
        let ranNegotiation = clock.now
        report = Simulate().report(negotiated)
        let simulated = clock.now
        // The negotiation again (set-up and run, without writing the report), warm: what a
        // benchmark against another tool's negotiation loop times.
        var repeated: [Duration] = []
        for _ in 0..<max(0, repetitions) {
            let start = clock.now
            _ = try? negotiate()
            repeated.append(clock.now - start)
        }
        if timings {
            func milliseconds(_ duration: Duration) -> String {
                let (seconds, attoseconds) = duration.components
                return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).formatted(decimals: 3) + " ms"
            }
            var line = "timings: read \(milliseconds(read - started)), simulation \(milliseconds(simulated - read)), steps \(report.trace.count)"
                + " (negotiation \(milliseconds(ranNegotiation - read)), report \(milliseconds(simulated - ranNegotiation)))"
            if !repeated.isEmpty { line += ", repeated \(repeated.count): median \(milliseconds(repeated.sorted()[repeated.count / 2]))" }
            Output.standardError(line)
        }
        if output.format == .json {
            print(try Output.json(report))
        } else {
            Output.printText(report.text(loaded.names))
        }
    }

    /// The language-model seats' endpoint and settings (nil without a base URL).
    func languageModel() -> LanguageModelSettings? { llm.settings }

    func runModerated(_ loaded: LoadedScenario) throws {
        if seeds != 1 {
            return try printModerated(loaded, text: { $0.text(loaded.names) }) {
                try Simulate().moderatedSeeds(loaded, strategies: strategies.map(\.name), turns: turns, seed: seed, count: seeds,
                                              proposer: proposer, mediator: mediator, agents: seatAgents, llm: languageModel())
            }
        }
        try printModerated(loaded, text: { $0.text(loaded.names) }) {
            try Simulate().moderated(loaded, strategies: strategies.map(\.name), turns: turns, seed: seed,
                                     proposer: proposer, mediator: mediator, agents: seatAgents, llm: languageModel())
        }
    }

    /// Runs a moderated use case and prints its report (JSON or text); its errors as the command's.
    func printModerated<Report: Encodable>(_ loaded: LoadedScenario, text: (Report) -> String, _ run: () throws -> Report) throws {
        let report: Report
        do { report = try run() } catch let error as UsageError { throw Output.usage(error) }
        catch let error as DiagnosticError { throw Output.fail(error, file: loaded.file, options: output) }
        if output.format == .json {
            print(try Output.json(report))
        } else {
            Output.printText(text(report))
        }
    }

    /// `--agent PARTY=AGENT` as party → agent (the last one named for a party).
    var seatAgents: [String: String] {
        Dictionary(agents.map { agent in
            let parts = agent.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { _, last in last })
    }
}
