import ArgumentParser
import Foundation

/// `parley serve` is the workspace server, `parley-serve`, a program built with `parley` and kept
/// beside it: `parley` hands over to it (the same process, arguments, environment and output), so
/// that the other commands never load the server and its libraries.
///
/// `Parley.main` hands over before parsing, so `parley serve --help` shows the server's own help;
/// this entry lists the command in `parley --help` and hands over too if reached.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the workspace: scenarios, versions and every analysis in the browser.",
        discussion: """
            Runs parley-serve, the workspace server built beside parley; 'parley serve --help' lists \
            its options.
            """)

    @Argument(parsing: .captureForPassthrough, help: "The server's options (see 'parley serve --help').")
    var arguments: [String] = []

    func run() throws {
        Self.handOver(arguments)
    }

    /// Replaces this process with `parley-serve ARGUMENTS`; returns only to exit with an error
    /// when it cannot be started.
    static func handOver(_ arguments: [String]) -> Never {
        let directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        let server = directory.appendingPathComponent("parley-serve").path
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        let reason = String(cString: strerror(errno))
        Output.standardError("error: cannot start the workspace server \(server): \(reason)\n"
            + "help: it is built with parley ('swift build' builds both); install parley-serve in the same directory as parley")
        Foundation.exit(1)
    }
}
