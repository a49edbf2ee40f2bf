import Foundation
import Testing

/// The `parley` executable as a user runs it: exit codes, JSON diagnostics, messages. The binary
/// sits beside the test bundle (`swift build --build-tests` builds both).
@Suite struct CommandLineTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley")
    }

    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String], columns: Int? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let columns { process.environment = ["COLUMNS": "\(columns)", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""] }
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../..").standardizedFileURL
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                   error: String(decoding: error, as: UTF8.self))
    }

    @Test func aMisspeltCommandIsNamedWithASuggestion() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let analyse = try Self.run(["analyse"])
        #expect(analyse.status == 2)
        #expect(analyse.error.contains("unknown command 'analyse'; did you mean 'analyze'?"))
        let evaluate = try Self.run(["evalute", "--proposal", "x"])
        #expect(evaluate.status == 2)
        #expect(evaluate.error.contains("did you mean 'evaluate'?"))
        // One error prefix, the argument parser's messages included.
        let usage = try Self.run(["robustness", "--runs", "0"])
        #expect(usage.status == 2 && usage.error.hasPrefix("error: --runs must be positive"))
        // A path that does not exist is still the file's own error (exit 1).
        let missing = try Self.run(["no/such/file.yaml"])
        #expect(missing.status == 1)
    }

    @Test(arguments: [["evaluate", "--proposal", "nope"], ["bridge", "--proposal", "nope"],
                      ["whatif", "--set", "XX.reservation=0.5"], ["whatif", "--set", "UA.reservation=1.5"]])
    func idsAndValuesNotInTheFileAreBadInputAsJSON(arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let run = try Self.run(arguments + ["--format", "json"])
        #expect(run.status == 1, "\(arguments)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(document["contract"] as? String == "parley.diagnostics/1")
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["help"] != nil)
    }

    @Test(arguments: [["bridge", "--proposal", "trump-team"], ["whatif", "--set", "RU.reservation=0.6"], ["robustness", "--runs", "10"],
                      ["report", "-o", "/dev/null", "--runs", "10"], ["analyze"]])
    func commandsThatMapTheSpaceTakeMaxPackages(arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let run = try Self.run(arguments + ["--max-packages", "100", "--format", "json"])
        #expect(run.status == 1, "\(arguments): \(run.error)")
        #expect(run.output.contains("more than the limit of 100"), "\(arguments)")
    }

    @Test func reportWithJSONPrintsJSON() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("parley-report-\(UUID().uuidString).html").path
        defer { try? FileManager.default.removeItem(atPath: target) }
        let run = try Self.run(["report", "-o", target, "--runs", "50", "--format", "json"])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(document["file"] as? String == target)
    }

    @Test func helpExamplesAreNeverWrappedInTheMiddleOfACommand() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let commands = ["analyze", "evaluate", "show", "init", "validate", "convert", "stability", "bridge", "whatif",
                        "robustness", "diff", "report", "backtest", "forecast", "simulate", "tournament", "merge"]
        for command in commands {
            let help = try Self.run([command, "--help"], columns: 80).output
            var inExamples = false
            for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Example") { inExamples = true; continue }
                if line.isEmpty || line.hasPrefix("USAGE") { inExamples = false; continue }
                // A wrapped example continues at column 0; copied, it would not run.
                if inExamples { #expect(line.hasPrefix(" "), "\(command): '\(line)'") }
                if inExamples { #expect(line.count <= 80, "\(command): '\(line)'") }
            }
        }
    }
}
