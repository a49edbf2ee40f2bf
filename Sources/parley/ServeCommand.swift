import ArgumentParser
import Foundation

/// `parley serve` is the workspace server, `parley-serve`, a program of its own kept beside
/// `parley`: `parley` hands over to it (the same process, arguments, environment and output), so
/// that the other commands never load the server and its libraries.
///
/// `Parley.main` hands over before parsing, so `parley serve --help` shows the server's own help;
/// this entry lists the command in `parley --help` and hands over too if reached.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the workspace: scenarios, versions and every analysis in the browser.",
        discussion: """
            Runs parley-serve, the workspace server beside parley; 'parley serve --help' lists its \
            options. In a source checkout where it has not been built yet (swift run parley serve on \
            a fresh clone), it is built first, with 'swift run parley-serve'.
            """)

    @Argument(parsing: .captureForPassthrough, help: "The server's options (see 'parley serve --help').")
    var arguments: [String] = []

    func run() throws {
        Self.handOver(arguments)
    }

    /// Replaces this process with `parley-serve ARGUMENTS` (built first with `swift run` when this
    /// `parley` runs from a package's build directory without it); returns only to exit with an
    /// error when it cannot be started.
    static func handOver(_ arguments: [String]) -> Never {
        let directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        let server = directory.appendingPathComponent("parley-serve").path
        var started = server
        if FileManager.default.isExecutableFile(atPath: server) {
            execute(server, [server] + arguments)
        } else if let build = SourceBuild(directory: directory) {
            Output.standardError("parley serve: building the workspace server first (swift run parley-serve)")
            started = "swift run parley-serve"
            execute("swift", ["swift", "run", "--package-path", build.root, "--scratch-path", build.scratch,
                              "--configuration", build.configuration, "parley-serve"] + arguments)
        }
        let reason = String(cString: strerror(errno))
        Output.standardError("error: cannot start the workspace server (\(started)): \(reason)\n"
            + "help: install parley-serve in the same directory as parley (swift build builds both)")
        Foundation.exit(1)
    }

    /// Runs `program` (looked up in PATH when it has no slash) in place of this process; returns
    /// when it cannot.
    private static func execute(_ program: String, _ arguments: [String]) {
        let argv = arguments.map { strdup($0) } + [nil]
        execvp(program, argv)
    }
}

/// Where a `parley` built from source sits: `ROOT/SCRATCH/…/CONFIGURATION/parley`, with
/// `ROOT/Package.swift` the package that declares `parley-serve`.
struct SourceBuild: Equatable {
    var root: String
    var scratch: String
    var configuration: String

    init?(directory: URL) {
        let configuration = directory.lastPathComponent
        guard configuration == "debug" || configuration == "release" else { return nil }
        var scratch = directory
        var root = directory.deletingLastPathComponent()
        while root.path != "/" && !root.path.isEmpty {
            let manifest = root.appendingPathComponent("Package.swift")
            if FileManager.default.fileExists(atPath: manifest.path) {
                // The first package above is the one built; it must be Parley's.
                guard let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("\"parley-serve\"") else { return nil }
                (self.root, self.scratch, self.configuration) = (root.path, scratch.path, configuration)
                return
            }
            scratch = root
            root = root.deletingLastPathComponent()
        }
        return nil
    }
}
