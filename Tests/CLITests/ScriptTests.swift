import Foundation
import Testing

/// Experiments/train_game.sh (what `make train` runs) with a stand-in for `iris`: it must stop,
/// non-zero and without results, when a run stops early, and write results beside the runs
/// rather than over the committed ones unless asked.
@Suite("make train scripts")
struct ScriptTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the script in a scratch tree (it works relative to its own folder) and a fake
    /// iris that "trains" to the end only if FAKE_FINISH=1, or fails if FAKE_FAIL=1.
    private func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("iris-scripts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Experiments"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Experiments/train_game.sh"),
                                         to: root.appendingPathComponent("Experiments/train_game.sh"))
        let fake = """
            #!/bin/bash
            if [ "$1" = curve ]; then out=${@: -1}; echo epoch,final > "$out"; exit 0; fi
            [ "${FAKE_FAIL:-0}" = 1 ] && { echo "Error: training diverged" >&2; exit 1; }
            run=${@: -1}; [ "$2" = --resume ] && run=$3
            for ((i = 1; i < $#; i++)); do [ "${!i}" = --run-dir ] && { j=$((i + 1)); run=${!j}; }; done
            mkdir -p "$run"; echo '{}' > "$run/config.json"; echo epoch > "$run/metrics.csv"
            printf 'epoch,final\\n1,%s\\n' "${FAKE_FINISH:-0}" > "$run/eval.csv"
            """
        let fakeURL = root.appendingPathComponent("fake-iris")
        try fake.write(to: fakeURL, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeURL.path)
        return root
    }

    private func run(_ root: URL, _ environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("Experiments/train_game.sh").path, "pong", "100", "1", "tiny"]
        var env = ProcessInfo.processInfo.environment
        env["IRIS"] = root.appendingPathComponent("fake-iris").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("9. a run that stops early or fails stops the script non-zero, with no results written")
    func stopsWhenTrainingStops() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let stopped = try run(root, ["FAKE_FINISH": "0"])
        #expect(stopped.status != 0, "output: \(stopped.output)")
        #expect(stopped.output.contains("is not finished"))
        let failed = try run(root, ["FAKE_FAIL": "1"])
        #expect(failed.status != 0)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/results/pong/learning_curve.csv").path))
    }

    @Test("9. results go to runs/results/GAME unless RESULTS names another place")
    func resultsBesideTheRuns() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let finished = try run(root, ["FAKE_FINISH": "1"])
        #expect(finished.status == 0, "output: \(finished.output)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/results/pong/learning_curve.csv").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Experiments/results").path))
        let published = try run(root, ["FAKE_FINISH": "1", "RESULTS": "Experiments/results/pong"])
        #expect(published.status == 0)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Experiments/results/pong/eval_seed0.csv").path))
    }

    @Test("9. viewer screenshots in recordings/ are ignored by git")
    func recordingsIgnored() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", Self.repository.path, "check-ignore", "-q", "recordings/shot.png"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
