import Dispatch
import Foundation
import ParleyAnalysis
import ParleyCore
import Synchronization

/// A negotiator played by another program, over the JSON-lines protocol `parley.agent/1`
/// (docs/external-agents.md): one JSON object per line on the program's stdin and stdout.
///
/// The program gets its own preferences only (its additive utility table, reservation value and
/// red lines), then `propose` and `respond` messages, each to be answered within the move time
/// limit. A program that cannot be started, exits, stays silent past the limit or answers with
/// anything but a valid move walks away; ``problem`` says why, and the run never stalls.
public struct ExternalNegotiator: Negotiator {
    public var name: String
    private let connection: AgentConnection
    private let space: OutcomeSpace
    private let issues: [(id: String, options: [String])]
    private let start: [String: Any & Sendable]
    private let parties: [String]
    /// The other parties' actions since the agent's last turn, sent with its next message.
    private var seen: [[String: Any & Sendable]] = []

    /// - Parameters:
    ///   - command: run with `/bin/sh -c`, so it may hold arguments and quotes.
    ///   - party: the index of the party the program plays.
    ///   - moveTimeLimit: seconds allowed for each answer.
    public init(command: String, scenario: Scenario, party: Int, moveTimeLimit: Double = 5) {
        name = "external: \(command)"
        let model = UtilityModel(scenario)
        space = model.space
        issues = scenario.issues.map { ($0.id.rawValue, $0.options.map(\.id.rawValue)) }
        connection = AgentConnection(command: command, party: scenario.parties[party].id.rawValue, moveTimeLimit: moveTimeLimit)
        parties = scenario.parties.map(\.id.rawValue)
        var values: [String: [String: Double]] = [:]
        for (i, issue) in scenario.issues.enumerated() {
            values[issue.id.rawValue] = Dictionary(uniqueKeysWithValues: issue.options.indices.map {
                (issue.options[$0].id.rawValue, model.contribution(party, issue: i, option: $0))
            })
        }
        let partyID = scenario.parties[party].id
        let redLines = scenario.parties[party].preferences.redLines
        start = [
            "type": "start", "protocol": "parley.agent/1",
            "party": partyID.rawValue, "parties": scenario.parties.map(\.id.rawValue),
            "moveTimeLimit": moveTimeLimit,
            "issues": issues.map { ["id": $0.id, "options": $0.options] as [String: Any & Sendable] },
            "preferences": [
                "offset": model.offsets[party], "values": values, "reservation": model.reservations[party],
                "redLines": redLines.map(Self.encode),
            ] as [String: Any & Sendable],
        ]
    }

    /// Why the program walked away, when it failed; nil when it played by the rules.
    public var problem: String? { connection.problem }

    public mutating func start(_ context: NegotiationContext) {
        var message = start
        message["rounds"] = context.rounds
        connection.launch(first: message)
    }

    public mutating func observe(party: Int, action: ObservedAction, package: Int, time: Double) {
        seen.append(["party": parties[party], "action": action == .offer ? "offer" : "accept", "offer": options(of: package), "time": time])
    }

    /// The actions seen since the last turn, for the next message (and forgotten).
    private mutating func takeSeen() -> [[String: Any & Sendable]] {
        defer { seen = [] }
        return seen
    }

    public mutating func open(time: Double) -> Int {
        guard let reply = connection.ask(["type": "propose", "time": time, "seen": takeSeen()], expecting: "an offer"),
              let package = package(reply, for: "the opening offer") else { return 0 }
        return package
    }

    public mutating func respond(to offer: Int, time: Double) -> Response {
        guard let reply = connection.ask(["type": "respond", "time": time, "offer": options(of: offer), "seen": takeSeen()],
                                         expecting: "accept, offer or walk-away") else { return .walkAway }
        switch reply["type"] as? String {
        case "accept": return .accept
        case "walk-away": connection.fail("walked away"); return .walkAway
        case "offer":
            guard let package = package(reply, for: "its counter-offer") else { return .walkAway }
            return .counter(package)
        default:
            connection.fail("answered with type \(String(describing: reply["type"] ?? "nothing")); expected accept, offer or walk-away")
            return .walkAway
        }
    }

    /// Ends the session: tells the program the outcome and stops it.
    public func finish(agreement: Int?) {
        connection.close(["type": "end", "agreement": agreement.map { options(of: $0) as Any } ?? NSNull()])
    }

    private func options(of package: Int) -> [String: String] {
        var digits = [Int](repeating: 0, count: issues.count)
        space.digits(of: package, into: &digits)
        return Dictionary(uniqueKeysWithValues: issues.indices.map { (issues[$0].id, issues[$0].options[digits[$0]]) })
    }

