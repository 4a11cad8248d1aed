@testable import Agent
import Foundation
import Tensor
import Testing

/// The tiny preset cut to a few seconds: 6 epochs of 40 steps on Catch, every component
/// training, an evaluation and media at epoch 4, the tokenizer frozen after epoch 3.
func quickConfig(seed: UInt64 = 0) throws -> TrainerConfig {
    var config = try ConfigOverrides.apply([
        "env.game=catch", "common.envSteps=200", "common.extraEpochs=1", "collection.stepsPerEpoch=40",
        "tokenizer.batchSize=4", "worldModel.batchSize=4", "actorCritic.batchSize=3",
        "training.tokenizer.stepsPerEpoch=2", "training.worldModel.stepsPerEpoch=2", "training.actorCritic.stepsPerEpoch=2",
        "training.tokenizer.stopAfterEpochs=3", "tokenizer.codeRevivalSteps=2",
        "evaluation.every=4", "evaluation.episodes=1", "evaluation.envs=1", "evaluation.finalEpisodes=1",
    ], to: .tiny)
    config.common.seed = seed
    return config
}

func temporaryRun() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("iris-run-\(UUID().uuidString)")
}

/// metrics.csv without the wall-clock columns, which no two runs share.
func deterministicMetrics(_ run: URL) throws -> [String] {
    let text = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let timing: Set<String> = ["steps_per_second", "epoch_seconds", "wall_seconds"]
    let keep = lines[0].indices.filter { !timing.contains(String(lines[0][$0])) }
    return lines.map { line in keep.map { String(line[$0]) }.joined(separator: ",") }
}

func resumed(_ url: URL) -> Trainer { try! Trainer.resume(directory: url) }

func weights(_ run: URL) throws -> [String: [Float]] {
    try SafeTensors.readTensors(from: run.appendingPathComponent("checkpoints/last/agent.safetensors")).mapValues(\.values)
}

@Suite("Trainer", .serialized)
struct TrainerTests {
    init() { Compute.configure(threads: 1) }

    @Test("the same seed gives identical metrics and weights; another seed does not")
    func determinism() throws {
        let (a, b, c) = (temporaryRun(), temporaryRun(), temporaryRun())
        defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
        for (url, seed) in [(a, UInt64(1)), (b, 1), (c, 2)] {
            let trainer = try Trainer.start(config: quickConfig(seed: seed), directory: url)
            trainer.report = { _ in }
            try trainer.train()
        }
        let metrics = try deterministicMetrics(a)
        #expect(metrics.count == 7)  // header + 6 epochs
        #expect(metrics == (try deterministicMetrics(b)))
        #expect(metrics != (try deterministicMetrics(c)))
        #expect(try weights(a) == weights(b))
        // Every component trained: its losses are in the last rows.
        #expect(!metrics.last!.contains(",,,,,,,,,,,,,,,"))
    }

