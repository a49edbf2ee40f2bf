import ArgumentParser
import Foundation
import ParleyKit

@main
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Analyse multi-party, multi-issue negotiations.",
        discussion: """
            Write a negotiation down as a scenario (parties, issues, options, preferences, reservation \
            values, red lines, proposals, each judgment tied to its source) and ask who accepts what, \
            where agreement is possible, and what comes closest when it is not.

            Exit codes: 0 ok, 1 bad input (diagnostics printed), 2 usage error.
            """,
        version: ParleyVersion.current,
        subcommands: [AnalyzeCommand.self, EvaluateCommand.self, ShowCommand.self, InitCommand.self, ValidateCommand.self, ConvertCommand.self, StabilityCommand.self, BridgeCommand.self, WhatIfCommand.self, RobustnessCommand.self, DiffCommand.self, ReportCommand.self, BacktestCommand.self, ForecastCommand.self, SimulateCommand.self, TournamentCommand.self, MergeCommand.self, ServeCommand.self],
        defaultSubcommand: AnalyzeCommand.self)

    /// Parses and runs, mapping outcomes to Parley's exit codes: 0 ok, 1 bad input, 2 usage error.
    static func main() {
        // A program Parley talks to (an external agent) may exit at any time: writing to it must
        // fail, not kill Parley.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve" { ServeCommand.handOver(Array(arguments.dropFirst())) }
        // The analyses run on all cores: have the worker thread ready before the first one starts.
        Analyze.prepareWorkers()
        if let message = unknownCommand(arguments) {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try TextTable.$width.withValue(terminalWidth()) { try command.run() }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // One error prefix for every message, the argument parser's included.
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst(7) }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }

    /// `analyze` is the default command, so a misspelt command would be read as a file name: the
    /// message for a first argument that is neither a command, an option nor an existing path.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !FileManager.default.fileExists(atPath: first) else { return nil }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        // A path that does not exist yet looks like one: leave it to the command's own message.
        if first.contains("/") || first.contains(".") { return nil }
        let hint = DecodingContext.suggestion(for: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return "error: unknown command '\(first)'\(hint)\n"
            + "the commands are: \(names.filter { $0 != "help" }.joined(separator: ", ")); see 'parley --help'"
    }

    /// The terminal's width when standard output is a terminal (its window size, else `COLUMNS`);
    /// nil when output goes to a file or a pipe, so that tables are never wrapped there.
    static func terminalWidth() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 20 ? $0 : nil }
    }
}