    private func package(_ reply: [String: Any], for what: String) -> Int? {
        guard let offer = reply["offer"] as? [String: Any] else {
            connection.fail("\(what) has no \"offer\" object")
            return nil
        }
        var index = 0
        for (id, options) in issues {
            guard let chosen = offer[id] as? String, let option = options.firstIndex(of: chosen) else {
                let given = offer[id].map { "\($0)" } ?? "nothing"
                connection.fail("\(what) gives \(given) for issue '\(id)'; expected one of \(options.joined(separator: ", "))")
                return nil
            }
            index = index * options.count + option
        }
        if let unknown = offer.keys.first(where: { key in !issues.contains { $0.id == key } }) {
            connection.fail("\(what) names an unknown issue '\(unknown)'")
            return nil
        }
        return index
    }

    private static func encode(_ redLine: RedLine) -> [String: Any & Sendable] {
        func conditions(_ list: [Condition]) -> [[String: Any & Sendable]] {
            list.map { ["issue": $0.issue.rawValue, "options": $0.options.map(\.rawValue)] }
        }
        var out: [String: Any & Sendable] = ["id": redLine.id.rawValue]
        if let description = redLine.description { out["description"] = description }
        switch redLine.rule {
        case .forbid(let list): out["forbid"] = conditions(list)
        case .require(let list): out["require"] = conditions(list)
        case .linkage(let conditionsIf, let conditionsThen):
            out["if"] = conditions(conditionsIf)
            out["then"] = conditions(conditionsThen)
        }
        return out
    }
}

/// The running program behind an ``ExternalNegotiator``: writes lines to its stdin, collects the
/// lines of its stdout on a reading thread, and waits for each answer at most the move time limit.
final class AgentConnection: @unchecked Sendable {
    let command: String
    let party: String
    let moveTimeLimit: Double
    private let state = Mutex<State>(State())
    private let lineArrived = DispatchSemaphore(value: 0)
    private var process: Process?
    private var input: FileHandle?

    private struct State {
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

    func fail(_ reason: String) {
        state.withLock { state in
            if state.problem == nil { state.problem = "agent for \(party) (\(command)): \(reason)" }
        }
    }

    func launch(first message: [String: Any]) {
        signal(SIGPIPE, SIG_IGN)   // a program that exits must not take Parley down with it
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
            var arrived = 0
            self.state.withLock { state in
                if data.isEmpty {
                    if !state.closed { state.closed = true; arrived += 1 }
                    return
                }
                state.pending.append(data)
                while let newline = state.pending.firstIndex(of: 0x0A) {
                    let line = state.pending[state.pending.startIndex..<newline]
                    state.pending.removeSubrange(state.pending.startIndex...newline)
                    state.lines.append(String(decoding: line, as: UTF8.self))
                    arrived += 1
                }
            }
            if data.isEmpty { handle.readabilityHandler = nil }
            for _ in 0..<arrived { self.lineArrived.signal() }
        }
        do {
            try process.run()
        } catch {
            fail("could not be started: \(error.localizedDescription)")
            return
        }
        self.process = process
        input = stdin.fileHandleForWriting
        send(message)
    }

    /// Sends `message` and waits for one answer line, parsed as a JSON object.
    func ask(_ message: [String: Any], expecting: String) -> [String: Any]? {
        guard problem == nil, process != nil else { fail("is not running"); return nil }
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
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    fail("sent a line that is not a JSON object: \(line.prefix(80)); expected \(expecting)")
                    return nil
                }
                return object
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

    @discardableResult
    private func send(_ message: [String: Any]) -> Bool {
        guard let input, let data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else { return false }
        do {
            try input.write(contentsOf: data + Data([0x0A]))
            return true
        } catch {
            return false
        }
    }

    /// How the program ended its output: its exit status once it has exited.
    private func exitDescription() -> String {
        guard let process else { return "is not running" }
        let deadline = Date().addingTimeInterval(0.5)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { return "closed its output without answering" }
        return process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus) without answering"
            : "exited with status \(process.terminationStatus) without answering"
    }

    /// Tells the program the outcome, closes its input and stops it if it does not exit promptly.
    func close(_ message: [String: Any]) {
        guard let process else { return }
        if problem == nil { send(message) }
        try? input?.close()
        let deadline = Date().addingTimeInterval(min(1, moveTimeLimit))
        while process.isRunning && Date() < deadline { usleep(5_000) }
        // SIGKILL, not SIGTERM: a program may ignore SIGTERM (or inherit an ignored disposition).
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        self.process = nil
    }
}
