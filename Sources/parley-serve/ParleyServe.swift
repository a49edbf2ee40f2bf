import ArgumentParser
import Foundation
import ParleyKit
import ParleyServer
import ParleyStore

/// `parley serve`: the workspace server, a program of its own that `parley serve` hands over to.
@main
struct ParleyServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley serve",
        abstract: "Start the workspace: scenarios, versions and every analysis in the browser.",
        discussion: """
            Serves the workspace on http://127.0.0.1:8080 over a SQLite database (a new database \
            starts with the founding case). It prints one line: the address with the access token; \
            open it in a browser. Every request needs the token (the API takes 'Authorization: \
            Bearer TOKEN'). Stop it with Ctrl-C.

            Examples:
              parley serve
              parley serve --port 9000 --db talks.sqlite
              PARLEY_TOKEN=secret parley serve --host 0.0.0.0      # other machines: a token you chose
              parley serve --db talks.sqlite --backup copy.sqlite   # a consistent copy, even while it runs

            Exit codes: 0 ok, 1 the database or the server failed, 2 usage error.
            """,
        version: ParleyVersion.current)

    /// Parses and runs with `parley`'s exit codes: 0 ok, 1 failure, 2 usage error.
    static func main() {
        // An agent program a session seats may exit at any time: writing to it must fail, not kill
        // the server (the same when `parley serve` hands over: an ignored signal stays ignored).
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst(7) }
            standardError(message)
            Foundation.exit(2)
        }
    }

    @ArgumentParser.Option(name: .long, help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @ArgumentParser.Option(name: .long, help: "The port (0: any free port).")
    var port = 8080

    @ArgumentParser.Option(name: .long, help: "The workspace database (created when missing).")
    var db = "parley-workspace.sqlite"

    @ArgumentParser.Option(name: .long, help: "The access token (default: $PARLEY_TOKEN, else a new random one).")
    var token: String?

    @ArgumentParser.Option(name: .long, help: "The largest request body, in bytes.")
    var bodyLimit = 10 << 20

    @ArgumentParser.Option(name: .long, help: "The most packages an analysis may enumerate.")
    var maxPackages = AgreementSpaceOptions().maxPackages

    @Flag(name: .long, help: "Let a negotiation session seat an external agent program (its command runs on this machine, as whoever runs the server).")
    var allowAgentCommands = false

    @ArgumentParser.Option(name: .long, help: "Language-model seats in sessions: the OpenAI-compatible endpoint, up to /v1 (default: $PARLEY_LLM_BASE_URL; the key from $PARLEY_LLM_API_KEY).")
    var llmBaseUrl: String?

    @ArgumentParser.Option(name: .long, help: "Language-model seats: json_schema (OpenAI, llama.cpp, vLLM, Ollama) or json_object (llama-cpp-python).")
    var llmFormat = "json_schema"

    @ArgumentParser.Option(name: .long, help: "Language-model seats: seconds per call.")
    var llmTimeout = 120.0

    @ArgumentParser.Option(name: .long, help: "Write a consistent copy of the database to this file and exit.")
    var backup: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard bodyLimit >= 1_024 else { throw ValidationError("--body-limit must be at least 1024 bytes") }
        guard maxPackages > 0 else { throw ValidationError("--max-packages must be positive") }
        guard ["json_schema", "json_object"].contains(llmFormat) else { throw ValidationError("--llm-format must be json_schema or json_object") }
        guard llmTimeout > 0 else { throw ValidationError("--llm-timeout must be positive") }
        if let token, token.count < 16 || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.~".contains($0)) }) {
            throw ValidationError("--token must be at least 16 letters, digits or -_.~")
        }
    }

    func run() throws {
        let store: WorkspaceStore
        do { store = try WorkspaceStore(path: db) } catch {
            standardError("error: cannot open the workspace database \(db): \(error)")
            throw ExitCode(1)
        }
        if let backup {
            guard !FileManager.default.fileExists(atPath: backup) else {
                standardError("error: \(backup) exists; choose another file for the backup")
                throw ExitCode(1)
            }
            do { try store.backup(to: backup) } catch {
                standardError("error: cannot write the backup \(backup): \(error)")
                throw ExitCode(1)
            }
            print("wrote a copy of \(db) to \(backup)")
            return
        }
        let stated = token ?? ProcessInfo.processInfo.environment["PARLEY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard stated != nil || WorkspaceConfiguration.isLoopback(host) else {
            standardError("error: refusing to listen on \(host) with a generated token; other machines could reach the workspace\n"
                + "help: choose a token (--token or PARLEY_TOKEN) and share it only with the people who should see these scenarios")
            throw ExitCode(2)
        }
        var configuration = WorkspaceConfiguration(host: host, port: port, token: stated ?? WorkspaceConfiguration.newToken(), bodyLimit: bodyLimit)
        configuration.maxPackages = maxPackages
        configuration.allowAgentCommands = allowAgentCommands
        var languageModel = LanguageModelSettings.fromEnvironment()
        if let llmBaseUrl { languageModel = LanguageModelSettings(baseURL: llmBaseUrl, apiKey: languageModel?.apiKey) }
        languageModel?.replyFormat = llmFormat
        languageModel?.timeout = llmTimeout
        configuration.languageModel = languageModel
        let workspace = Workspace(store: store, configuration: configuration)
        let shown = host.contains(":") ? "[\(host)]" : host
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<(any Error)?>(nil)
        Task {
            do {
                let token = workspace.configuration.token
                try await serve(workspace) { port in
                    FileHandle.standardOutput.write(Data("Parley workspace: http://\(shown):\(port)/?token=\(token)\n".utf8))
                }
            } catch {
                failure.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = failure.get() {
            standardError("error: the workspace stopped: \(error)")
            throw ExitCode(1)
        }
    }
}

/// A value shared between the server's task and the waiting main thread.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
}

/// Writes a line to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