    @Test("N epochs, resume, N more epochs equals 2N epochs straight")
    func resume() throws {
        let (straight, split) = (temporaryRun(), temporaryRun())
        defer { for url in [straight, split] { try? FileManager.default.removeItem(at: url) } }
        let whole = try Trainer.start(config: quickConfig(), directory: straight)
        whole.report = { _ in }
        try whole.train()

        do {  // the trainer, and its lock on the run directory, end with this block
            let first = try Trainer.start(config: quickConfig(), directory: split)
            first.report = { _ in }
            var epochs = 0
            first.shouldStop = { epochs += 1; return epochs > 3 }  // polled before each epoch
            try first.train()
            #expect(first.completedEpochs == 3 && !first.isFinished)
        }
        let second = try Trainer.resume(directory: split)
        second.report = { _ in }
        #expect(second.completedEpochs == 3)
        try second.train()
        #expect(second.isFinished)
        #expect(try deterministicMetrics(straight) == deterministicMetrics(split))
        #expect(try weights(straight) == weights(split))
        #expect(try String(contentsOf: straight.appendingPathComponent("eval.csv"), encoding: .utf8)
                == String(contentsOf: split.appendingPathComponent("eval.csv"), encoding: .utf8))
    }

    @Test("a crash at any point of a checkpoint write leaves a loadable checkpoint")
    func crashSafety() throws {
        let url = temporaryRun()
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let trainer = try Trainer.start(config: quickConfig(), directory: url)
            trainer.report = { _ in }
            var epochs = 0
            trainer.shouldStop = { epochs += 1; return epochs > 2 }
            try trainer.train()
        }
        let run = RunDirectory(url)
        let manager = FileManager.default
        let last = run.lastCheckpoint, old = run.checkpoints.appendingPathComponent("last.old")
        let temporary = run.checkpoints.appendingPathComponent("last.tmp")
        // Killed while writing the new checkpoint: a half-written last.tmp is ignored.
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: temporary.appendingPathComponent("agent.safetensors"))
        #expect(try Trainer.resume(directory: url).completedEpochs == 2)
        // Killed between the two renames: only last.old exists.
        try manager.moveItem(at: last, to: old)
        #expect(try Trainer.resume(directory: url).completedEpochs == 2)
        // Killed after a replay file was rewritten with more steps: the checkpoint's lengths win.
        try manager.moveItem(at: old, to: last)
        let lastEpisode = resumed(url).buffer.episodes.count - 1
        let file = ReplayStore.url(run.replay, episode: lastEpisode)
        let episode = try ReplayStore.read(file)
        let longer = Episode(frames: episode.frames + episode.frames, actions: episode.actions + episode.actions,
                             rewards: episode.rewards + episode.rewards, ends: [UInt8](repeating: 0, count: 2 * episode.count),
                             tokens: episode.tokens + episode.tokens)
        try ReplayStore.write(longer, to: file)
        #expect(try Trainer.resume(directory: url).buffer.stepCount == 80)
        // A damaged weights file is a clear error, not a crash.
        try Data("not safetensors".utf8).write(to: last.appendingPathComponent("agent.safetensors"))
        #expect(throws: AgentError.self) { try Trainer.resume(directory: url) }
    }

    @Test("refuses an existing run directory, an unknown game and a config that does not match the checkpoint")
    func badInput() throws {
        let url = temporaryRun()
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let trainer = try Trainer.start(config: quickConfig(), directory: url)
            trainer.report = { _ in }
            var epochs = 0
            trainer.shouldStop = { epochs += 1; return epochs > 1 }
            try trainer.train()
        }
        #expect(throws: AgentError.runDirectoryExists(url.path)) { try Trainer.start(config: quickConfig(), directory: url) }
        var unknown = try quickConfig()
        unknown.env.game = "tetris"
        #expect(throws: (any Error).self) { try Trainer.start(config: unknown, directory: temporaryRun()) }
        let missing = temporaryRun()
        #expect(throws: AgentError.notARunDirectory(missing.path)) { try Trainer.resume(directory: missing) }
        // Edit config.json so the world model no longer fits the saved weights.
        var edited = try quickConfig()
        edited.worldModel.layers += 1
        try ConfigOverrides.encode(edited).write(to: url.appendingPathComponent("config.json"))
        #expect { try Trainer.resume(directory: url) } throws: { error in
            guard case AgentError.checkpointMismatch = error else { return false }
            return true
        }
    }
}

@Suite("Trainer fork", .serialized)
struct TrainerForkTests {
    init() { Compute.configure(threads: 1) }

