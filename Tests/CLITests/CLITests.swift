import Foundation
import Testing

/// Runs the built `iris` binary, which sits beside the test bundle in the build folder, and
/// returns its exit status and output.
private func iris(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("iris").path) && folder.pathComponents.count > 1 {
        folder.deleteLastPathComponent()
    }
    let process = Process()
    process.executableURL = folder.appendingPathComponent("iris")
    process.arguments = arguments
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
    ])
    func badInput(arguments: [String], mentioned: String) throws {
        let result = try iris(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(mentioned), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "crashed: \(result.stderr)")
    }

    @Test func benchWorldModelRunsTheTinyPreset() throws {
        let result = try iris(["bench", "worldmodel", "--preset", "tiny", "--train-steps", "1",
                               "--imagine-steps", "1", "--imagine-batch", "2", "--threads", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("training step") && result.stdout.contains("imagined env steps/s"))
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

    @Test func randomEvaluationReportsMeanAndStd() throws {
        let result = try iris(["eval", "--env", "catch", "--episodes", "3", "--seed", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("score") && result.stdout.contains("±"))
    }
}
