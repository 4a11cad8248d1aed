import Foundation
import Testing

/// Runs the built `iris` binary, which sits beside the test bundle in the build folder, and
/// returns its exit status and output.
func iris(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("iris").path) && folder.pathComponents.count > 1 {
        folder.deleteLastPathComponent()
    }
    let process = Process()
    process.executableURL = folder.appendingPathComponent("iris")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("The iris command line")
struct CLITests {
    @Test("bad input: a clear message and a non-zero exit, never a crash", arguments: [
        (["eval", "--env", "space-invaders"], "space-invaders"),
        (["frames", "--env", "nope", "--out", "/tmp/iris-cli-test-frames"], "nope"),
        (["eval", "--episodes", "0"], "--episodes"),
        (["eval", "--policy", "smart"], "smart"),
        (["eval", "--sticky", "1.5"], "--sticky"),
        (["frames", "--steps", "0", "--out", "/tmp/iris-cli-test-frames"], "--steps"),
        (["frames", "--sticky", "-0.1", "--out", "/tmp/iris-cli-test-frames"], "--sticky"),
        (["bench", "core", "--threads", "0"], "--threads"),
        (["bench", "core", "--seconds", "-1"], "--seconds"),
        (["bench", "core", "--threads", "two"], "two"),
        (["bench", "env", "--steps", "0"], "--steps"),
        (["bench", "worldmodel", "--preset", "huge"], "huge"),
        (["bench", "worldmodel", "--preset", "cpu", "--heads", "3"], "not divisible by heads"),
        (["bench", "worldmodel", "--train-steps", "0"], "--train-steps"),
        (["no-such-command"], "no-such-command"),
        (["play", "--env", "tetris", "--headless", "--steps", "2", "--record", "/tmp/iris-cli-test-play.gif"], "tetris"),
        (["play", "--fps", "0"], "--fps"),
        (["play", "--scale", "9"], "--scale"),
        (["play", "--record-scale", "0"], "--record-scale"),
        (["play", "--headless"], "--steps"),
        (["play", "--headless", "--steps", "0"], "--steps"),
        (["play", "--steps", "5"], "--headless"),
        (["play", "--fps", "fast"], "fast"),
        (["play", "--headless", "--steps", "2", "--record", "/proc/iris-no-such/x.gif"], "could not record"),
        (["train", "--env", "tetris", "--preset", "tiny", "--run-dir", "/tmp/iris-cli-no-run"], "tetris"),
        (["train", "--steps", "1.2.3", "--preset", "tiny"], "1.2.3"),
        (["train", "--steps=-5", "--preset", "tiny"], "-5"),
        (["train", "--preset", "huge"], "huge"),
        (["train", "--threads", "0"], "--threads"),
        (["train", "--preset", "tiny", "--set", "worldModel.depth=3", "--run-dir", "/tmp/iris-cli-no-run"], "worldModel.depth"),
        (["train", "--preset", "tiny", "--set", "layers", "--run-dir", "/tmp/iris-cli-no-run"], "section.key=value"),
        (["train", "--preset", "tiny", "--config", "/tmp/iris-no-such-config.json"], "iris-no-such-config.json"),
        (["train", "--resume", "/tmp/iris-no-such-run"], "not a run directory"),
        (["train", "--resume", "/tmp/iris-no-such-run", "--steps", "5k"], "--resume"),
        (["train", "--resume", "/tmp/iris-no-such-run", "--preset", "tiny"], "--preset"),
        (["train", "--fork", "/tmp/iris-no-such-run"], "--run-dir"),
        (["train", "--fork", "/tmp/iris-no-such-run", "--resume", "/tmp/iris-no-such-run"], "--fork"),
        (["train", "--fork", "/tmp/iris-no-such-run", "--run-dir", "/tmp/iris-cli-no-run", "--seed", "3"], "--seed"),
        (["train", "--fork", "/tmp/iris-no-such-run", "--run-dir", "/tmp/iris-cli-no-run"], "not a run directory"),
        (["train", "--env", "pong", "--fresh", "actor_critic"], "--fresh goes with --fork"),
        (["eval", "/tmp/iris-no-such-run"], "not a run directory"),
        (["eval", "--temperature", "0"], "--temperature"),
        (["curve"], "<runs>"),
        (["curve", "/tmp/iris-no-such-run"], "not a run directory"),
        (["bench", "agent", "--fill", "10"], "--fill"),
        (["bench", "agent", "--preset", "huge"], "huge"),
        (["bench", "agent", "--set", "worldModel.depth=1"], "worldModel.depth"),
        (["tokenizer-train", "--revival", "-1"], "--revival"),
        (["tokenizer-train", "--foreground=-1"], "--foreground"),
        (["tokenizer-train", "--l2=-0.5"], "--l2"),
        (["tokenizer-train", "--l1=-1"], "--l1"),
        (["tokenizer-train", "--fsq", "8,x,8"], "--fsq"),
        (["tokenizer-train", "--fsq", "8,8,8", "--revival", "5"], "codeRevivalSteps"),
        (["tokenizer-train", "--commitment=-1"], "--commitment"),
        (["tokenizer-train", "--vocab", "0"], "vocabularySize"),
        (["watch", "/tmp/iris-no-such-run"], "no run directory at /tmp/iris-no-such-run"),
        (["watch", "/tmp", "--headless", "--steps", "2"], "not a run directory"),
        (["watch", "/tmp/iris-no-such-run", "--temperature", "0"], "--temperature"),
        (["watch"], "run-directory"),
        (["play", "--dream"], "--dream needs a trained run"),
        (["probe", "/tmp/iris-no-such-run"], "not a run directory"),
        (["probe", "/tmp/iris-no-such-run", "--starts", "0"], "--starts"),
        (["probe", "/tmp/iris-no-such-run", "--samples", "0"], "--samples"),
        (["probe", "/tmp/iris-no-such-run", "--context", "0"], "--context"),
        (["probe", "/tmp/iris-no-such-run", "--horizon", "0"], "--horizon"),
        (["probe", "/tmp/iris-no-such-run", "--threads", "0"], "--threads"),
        (["play", "/tmp/iris-no-such-run", "--dream"], "no run directory at /tmp/iris-no-such-run"),
        // Issue 22: every float finite and in range, negative numbers, --set keys, --out.
        (["eval", "--temperature", "nan"], "--temperature must be a finite number above 0"),
        (["eval", "--temperature", "inf"], "--temperature must be a finite number above 0"),
        (["eval", "--temperature", "-1"], "--temperature"),
        (["eval", "--sticky", "nan"], "--sticky must be a number in [0.0, 1.0]"),
        (["eval", "--episodes", "-3"], "--episodes"),
        (["watch", "/tmp/iris-no-such-run", "--temperature", "inf"], "--temperature"),
        (["bench", "core", "--seconds", "nan"], "--seconds"),
        (["bench", "core", "--seconds", "inf"], "--seconds"),
        (["tokenizer-train", "--lr", "nan"], "--lr"),
        (["tokenizer-train", "--l1", "inf"], "--l1"),
        (["train", "--steps", "-5", "--preset", "tiny"], "invalid step count '-5'"),
        (["train", "--seed", "-1", "--preset", "tiny"], "--seed"),
        (["train", "--threads", "-2"], "--threads"),
        (["train", "--threads", "5000"], "--threads"),
        (["frames", "--steps", "-3", "--out", "/tmp/iris-cli-test-frames"], "--steps"),
        (["play", "--fps", "-1"], "--fps"),
        (["train", "--preset", "tiny", "--set", "common.seed=1.5", "--run-dir", "/tmp/iris-cli-no-run"],
         "invalid value '1.5' for common.seed: expected a whole number"),
        (["train", "--preset", "tiny", "--set", "worldModel.layers=100000", "--run-dir", "/tmp/iris-cli-no-run"],
         "worldModel.layers: must lie in 1...256"),
        (["train", "--preset", "tiny", "--set", "evaluation.episodes=0", "--run-dir", "/tmp/iris-cli-no-run"],
         "evaluation.episodes is 0"),
        (["train", "--preset", "tiny", "--set", "env.game=nope", "--run-dir", "/tmp/iris-cli-no-run"], "nope"),
        (["train", "--env", "pong", "--set", "env.game=breakout", "--run-dir", "/tmp/iris-cli-no-run"], "disagree"),
        (["train", "--preset", "tiny", "--threads", "1", "--set", "common.threads=2", "--run-dir", "/tmp/iris-cli-no-run"],
         "disagree"),
        (["bench", "agent", "--set", "env.game=breakout"], "drop --set env.*"),
        (["eval", "/tmp/iris-no-such-run", "--env", "breakout"], "drop them"),
        (["play", "/tmp/iris-no-such-run", "--env", "breakout"], "drop --env"),
        (["frames", "--steps", "1", "--out", "/proc/iris-no-such/frames"], "cannot create --out directory"),
        (["export", "/tmp/iris-cli-no-run", "--to", "/tmp/iris-cli-export", "--command", "iris train"], "not a run directory"),
        (["trace", "--env", "pong"], "either --actions FILE or --scripted"),
        (["trace", "--env", "pong", "--actions", "/tmp/iris-cli-no-script.txt"], "cannot read the action script"),
        (["trace", "--env", "breakout", "--scripted"], "Pong only"),
    ])
    func badInput(arguments: [String], mentioned: String) throws {
        let result = try iris(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(mentioned), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "crashed: \(result.stderr)")
    }

