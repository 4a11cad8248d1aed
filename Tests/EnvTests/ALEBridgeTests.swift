import Foundation
import Testing
@testable import Env

/// Real Atari through scripts/ale_bridge.py: our wrappers over the bridge against ale-py driven
/// directly with the same wrappers in Python (Experiments/ale/bridge_fixture.py), and the errors
/// a user meets when Python, ale-py, the ROM or the bridge process is missing or dies.
///
/// The tests that start ALE need a python3 with ale-py (`make ale`); without one they are
/// skipped, and the reason is printed.
@Suite(.serialized) struct ALEBridgeTests {
    /// Why ALE cannot run here, or nil.
    static let unavailableReason: String? = {
        do {
            let python = try ALEBridge.pythonExecutable()
            let process = Process()
            process.executableURL = python
            process.arguments = ["-c", "import ale_py"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0 ? nil : "\(python.path) has no ale-py"
        } catch {
            return "\(error)"
        }
    }()

    static let aleAvailable: Bool = {
        if let reason = unavailableReason {
            print("note: ALEBridgeTests skips the tests that start ALE: \(reason); `make ale` installs ale-py")
        }
        return unavailableReason == nil
    }()

    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String, game: String, seed: UInt64, config: EnvConfig
        var testDescription: String { name }
    }

    /// The configurations of bridge_fixture.py's SCENARIOS.
    static let scenarios: [Scenario] = {
        var train = EnvConfig.train
        train.maxEpisodeFrames = 500
        train.stickyActionProbability = 0.25
        train.resizeEachFrame = true
        var test = EnvConfig.test
        test.maxEpisodeFrames = 1000
        return [Scenario(name: "breakout_train", game: "ale:breakout", seed: 7, config: train),
                Scenario(name: "pong_test", game: "ale:pong", seed: 11, config: test)]
    }()

    struct Row {
        var action: Int, reward: Float, terminated: Bool, truncated: Bool, lives: Int
        var observation: UInt64, resetObservation: UInt64?
    }

