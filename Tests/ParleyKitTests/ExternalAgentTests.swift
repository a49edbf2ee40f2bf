import Foundation
import ParleyKit
import ParleyAnalysis
import ParleyFormats
import ParleyConflict
import ParleyForecast
import ParleySimulation
import Testing

/// External agents over the `parley.agent/1` protocol: the Python example agent negotiates, and a
/// program that exits, hangs or answers nonsense walks away with the reason reported.
@Suite(.serialized) struct ExternalAgentTests {
    static let yaml = """
        parley: 1
        id: e
        title: external
        parties: [{id: A}, {id: B}]
        issues:
          - {id: x, options: [x1, x2, x3, x4]}
          - {id: y, options: [y1, y2, y3]}
        preferences:
          A:
            reservation: 0.3
            issues:
              x: {weight: 0.6, values: {x1: 1, x2: 0.7, x3: 0.3, x4: 0}}
              y: {weight: 0.4, values: {y1: 1, y2: 0.5, y3: 0}}
          B:
            reservation: 0.3
            issues:
              x: {weight: 0.5, values: {x1: 0, x2: 0.4, x3: 0.8, x4: 1}}
              y: {weight: 0.5, values: {y1: 0, y2: 0.5, y3: 1}}
            red-lines: [{id: b-not-x1, forbid: {x: x1}}]
        """

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func simulate(agent command: String, limit: Double = 5, rounds: Int = 30) throws -> SimulationReport {
        let loaded = try LoadedScenario.read(Self.yaml, file: "e.yaml")
        return try Simulate()(loaded, strategies: ["boulware"], rounds: rounds, agents: ["B": command], moveTimeLimit: limit)
    }

    @Test(.enabled(if: python != nil, "needs python3"))
    func thePythonExampleAgentNegotiatesByTheRules() throws {
        let script = Self.root.appendingPathComponent("examples/agents/boulware_agent.py").path
        let report = try simulate(agent: "\(Self.python!) '\(script)'")
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.walkedAway == nil)
        let agreement = try #require(report.agreement)
        // Its red line holds and both get at least their reservation value.
        #expect(agreement["x"] != "x1")
        #expect(report.payoffs.values.allSatisfy { $0 >= 0.3 - 1e-9 })
        #expect(report.strategies["B"]?.hasPrefix("external") == true)
        // The agent made offers of its own, not only accepted.
        #expect(report.trace.contains { $0.party == "B" && $0.action == .offer })
    }

    @Test func aProgramThatExitsWalksAway() throws {
        let report = try simulate(agent: "sh -c 'exit 3'")
        #expect(report.walkedAway == "B")
        #expect(report.agreement == nil)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("exited with status 3") == true, "\(report.problems)")
    }

    @Test func aProgramThatHangsWalksAwayAtTheMoveTimeLimit() throws {
        let started = Date()
        let report = try simulate(agent: "sleep 30", limit: 0.3)
        #expect(report.walkedAway == "B")
        #expect(report.problems.first?.contains("no answer within 0.300 s") == true, "\(report.problems)")
        #expect(Date().timeIntervalSince(started) < 10, "a hung agent must not stall the run")
    }

    @Test func malformedAnswersAreReported() throws {
        let notJSON = try simulate(agent: "sh -c 'read line; echo hello; sleep 5'", limit: 2)
        #expect(notJSON.problems.first?.contains("not a JSON object: hello") == true, "\(notJSON.problems)")
        let unknownOption = try simulate(agent: #"sh -c 'read line; echo "{\"type\":\"offer\",\"offer\":{\"x\":\"x9\",\"y\":\"y1\"}}"; sleep 5'"#, limit: 2)
        #expect(unknownOption.problems.first?.contains("gives x9 for issue 'x'") == true, "\(unknownOption.problems)")
        #expect(unknownOption.walkedAway == "B")
    }

    /// A program that fails to open (it exits, or does not answer `propose` in time) walks away at
    /// the opening: it never puts on the table a package it did not choose.
    @Test func aProgramThatFailsToOpenWalksAway() throws {
        let loaded = try LoadedScenario.read(Self.yaml, file: "e.yaml")
        for (command, problem) in [("sh -c 'exit 3'", "exited with status 3"), ("sleep 30", "no answer within 0.300 s; expected an offer"),
                                   ("./no-such-agent-program", "exited with status 127")] {
            let report = try Simulate()(loaded, strategies: ["boulware"], rounds: 30, agents: ["A": command], moveTimeLimit: 0.3)
            #expect(report.walkedAway == "A", "\(command)")
            #expect(report.endedInRound == 1)
            #expect(report.trace.map(\.action) == [.walkAway])
            #expect(report.trace.first?.package == nil)
            #expect(report.payoffs == ["A": 0.3, "B": 0.3])
            #expect(report.problems.count == 1)
            #expect(report.problems.first?.contains(problem) == true, "\(report.problems)")
        }
    }

    /// Writing to a program that closed its input fails without raising SIGPIPE in the caller
    /// (the library leaves the process's signal dispositions alone; the test process does not
    /// ignore SIGPIPE).
    @Test func aProgramThatClosesItsInputDoesNotTakeTheCallerDown() throws {
        let report = try simulate(agent: "sh -c 'exec <&-; sleep 2'", limit: 0.5)
        #expect(report.walkedAway == "B")
        #expect(report.problems.count == 1)
    }

    @Test func anUnknownPartyIsAUsageError() throws {
        let loaded = try LoadedScenario.read(Self.yaml, file: "e.yaml")
        #expect(throws: UsageError.self) {
            try Simulate()(loaded, strategies: ["boulware"], rounds: 5, agents: ["C": "true"])
        }
    }

    /// With each turn an agent gets the other parties' actions since its last turn (`seen`): in a
    /// three-party negotiation, the first respond message carries the opening offer of A and B's
    /// answer to it.
    @Test(.enabled(if: python != nil, "needs python3"))
    func agentsSeeTheOtherPartiesActions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("seen.jsonl").path, script = directory.appendingPathComponent("agent.py").path
        try """
            import json, sys
            log = open(sys.argv[1], "w")
            for line in sys.stdin:
                message = json.loads(line)
                if message["type"] == "end":
                    break
                if message["type"] in ("propose", "respond"):
                    log.write(json.dumps(message.get("seen")) + "\\n"); log.flush()
                    print(json.dumps({"type": "accept"} if message["type"] == "respond" else {"type": "offer", "offer": {"x": "x2", "y": "y2"}}), flush=True)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let yaml = Self.yaml.replacingOccurrences(of: "parties: [{id: A}, {id: B}]", with: "parties: [{id: A}, {id: B}, {id: C}]")
            + "\n  C: {reservation: 0, issues: {x: {weight: 1, values: {x1: 1, x2: 0, x3: 0, x4: 0}}}}\n"
        let loaded = try LoadedScenario.read(yaml, file: "three.yaml")
        let report = try Simulate()(loaded, strategies: ["boulware"], rounds: 10, agents: ["C": "\(Self.python!) '\(script)' '\(log)'"])
        #expect(report.problems.isEmpty, "\(report.problems)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let first = try #require(lines.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [[String: Any]] })
        #expect(first.map { $0["party"] as? String } == ["A", "B"])
        #expect(first.first?["action"] as? String == "offer")
        #expect((first.first?["offer"] as? [String: String])?.keys.sorted() == ["x", "y"])
    }
}