    @Test("a fork without changes continues exactly like the run; the source stays as it was")
    func forkContinues() throws {
        let (straight, source, copy) = (temporaryRun(), temporaryRun(), temporaryRun())
        defer { for url in [straight, source, copy] { try? FileManager.default.removeItem(at: url) } }
        let whole = try Trainer.start(config: quickConfig(), directory: straight)
        whole.report = { _ in }
        try whole.train()
        do {  // each trainer holds its run's lock until the end of its block
            let first = try Trainer.start(config: quickConfig(), directory: source)
            first.report = { _ in }
            var epochs = 0
            first.shouldStop = { epochs += 1; return epochs > 3 }
            try first.train()
        }
        let before = try deterministicMetrics(source)

        do {
            let fork = try Trainer.fork(from: source, to: copy) { $0 }
            fork.report = { _ in }
            #expect(fork.completedEpochs == 3)
            try fork.train()
            #expect(try deterministicMetrics(copy) == deterministicMetrics(straight))
            #expect(try weights(copy) == weights(straight))
            #expect(try deterministicMetrics(source) == before)
            #expect(resumed(source).completedEpochs == 3)
            // A finished run forked for more steps trains on and evaluates again at its new end.
            try fork.finish()
        }
        let longer = temporaryRun()
        defer { try? FileManager.default.removeItem(at: longer) }
        let extended = try Trainer.fork(from: copy, to: longer) { var more = $0; more.common.envSteps += 40; return more }
        extended.report = { _ in }
        try extended.train()
        #expect(extended.completedEpochs == 7)
        #expect(try extended.finish() != nil)
        let finals = try String(contentsOf: longer.appendingPathComponent("eval.csv"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasSuffix(",1") }.map { $0.split(separator: ",")[0] }
        #expect(finals == ["6", "7"])
    }

    @Test("a fork takes new settings, refuses an existing directory and leaves nothing when the checkpoint does not fit")
    func forkChanges() throws {
        let (source, copy) = (temporaryRun(), temporaryRun())
        defer { for url in [source, copy] { try? FileManager.default.removeItem(at: url) } }
        do {
            let first = try Trainer.start(config: quickConfig(), directory: source)
            first.report = { _ in }
            var epochs = 0
            first.shouldStop = { epochs += 1; return epochs > 2 }
            try first.train()
        }

        let fork = try Trainer.fork(from: source, to: copy) { try ConfigOverrides.apply(["actorCritic.gamma=0.9"], to: $0) }
        #expect(fork.config.actorCritic.gamma == 0.9)
        #expect(try RunDirectory(copy).readConfig().actorCritic.gamma == 0.9)
        #expect(try RunDirectory(source).readConfig().actorCritic.gamma == 0.99)
        #expect(throws: AgentError.runDirectoryExists(copy.path)) { try Trainer.fork(from: source, to: copy) { $0 } }

        try FileManager.default.removeItem(at: copy)
        #expect(throws: AgentError.self) {
            try Trainer.fork(from: source, to: copy) { var changed = $0; changed.worldModel.layers += 1; return changed }
        }
        #expect(!FileManager.default.fileExists(atPath: copy.path))
    }

    @Test("a fork can start the actor-critic fresh with another input; the other models and the run go on")
    func forkWithFreshActorCritic() throws {
        let (source, copy) = (temporaryRun(), temporaryRun())
        defer { for url in [source, copy] { try? FileManager.default.removeItem(at: url) } }
        do {
            let first = try Trainer.start(config: quickConfig(), directory: source)
            first.report = { _ in }
            var epochs = 0
            first.shouldStop = { epochs += 1; return epochs > 4 }  // past an evaluation: a best checkpoint exists
            try first.train()
        }
        #expect(FileManager.default.fileExists(atPath: RunDirectory(source).bestCheckpoint.path))
        let toEmbeddings = { (config: TrainerConfig) in
            try ConfigOverrides.apply(["actorCritic.input=worldModelEmbeddings", "actorCritic.tokenProjectionWidth=12"], to: config)
        }
        #expect(throws: AgentError.self) { try Trainer.fork(from: source, to: copy, change: toEmbeddings) }
        #expect(throws: AgentError.self) { try Trainer.fork(from: source, to: copy, fresh: ["tokenizer"], change: toEmbeddings) }

        do { _ = try Trainer.fork(from: source, to: copy, fresh: ["actor_critic"], change: toEmbeddings) }
        let (old, new) = (try weights(source), try weights(copy))
        let projection = "actor_critic.token_projection.weight"
        let config = try quickConfig()  // token input: the projection reads codebook vectors, then world-model rows
        #expect(old[projection]?.count == config.actorCritic.tokenProjectionWidth * config.tokenizer.embeddingWidth)
        #expect(new[projection]?.count == 12 * config.worldModel.embeddingWidth)
        #expect(new.filter { !$0.key.hasPrefix("actor_critic.") } == old.filter { !$0.key.hasPrefix("actor_critic.") })
        #expect(!FileManager.default.fileExists(atPath: RunDirectory(copy).bestCheckpoint.path))
        let fork = try Trainer.resume(directory: copy)
        fork.report = { _ in }
        #expect(fork.completedEpochs == 4)
        try fork.train()
        #expect(fork.completedEpochs == config.totalEpochs)
        #expect(try weights(copy)[projection] != new[projection])
    }
}