    @Test func traceRefusesScriptEntriesOutsideTheActionSet() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("iris-trace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: script) }
        for (text, word) in [("0 1 6", "'6'"), ("0 -1", "'-1'"), ("2 up", "'up'")] {
            try text.write(to: script, atomically: true, encoding: .utf8)
            let result = try iris(["trace", "--env", "pong", "--actions", script.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains(word) && result.stderr.contains("0...5"), "stderr: \(result.stderr)")
        }
        try "0 0 2 3".write(to: script, atomically: true, encoding: .utf8)
        let good = try iris(["trace", "--env", "pong", "--actions", script.path])
        #expect(good.status == 0)
        #expect(good.stdout.split(separator: "\n").count == 5)  // header + 4 frames
    }

    @Test func benchWorldModelRunsTheTinyPreset() throws {
        let result = try iris(["bench", "worldmodel", "--preset", "tiny", "--train-steps", "1",
                               "--imagine-steps", "1", "--imagine-batch", "2", "--threads", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("training step") && result.stdout.contains("imagined env steps/s"))
    }

    /// Where OpenBLAS's own detection picks a slow kernel on a CPU with AVX2 and FMA (Debian's
    /// 0.3.21 on recent Xeons), `iris` restarts itself with a vector kernel; a user's
    /// OPENBLAS_CORETYPE is kept.
    @Test func benchRunsOnAVectorKernelAndKeepsTheUsersChoice() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { $0.split(separator: " ").map(String.init) } ?? []
        guard flags.contains("avx2") && flags.contains("fma") else { return }
        func kernel(_ environment: [String: String]) throws -> String {
            let result = try iris(["bench", "worldmodel", "--preset", "tiny", "--train-steps", "1",
                                   "--imagine-steps", "1", "--imagine-batch", "2", "--threads", "1"], environment: environment)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            guard let range = result.stdout.range(of: "OpenBLAS kernel ") else { return "" }
            return String(result.stdout[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        #expect(["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"].contains(try kernel(environment).lowercased()))
        environment["OPENBLAS_CORETYPE"] = "Haswell"
        #expect(try kernel(environment) == "Haswell")
    }

    @Test func envsListsTheGames() throws {
        let result = try iris(["envs"])
        #expect(result.status == 0)
        for game in ["pong", "breakout", "catch"] { #expect(result.stdout.contains(game)) }
        #expect(result.stdout.contains("0:NOOP 1:FIRE 2:RIGHT 3:LEFT 4:RIGHTFIRE 5:LEFTFIRE"))
    }

    @Test func framesWritesRawFramesAndObservations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iris-frames-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try iris(["frames", "--env", "pong", "--steps", "3", "--out", folder.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["obs_0000.png", "obs_0001.png", "obs_0002.png", "obs_0003.png",
                          "raw_0000.png", "raw_0001.png", "raw_0002.png", "raw_0003.png"])
    }

    @Test func headlessPlayWritesAGIFAndPNGFrames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iris-play-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gif = folder.appendingPathComponent("pong.gif").path
        let result = try iris(["play", "--env", "pong", "--headless", "--steps", "5", "--record", gif, "--seed", "4"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("recorded 6 frames"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gif))
        #expect(bytes.prefix(6) == Data("GIF89a".utf8) && bytes.last == 0x3B)
        let frames = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("pong-frames").path)
        #expect(frames.count == 6)
    }

    @Test func playWithoutADisplayFailsClearly() throws {
        // No DISPLAY and no SDL_VIDEODRIVER: the window must not fall back to an invisible one.
        let result = try iris(["play", "--env", "pong"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--headless"), "stderr: \(result.stderr)")
    }

    @Test func randomEvaluationReportsMeanAndStd() throws {
        let result = try iris(["eval", "--env", "catch", "--episodes", "3", "--seed", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("score") && result.stdout.contains("±"))
    }

    /// A tiny Catch run in a fresh directory; returns the directory.
    private func tinyRun() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("iris-train-\(UUID().uuidString)")
    }

    @Test func trainRefusesAnExistingRunDirectoryAndEvalReadsIt() throws {
        let run = tinyRun()
        defer { try? FileManager.default.removeItem(at: run) }
        let arguments = ["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                         "--set", "common.envSteps=100", "--set", "evaluation.finalEpisodes=1"]
        let first = try iris(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("parameters: tokenizer") && first.stdout.contains("epoch 2/3"))
        #expect(first.stdout.contains("done:"))
        let again = try iris(arguments)
        #expect(again.status != 0 && again.stderr.contains("--resume"), "stderr: \(again.stderr)")
        let evaluation = try iris(["eval", run.path, "--episodes", "2"])
        #expect(evaluation.status == 0, "stderr: \(evaluation.stderr)")
        #expect(evaluation.stdout.contains("score") && evaluation.stdout.contains("2 episodes"))
        let probe = try iris(["probe", run.path, "--starts", "3", "--samples", "1", "--threads", "1"])
        #expect(probe.status == 0, "stderr: \(probe.stderr)")
        #expect(probe.stdout.contains("LEFT x4") && probe.stdout.contains("decisive starts"), "stdout: \(probe.stdout)")
        let wide = try iris(["probe", run.path, "--context", "4"])  // the tiny world model holds 4 blocks
        #expect(wide.status != 0 && wide.stderr.contains("--context 4 must be below"), "stderr: \(wide.stderr)")
        // A damaged checkpoint is a clear error.
        try Data("garbage".utf8).write(to: run.appendingPathComponent("checkpoints/last/agent.safetensors"))
        let damaged = try iris(["eval", run.path])
        #expect(damaged.status != 0 && damaged.stderr.contains("agent.safetensors"), "stderr: \(damaged.stderr)")
        #expect(!damaged.stderr.contains("Fatal error"))
    }

    @Test func headlessWatchAndDreamPlayOfATinyRunWriteGIFs() throws {
        let run = tinyRun()
        defer { try? FileManager.default.removeItem(at: run) }
        // One epoch and no evaluation: the checkpoint's weights are barely trained, which is
        // all the viewer needs.
        let train = try iris(["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                              "--set", "common.envSteps=50", "--set", "common.extraEpochs=0",
                              "--set", "evaluation.every=0", "--set", "evaluation.finalEpisodes=0"])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let gif = run.appendingPathComponent("out/watch.gif").path
        let watch = try iris(["watch", run.path, "--headless", "--steps", "6", "--record", gif, "--seed", "2"])
        #expect(watch.status == 0, "stderr: \(watch.stderr)")
        #expect(watch.stdout.contains("recorded 7 frames") && watch.stdout.contains("policy steps in real catch"),
                "stdout: \(watch.stdout)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gif))
        #expect(bytes.prefix(6) == Data("GIF89a".utf8) && bytes.last == 0x3B)
        // A human (the seeded stand-in, headless) in the world model; recordings default to media/recordings.
        let play = try iris(["play", run.path, "--dream", "--with-real", "--headless", "--steps", "3"])
        #expect(play.status == 0, "stderr: \(play.stderr)")
        #expect(play.stdout.contains("in world model"), "stdout: \(play.stdout)")
        let recordings = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("media/recordings").path)
        #expect(recordings.contains { $0.hasSuffix(".gif") })
    }

    @Test func ctrlCCheckpointsAndResumeFinishesTheRun() throws {
        let run = tinyRun()
        defer { try? FileManager.default.removeItem(at: run) }
        let (process, out) = try startTraining(run)
        let metrics = run.appendingPathComponent("metrics.csv")
        waitForRows(3, in: metrics)
        process.interrupt()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("stopped after epoch"), "stdout: \(output)")
        let resumed = try iris(["train", "--resume", run.path, "--threads", "1"])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming") && resumed.stdout.contains("done:"))
        let rows = try String(contentsOf: metrics, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 10)  // header + 9 epochs, none twice
        #expect(rows.dropFirst().map { $0.split(separator: ",").first! } == (1...9).map { Substring("\($0)") })
    }

    @Test func killDashNineLeavesALoadableCheckpoint() throws {
        let run = tinyRun()
        defer { try? FileManager.default.removeItem(at: run) }
        let metrics = run.appendingPathComponent("metrics.csv")
        // Kill at a few moments after checkpoints started; some land mid-write.
        for (round, delay) in [0.0, 0.15, 0.4].enumerated() {
            let (process, _) = try startTraining(run, resume: round > 0)
            waitForRows(2 + round, in: metrics)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let resumed = try iris(["train", "--resume", run.path, "--threads", "1"])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let rows = try String(contentsOf: metrics, encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().map { $0.split(separator: ",").first! } == (1...9).map { Substring("\($0)") })
    }

    /// Starts `iris train` on tiny Catch (or resumes it) in the background.
    private func startTraining(_ run: URL, resume: Bool = false) throws -> (Process, Pipe) {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("iris").path) && folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        let process = Process()
        process.executableURL = folder.appendingPathComponent("iris")
        process.arguments = resume ? ["train", "--resume", run.path, "--threads", "1"]
            : ["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        return (process, out)
    }

    /// Waits (up to two minutes) until the CSV has `rows` lines, header included.
    private func waitForRows(_ rows: Int, in url: URL) {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.split(separator: "\n").count >= rows { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
