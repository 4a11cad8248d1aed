import Foundation
import Testing

/// Issue 22 through the shipped binary: divergence, resume without a checkpoint, the run lock,
/// checksums, state.json, threads, unwritable outputs.
@Suite("iris reliability", .serialized)
struct ReliabilityCLITests {
    private static let manager = FileManager.default

    private func newRun() -> URL {
        Self.manager.temporaryDirectory.appendingPathComponent("iris-reliability-\(UUID().uuidString)")
    }

    /// A finished tiny Catch run of 4 epochs (200 steps; an evaluation, so a best checkpoint),
    /// trained on one thread.
    private func trainedRun(_ extra: [String] = []) throws -> URL {
        let run = newRun()
        let result = try iris(["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                               "--set", "common.envSteps=200", "--set", "common.extraEpochs=0",
                               "--set", "evaluation.episodes=1", "--set", "evaluation.finalEpisodes=1"] + extra)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return run
    }

    private func fnv1a64(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Rewrites a file of the last checkpoint together with its checksum, as a deliberate edit.
    private func rewrite(_ name: String, in run: URL, _ change: (inout Data) throws -> Void) throws {
        let last = run.appendingPathComponent("checkpoints/last")
        var data = try Data(contentsOf: last.appendingPathComponent(name))
        try change(&data)
        try data.write(to: last.appendingPathComponent(name))
        let manifestURL = last.appendingPathComponent("checksums.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: String]
        manifest[name] = fnv1a64(data)
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
    }

    private func lastEpoch(_ run: URL) throws -> Int {
        let state = try JSONSerialization.jsonObject(
            with: Data(contentsOf: run.appendingPathComponent("checkpoints/last/state.json"))) as! [String: Any]
        return state["epoch"] as! Int
    }

    @Test("1. a diverging run stops with a non-zero exit and keeps its last good checkpoint")
    func divergence() throws {
        let run = newRun()
        defer { try? Self.manager.removeItem(at: run) }
        let result = try iris(["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                               "--set", "worldModel.learningRate=1e30"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("training diverged: the world model"), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        let epoch = try lastEpoch(run)
        #expect(result.stderr.contains("last checkpoint (epoch \(epoch))"))
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(metrics.split(separator: "\n").count == epoch + 1 && !metrics.contains("nan"))
    }

    @Test("1. eval and watch refuse non-finite weights")
    func nonFiniteWeights() throws {
        let run = try trainedRun()
        defer { try? Self.manager.removeItem(at: run) }
        try rewrite("agent.safetensors", in: run) { data in
            data.replaceSubrange((data.count - 4)..., with: [0x00, 0x00, 0xc0, 0x7f])  // the last float: nan
        }
        for arguments in [["eval", run.path, "--episodes", "1"], ["watch", run.path, "--headless", "--steps", "1"]] {
            let result = try iris(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains("non-finite values"), "stderr: \(result.stderr)")
        }
    }

    @Test("2. --resume refuses a run without a checkpoint or state.json and changes nothing")
    func resumeWithoutCheckpoint() throws {
        let run = try trainedRun()
        defer { try? Self.manager.removeItem(at: run) }
        let metrics = try Data(contentsOf: run.appendingPathComponent("metrics.csv"))
        try Self.manager.removeItem(at: run.appendingPathComponent("checkpoints/last/state.json"))
        let result = try iris(["train", "--resume", run.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot resume") && result.stderr.contains("checkpoints/last/state.json"),
                "stderr: \(result.stderr)")
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.csv")) == metrics)
        try Self.manager.removeItem(at: run.appendingPathComponent("checkpoints"))
        #expect(try iris(["train", "--resume", run.path]).stderr.contains("it has no checkpoint"))
    }

    @Test("3. a second writer of a run directory is refused at once")
    func lock() throws {
        let run = newRun()
        defer { try? Self.manager.removeItem(at: run) }
        let first = try iris(["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                              "--set", "common.envSteps=50", "--set", "common.extraEpochs=0",
                              "--set", "evaluation.every=0", "--set", "evaluation.finalEpisodes=0"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        // Hold the lock as a training process would, from another process.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-o", run.appendingPathComponent(".lock").path, "sleep", "20"]
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.5)
        let start = Date()
        let second = try iris(["train", "--resume", run.path])
        #expect(second.status != 0)
        #expect(second.stderr.contains("is in use by another iris process"), "stderr: \(second.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        let fork = try iris(["train", "--fork", run.path, "--run-dir", newRun().path])
        #expect(fork.status != 0 && fork.stderr.contains("in use"), "stderr: \(fork.stderr)")
    }

    @Test("4. a changed byte in any checkpoint file is refused, naming the file")
    func checksums() throws {
        let run = try trainedRun()
        defer { try? Self.manager.removeItem(at: run) }
        for name in ["agent.safetensors", "optimizers.safetensors", "state.json"] {
            let url = run.appendingPathComponent("checkpoints/last/\(name)")
            let original = try Data(contentsOf: url)
            var damaged = original
            damaged[damaged.count - 2] ^= 0x01
            try damaged.write(to: url)
            let result = try iris(["train", "--resume", run.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains(name) && result.stderr.contains("checksum mismatch"), "stderr: \(result.stderr)")
            try original.write(to: url)
        }
        let best = run.appendingPathComponent("checkpoints/best/agent.safetensors")
        var damaged = try Data(contentsOf: best)
        damaged[damaged.count - 2] ^= 0x01
        try damaged.write(to: best)
        let result = try iris(["eval", run.path, "--best", "--episodes", "1"])
        #expect(result.status != 0 && result.stderr.contains("checksum mismatch"), "stderr: \(result.stderr)")
    }

    @Test("6. a state.json beyond the run's target is an error at once, not a spin", arguments: [
        ("envSteps", 1_000_000, "envSteps 1000000 is outside"),
        ("epoch", -1, "epoch -1 is outside"),
    ])
    func stateJSON(field: String, value: Int, mentioned: String) throws {
        let run = try trainedRun()
        defer { try? Self.manager.removeItem(at: run) }
        try rewrite("state.json", in: run) { data in
            var state = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            state[field] = value
            data = try JSONSerialization.data(withJSONObject: state)
        }
        let start = Date()
        let result = try iris(["train", "--resume", run.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(mentioned), "stderr: \(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("7. an unwritable --out is one clear line")
    func unwritableOut() throws {
        let run = try trainedRun()
        defer { try? Self.manager.removeItem(at: run) }
        let result = try iris(["curve", run.path, "--out", "/proc/iris-no-such/curve.csv"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot create --out directory /proc/iris-no-such"), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Fatal error"))
    }

    @Test("8. the thread count is stored in config.json; resuming on another count warns")
    func threads() throws {
        let run = try trainedRun(["--set", "common.extraEpochs=1"])
        defer { try? Self.manager.removeItem(at: run) }
        let config = try String(contentsOf: run.appendingPathComponent("config.json"), encoding: .utf8)
        #expect(config.contains("\"threads\" : 1"))
        let same = try iris(["train", "--resume", run.path])
        #expect(same.status == 0 && same.stdout.contains("1 threads") && !same.stderr.contains("warning"),
                "stdout: \(same.stdout) stderr: \(same.stderr)")
        let other = try iris(["train", "--resume", run.path, "--threads", "2"])
        #expect(other.status == 0 && other.stderr.contains("warning: \(run.path) trained on 1 threads"),
                "stderr: \(other.stderr)")
    }
}

/// scripts/iris_checkpoint_to_safetensors.py without torch: a trained run's weights, given
/// IRIS's extra keys and saved as .npz (the script's torch-free input), become a run directory
/// that `iris eval` plays, with the buffers checked and the LPIPS tensors skipped.
@Suite("IRIS checkpoint converter")
struct ConverterTests {
    @Test("11. the converter's run directory loads in iris eval, IRIS's buffers checked and lpips skipped")
    func converterOutputLoads() throws {
        let manager = FileManager.default
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { manager.fileExists(atPath: $0) }
        guard let python, shell([python, "-c", "import numpy"]) == 0 else { return }  // numpy: see scripts/
        let base = manager.temporaryDirectory.appendingPathComponent("iris-convert-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: base) }
        let run = base.appendingPathComponent("run"), converted = base.appendingPathComponent("converted")
        let train = try iris(["train", "--env", "catch", "--preset", "tiny", "--run-dir", run.path, "--threads", "1",
                              "--set", "common.envSteps=50", "--set", "common.extraEpochs=0",
                              "--set", "evaluation.every=0", "--set", "evaluation.finalEpisodes=0"])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        // IRIS's Agent.state_dict(): our weights plus one causal mask per block, the Slicer
        // indices of the three heads and an LPIPS tensor.
        let makeState = """
            import json, struct, sys, numpy as np
            run, out = sys.argv[1], sys.argv[2]
            raw = open(run + "/checkpoints/last/agent.safetensors", "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]; header = json.loads(raw[8:8 + n])
            state = {k: np.frombuffer(raw[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], "<f4").reshape(v["shape"])
                     for k, v in header.items() if k != "__metadata__"}
            wm = json.load(open(run + "/config.json"))["worldModel"]
            k, blocks, layers = wm["tokensPerFrame"], wm["maxBlocks"], wm["layers"]
            t = (k + 1) * blocks
            for i in range(layers):
                state[f"world_model.transformer.blocks.{i}.attn.mask"] = np.tril(np.ones((t, t), np.float32))
            def slicer(mask):
                kept = np.where(mask)[0]
                return (np.tile(kept, blocks) + (k + 1) * np.repeat(np.arange(blocks), len(kept))).astype(np.int64)
            obs = np.ones(k + 1); obs[-2] = 0
            act = np.zeros(k + 1); act[-1] = 1
            state["world_model.head_observations.indices"] = slicer(obs)
            state["world_model.head_rewards.indices"] = slicer(act)
            state["world_model.head_ends.indices"] = slicer(act)
            state["tokenizer.lpips.lin0.model.1.weight"] = np.ones((1, 64, 1, 1), np.float32)
            np.savez(out, **state)
            """
        let npz = base.appendingPathComponent("iris.npz").path
        #expect(shell([python, "-c", makeState, run.path, npz]) == 0)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/iris_checkpoint_to_safetensors.py").path
        #expect(shell([python, script, npz, "--config", run.appendingPathComponent("config.json").path,
                       "--run-dir", converted.path]) == 0)
        let evaluation = try iris(["eval", converted.path, "--episodes", "1"])
        #expect(evaluation.status == 0, "stderr: \(evaluation.stderr)")
        #expect(evaluation.stderr.contains("skipped 1 tokenizer.lpips") && evaluation.stderr.contains("IRIS buffers"),
                "stderr: \(evaluation.stderr)")
        // The converter refuses to write into an existing run.
        #expect(shell([python, script, npz, "--game", "catch", "--run-dir", converted.path]) != 0)
    }

    private func shell(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
