import Foundation
import Testing

/// `parley serve` hands over to `parley-serve`, the server beside it: its own help and usage errors
/// come through, and a `parley` without it says what is missing.
@Suite struct ServeHandOverTests {
    static let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    /// Runs `executable ARGUMENTS`: exit status, standard output, standard error.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, errors)
    }

    @Test func theServersHelpAndUsageErrorsComeThrough() throws {
        let parley = Self.directory.appendingPathComponent("parley")
        try #require(FileManager.default.isExecutableFile(atPath: Self.directory.appendingPathComponent("parley-serve").path),
                     "build parley-serve first")
        let (status, help, _) = try Self.run(parley, ["serve", "--help"])
        #expect(status == 0)
        #expect(help.contains("USAGE: parley serve"))
        #expect(help.contains("--db <db>"))
        let (badStatus, _, message) = try Self.run(parley, ["serve", "--port", "70000"])
        #expect(badStatus == 2)
        #expect(message.contains("error: --port must be from 0 to 65535"))
        #expect(message.contains("See 'parley serve --help'"))
    }

    @Test func aParleyWithoutTheServerSaysWhatIsMissing() throws {
        let alone = FileManager.default.temporaryDirectory.appendingPathComponent("parley-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: alone) }
        let copy = alone.appendingPathComponent("parley")
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent("parley"), to: copy)
        let (status, output, message) = try Self.run(copy, ["serve", "--port", "0"])
        #expect(status == 1)
        #expect(output.isEmpty)
        #expect(message.contains("cannot start the workspace server (\(alone.resolvingSymlinksInPath().path)/parley-serve)"))
        #expect(message.contains("help: install parley-serve in the same directory as parley"))
        // Nor does a build directory of another package make it build one.
        let other = alone.appendingPathComponent("other")
        let build = other.appendingPathComponent(".build/debug")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try Data("// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"other\")\n".utf8)
            .write(to: other.appendingPathComponent("Package.swift"))
        try FileManager.default.copyItem(at: copy, to: build.appendingPathComponent("parley"))
        let (otherStatus, _, otherMessage) = try Self.run(build.appendingPathComponent("parley"), ["serve"])
        #expect(otherStatus == 1)
        #expect(otherMessage.contains("cannot start the workspace server"))
        #expect(!otherMessage.contains("building the workspace server first"))
        // The other commands do not need it.
        let (versionStatus, version, _) = try Self.run(copy, ["--version"])
        #expect(versionStatus == 0)
        #expect(!version.isEmpty)
    }
}
