import Foundation
import Testing

/// Runs the built `iris` binary, which sits beside the test bundle in the build folder, and
/// returns its exit status and output.
private func iris(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
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
    ])
    func badInput(arguments: [String], mentioned: String) throws {
        let result = try iris(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(mentioned), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "crashed: \(result.stderr)")
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
}