    static func load(_ name: String) throws -> [Row] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ale_bridge_\(name).csv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let v = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Row(action: Int(v[1])!, reward: Float(v[2])!, terminated: v[3] == "1", truncated: v[4] == "1",
                       lives: Int(v[5])!, observation: UInt64(v[6], radix: 16)!,
                       resetObservation: v[7].isEmpty ? nil : UInt64(v[7], radix: 16)!)
        }
    }

    @Test(.enabled(if: aleAvailable, "needs a python3 with ale-py (make ale)"), arguments: scenarios)
    func observationsMatchALEThroughTheSameWrappers(_ scenario: Scenario) throws {
        let rows = try Self.load(scenario.name)
        let env = try AtariEnv(game: scenario.game, config: scenario.config)
        #expect(hex(fnv1a64(env.reset(seed: scenario.seed))) == hex(rows[0].observation))
        #expect(env.lives == rows[0].lives)
        var ends = 0
        for (step, row) in rows.enumerated().dropFirst() {
            let result = try env.step(row.action)
            #expect(hex(fnv1a64(result.observation)) == hex(row.observation), "step \(step)")
            #expect(result.reward == row.reward && result.lives == row.lives, "step \(step)")
            #expect(result.terminated == row.terminated && result.truncated == row.truncated, "step \(step)")
            if result.isEnd {
                ends += 1
                #expect(hex(fnv1a64(env.reset())) == row.resetObservation.map(hex), "reset after step \(step)")
            }
        }
        #expect(ends >= 1, "the fixture should end an episode")
    }

    @Test(.enabled(if: aleAvailable, "needs a python3 with ale-py (make ale)"))
    func pongHasTheBuiltInGamesActions() throws {
        let real = try GameRegistry.make("ale:pong")
        #expect(real.minimalActions == Pong().minimalActions)
        #expect(real.registryName == "ale:pong")
        #expect(try AtariEnv(game: "ALE:Pong").gameName == "ale:pong")
        let catalogue = try ALEGame.catalogue()
        #expect(catalogue.first { $0.rom == "breakout" } == ALEGameInfo(
            rom: "breakout", lives: 5, minimalActions: [.noop, .fire, .right, .left]))
        #expect(!catalogue.contains { $0.rom == "combat" }, "ALE cannot run combat; it must not be listed")
    }

    @Test(.enabled(if: aleAvailable, "needs a python3 with ale-py (make ale)"))
    func unknownROMsAreNamed() {
        do {
            _ = try AtariEnv(game: "ale:no_such_game")
            Issue.record("an unknown ROM must throw")
        } catch let error as EnvError {
            guard case .aleUnavailable(let message) = error else { Issue.record("got \(error)"); return }
            #expect(message.contains("unknown ALE ROM 'no_such_game'") && message.contains("pong"))
        } catch {
            Issue.record("got \(error)")
        }
        // In ale-py's ROM folder but without ALE settings: loading it would exit the bridge from C++.
        #expect(throws: EnvError.self) { try ALEGame(rom: "combat") }
    }

    @Test(.enabled(if: aleAvailable, "needs a python3 with ale-py (make ale)"))
    func aBridgeThatDiesIsAnErrorNamingTheCause() throws {
        let env = try AtariEnv(game: "ale:pong", config: .test)
        env.reset(seed: 3)
        _ = try env.step(1)
        let game = try #require(env.game as? ALEGame)
        #expect(kill(game.bridgeProcessID, SIGKILL) == 0)
        do {
            for _ in 0..<10 { _ = try env.step(1) }
            Issue.record("stepping a killed bridge must throw")
        } catch let error as EnvError {
            guard case .aleBridgeFailed(let rom, let reason) = error else { Issue.record("got \(error)"); return }
            #expect(rom == "pong")
            #expect(reason.contains("killed by signal \(SIGKILL)"), "\(reason)")
        }
        // It stays failed, without hanging or crashing: resets do nothing, steps keep throwing.
        env.reset()
        #expect(throws: EnvError.self) { try env.step(0) }
    }

    @Test func missingPythonIsNamed() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("iris-no-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: EnvError.self) {
            try ALEBridge.pythonExecutable(environment: ["IRIS_PYTHON": empty.appendingPathComponent("python3").path])
        }
        do {
            _ = try ALEBridge.pythonExecutable(environment: ["PATH": empty.path], root: empty)
            Issue.record("no python3 anywhere must throw")
        } catch let error as EnvError {
            #expect(error.description.contains("no python3") && error.description.contains("make ale"))
        }
        let venv = empty.appendingPathComponent(".venv-ale/bin")
        try FileManager.default.createDirectory(at: venv, withIntermediateDirectories: true)
        let fake = venv.appendingPathComponent("python3")
        try "#!/bin/sh\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        #expect(try ALEBridge.pythonExecutable(environment: ["PATH": "/usr/bin"], root: empty) == fake)
        #expect(try ALEBridge.pythonExecutable(environment: ["IRIS_PYTHON": "/bin/sh"], root: empty).path == "/bin/sh")
    }

    /// A python3 without site-packages stands in for one without ale-py.
    @Test func missingALEPyIsNamed() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["IRIS_PYTHON"] = nil
        guard let python = try? ALEBridge.pythonExecutable(environment: environment, root: URL(fileURLWithPath: "/nonexistent")) else {
            print("note: missingALEPyIsNamed needs a python3 on PATH; skipped")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iris-no-ale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wrapper = directory.appendingPathComponent("python3")
        try "#!/bin/sh\nexec '\(python.path)' -S \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        do {
            _ = try ALEGame(rom: "pong", python: wrapper)
            Issue.record("a python without ale-py must throw")
        } catch let error as EnvError {
            guard case .aleUnavailable(let message) = error else { Issue.record("got \(error)"); return }
            #expect(message.contains("ale-py is not installed") && message.contains("make ale"), "\(message)")
        }
    }
}
