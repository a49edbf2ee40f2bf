import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ParleyKit
import Testing
import ParleyCore

/// The real `parley serve` process on a real socket: what it prints, where it refuses to listen,
/// the Host check, and that a version acknowledged with 201 survives SIGKILL.
@Suite(.serialized) struct LiveServerTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley")
    }

    static let token = "live-token-0123456789abcdef"

    struct Server {
        var process: Process
        var port: Int
        var line: String
        var base: String { "http://127.0.0.1:\(port)" }
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-live-\(UUID().uuidString).sqlite").path
    }

    /// Starts `parley serve` and waits for its line (at most 30 s).
    static func start(db: String, arguments: [String] = []) throws -> Server {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--db", db, "--port", "0", "--token", token] + arguments
        let out = Pipe()
        process.standardOutput = out
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("parley-live-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let line = Locked("")
        let ready = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var buffer = Data()
            while !buffer.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            line.withLock { $0 = String(decoding: buffer, as: UTF8.self) }
            ready.signal()
        }
        func failed() -> ServerError {
            process.terminate()
            return .noLine(String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))
        }
        guard ready.wait(timeout: .now() + 30) == .success else { throw failed() }
        let text = line.withLock { $0 }
        guard let range = text.range(of: #"127\.0\.0\.1:([0-9]+)/"#, options: .regularExpression),
              let port = Int(text[range].dropFirst(10).dropLast()) else { throw failed() }
        return Server(process: process, port: port, line: text)
    }

    enum ServerError: Error { case noLine(String) }

    static func request(_ url: String, method: String = "GET", body: String? = nil, message: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/yaml", forHTTPHeaderField: "Content-Type")
        }
        if let message { request.setValue(message, forHTTPHeaderField: "X-Parley-Message") }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test func itPrintsOneLineWithTheAddressAndTheToken() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build parley first")
        let server = try Self.start(db: Self.temporaryDatabase())
        defer { server.process.terminate(); server.process.waitUntilExit() }
        #expect(server.line == "Parley workspace: http://127.0.0.1:\(server.port)/?token=\(Self.token)\n")
    }

    @Test func itRefusesAnotherAddressWithAGeneratedToken() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--db", Self.temporaryDatabase(), "--host", "0.0.0.0", "--port", "0"]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("refusing to listen on 0.0.0.0"))
    }

    /// DNS rebinding: a request whose Host is another name is refused, on the real socket.
    @Test func aForeignHostIsRefused() throws {
        let curl = ["/usr/bin/curl", "/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(curl != nil, "curl is needed to send a forged Host header")
        let server = try Self.start(db: Self.temporaryDatabase())
        defer { server.process.terminate(); server.process.waitUntilExit() }
        func status(host: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curl!)
            process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: \(host)", "-H", "Authorization: Bearer \(Self.token)",
                                 "\(server.base)/api/v1/scenarios"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(try status(host: "evil.example") == "421")
        #expect(try status(host: "evil.example:\(server.port)") == "421")
        #expect(try status(host: "127.0.0.1.nip.io") == "421")
        #expect(try status(host: "localhost:\(server.port)") == "200")
        #expect(try status(host: "127.0.0.1:\(server.port)") == "200")
    }

    /// A body sent in chunks has no length to check up front: the limit is found while reading, and
    /// the answer is still 413, not a server error.
    @Test func aChunkedBodyOverTheLimitGets413() throws {
        let curl = ["/usr/bin/curl", "/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(curl != nil, "curl is needed to send a chunked body")
        let server = try Self.start(db: Self.temporaryDatabase(), arguments: ["--body-limit", "2048"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("parley-chunked-\(UUID().uuidString).yaml")
        try Data(try BundledExample.foundingCase().utf8).write(to: body)
        for path in ["/api/v1/scenarios", "/api/v1/validate", "/api/v1/scenarios/ukraine-2024-11/versions"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curl!)
            process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(Self.token)",
                                 "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/yaml",
                                 "--data-binary", "@\(body.path)", "\(server.base)\(path)"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(status == "413", "\(path)")
        }
    }

    /// Several clients save versions at once; the process is killed with SIGKILL in the middle and
    /// restarted on the same file: every version acknowledged with 201 is there, byte for byte.
    @Test func everyAcknowledgedVersionSurvivesSIGKILL() async throws {
        let db = Self.temporaryDatabase()
        let server = try Self.start(db: db)
        let base = server.base
        let foundingCase = try BundledExample.foundingCase()
        let acknowledged = Acknowledged()
        let pid = server.process.processIdentifier
        let target = 24
        let finishedClients = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for k in 0..<40 {
                        let text = foundingCase + "\n# client \(client), save \(k), \(UUID().uuidString)\n"
                        guard let (status, data) = try? await Self.request("\(base)/api/v1/scenarios/ukraine-2024-11/versions",
                                                                           method: "POST", body: text, message: "client \(client) save \(k)"),
                              status == 201,
                              let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                              let version = body["version"] as? Int else { return }
                        acknowledged.versions.withLock { $0[version] = text }
                    }
                    finishedClients.versions.withLock { $0[client] = "" }
                }
            }
            // Kill the server once enough saves were acknowledged, while the clients are still posting.
            group.addTask {
                while acknowledged.versions.withLock({ $0.count }) < target, finishedClients.versions.withLock({ $0.count }) < 4 {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                kill(pid, SIGKILL)
            }
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .uncaughtSignal)
        let saved = acknowledged.versions.withLock { $0 }
        #expect(saved.count >= target)
        let restarted = try Self.start(db: db)
        defer { restarted.process.terminate(); restarted.process.waitUntilExit() }
        for (version, text) in saved.sorted(by: { $0.key < $1.key }) {
            let (status, data) = try await Self.request("\(restarted.base)/api/v1/scenarios/ukraine-2024-11/versions/\(version)")
            #expect(status == 200, "version \(version)")
            #expect(data == Data(text.utf8), "version \(version) differs after the restart")
        }
    }
}

/// The versions the server acknowledged, by number, shared by the clients.
final class Acknowledged: Sendable {
    let versions = Locked<[Int: String]>([:])
}
