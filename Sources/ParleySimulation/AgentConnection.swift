import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ParleyCore

/// The running program behind an ``ExternalNegotiator``: writes lines to its stdin, collects the
/// lines of its stdout on a reading thread, and waits for each answer at most the move time limit.
///
/// Every mutable part (the program, its input, the lines read, the first problem) is guarded by
/// one mutex; the reading thread signals a semaphore for each line. A write to a program that has
/// exited fails instead of raising SIGPIPE, without changing the process's signal dispositions.
final class AgentConnection: Sendable {
    let command: String
    let party: String
    let moveTimeLimit: Double
    private let state = Locked<State>(State())
    private let lineArrived = DispatchSemaphore(value: 0)

    private struct State {
        var process: Process?
        var input: FileHandle?
        var lines: [String] = []
        var pending = Data()
        var closed = false
        var problem: String?
    }

    init(command: String, party: String, moveTimeLimit: Double) {
        self.command = command
        self.party = party
        self.moveTimeLimit = moveTimeLimit
    }

    var problem: String? { state.withLock { $0.problem } }

    /// Records why the program walked away (the first reason only).
    func fail(_ reason: String) {
        state.withLock { state in
            if state.problem == nil { state.problem = "agent for \(party) (\(command)): \(reason)" }
        }
    }

    /// Starts the program and sends it `first` (the `start` message).
    func launch(first message: AgentMessage) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec " + command]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            let arrived = self.state.withLock { state -> Int in
                if data.isEmpty {
                    if state.closed { return 0 }
                    state.closed = true
                    return 1
                }
                var arrived = 0
                state.pending.append(data)
                while let newline = state.pending.firstIndex(of: 0x0A) {
                    let line = state.pending[state.pending.startIndex..<newline]
                    state.pending.removeSubrange(state.pending.startIndex...newline)
                    state.lines.append(String(decoding: line, as: UTF8.self))
                    arrived += 1
                }
                return arrived
            }
            if data.isEmpty { handle.readabilityHandler = nil }
            for _ in 0..<arrived { self.lineArrived.signal() }
        }
        #if canImport(Darwin)
        _ = fcntl(stdin.fileHandleForWriting.fileDescriptor, F_SETNOSIGPIPE, 1)
        #endif
        do {
            try process.run()
        } catch {
            fail("could not be started: \(error.localizedDescription)")
            return
        }
        state.withLock { state in
            state.process = process
            state.input = stdin.fileHandleForWriting
        }
        send(message)
    }

    /// Sends `message` and waits for one answer line, parsed as a reply.
    func ask(_ message: AgentMessage, expecting: String) -> AgentReply? {
        guard problem == nil, state.withLock({ $0.process != nil }) else { fail("is not running"); return nil }
        // A failed write means the program has exited; what it printed before still tells why.
        send(message)
        let deadline = DispatchTime.now() + moveTimeLimit
        while true {
            let next: String?? = state.withLock { state in
                if !state.lines.isEmpty { return .some(state.lines.removeFirst()) }
                return state.closed ? .some(nil) : nil
            }
            switch next {
            case .some(.some(let line)):
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let reply = try? JSONDecoder().decode(AgentReply.self, from: Data(line.utf8)) else {
                    fail("sent a line that is not a JSON object: \(line.prefix(80)); expected \(expecting)")
                    return nil
                }
                return reply
            case .some(.none):
                fail(exitDescription() + "; expected \(expecting)")
                return nil
            case .none:
                if lineArrived.wait(timeout: deadline) == .timedOut {
                    fail("no answer within \(moveTimeLimit.formatted(decimals: 3)) s; expected \(expecting)")
                    return nil
                }
            }
        }
    }

    /// `message` as one JSON line: keys sorted, as `docs/external-agents.md` shows them.
    static func line(_ message: AgentMessage) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try? encoder.encode(message) + Data([0x0A])
    }

    @discardableResult
    private func send(_ message: AgentMessage) -> Bool {
        guard let input = state.withLock({ $0.input }), let data = Self.line(message) else { return false }
        return Self.write(data, to: input.fileDescriptor)
    }

    /// Writes all of `data`; false when the program has closed its input. On Linux SIGPIPE is
    /// blocked on this thread for the write and a pending one taken, so that a program that exits
    /// cannot take the caller down (macOS: `F_SETNOSIGPIPE` on the descriptor).
    private static func write(_ data: Data, to descriptor: Int32) -> Bool {
        #if !canImport(Darwin)
        var pipeSignal = sigset_t(), previous = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            if sigismember(&previous, SIGPIPE) == 0, sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 {
                var noWait = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &noWait)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        #endif
        return data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// How the program ended its output: its exit status once it has exited.
    private func exitDescription() -> String {
        guard let process = state.withLock({ $0.process }) else { return "is not running" }
        let deadline = Date().addingTimeInterval(0.5)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { return "closed its output without answering" }
        return process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus) without answering"
            : "exited with status \(process.terminationStatus) without answering"
    }

    /// Tells the program the outcome, closes its input and stops it if it does not exit promptly.
    func close(_ message: AgentMessage) {
        guard let (process, input) = state.withLock({ state in state.process.map { ($0, state.input) } }) else { return }
        if problem == nil { send(message) }
        try? input?.close()
        let deadline = Date().addingTimeInterval(min(1, moveTimeLimit))
        while process.isRunning && Date() < deadline { usleep(5_000) }
        // SIGKILL, not SIGTERM: a program may ignore SIGTERM (or inherit an ignored disposition).
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        state.withLock { state in
            state.process = nil
            state.input = nil
        }
    }
}
