import Env
import Foundation
import Tensor

/// IRIS's training loop (`Trainer.run`): per epoch, collect real steps, train the tokenizer,
/// the world model and the actor-critic in turn, evaluate now and then, log a metrics row and
/// checkpoint. `start` makes a new run directory; `resume` continues one exactly.
public final class Trainer {
    public let config: TrainerConfig
    public let run: RunDirectory
    public let agent: IrisAgent
    let buffer: ReplayBuffer
    let collector: Collector
    let dream: WorldModelEnv
    var rng: RandomGenerator
    var state: TrainerState
    let metrics: CSVLog
    let evaluations: CSVLog
    /// Held while this trainer lives: a second process writing the same run is refused.
    let lock: RunLock
    var costs = EpochCosts()
    /// Where progress lines go (the CLI prints them).
    public var report: (String) -> Void = { print($0) }
    /// Polled between epochs: true ends the run after the current epoch's checkpoint.
    public var shouldStop: () -> Bool = { false }

    public static let metricColumns = [
        "epoch", "env_steps", "frames", "episodes", "train_return",
        "tokenizer/train/total_loss", "tokenizer/train/commitment_loss", "tokenizer/train/reconstruction_loss",
        "tokenizer/train/perceptual_loss", "tokenizer/train/codebook_distinct", "tokenizer/train/codebook_perplexity",
        "tokenizer/train/foreground_match",
        "world_model/train/total_loss", "world_model/train/loss_obs", "world_model/train/loss_rewards",
        "world_model/train/loss_ends",
        "actor_critic/train/total_loss", "actor_critic/train/loss_actions", "actor_critic/train/loss_values",
        "actor_critic/train/loss_entropy", "actor_critic/train/imagined_return",
        "steps_per_second", "epoch_seconds", "wall_seconds",
    ]
    public static let evaluationColumns = [
        "epoch", "env_steps", "episodes", "return_mean", "return_std", "return_min", "return_max",
        "length_mean", "human_normalized", "temperature", "final",
    ]

    private init(config: TrainerConfig, run: RunDirectory, state: TrainerState?, lock: RunLock) throws {
        try config.validate()
        self.config = config
        self.run = run
        self.lock = lock
        var rng = RandomGenerator(seed: config.common.seed)
        var modelRNG = rng.split()
        let collectorSeed = rng.next()
        collector = try Collector(settings: config.env, seed: collectorSeed)
        agent = IrisAgent(config: config, actionCount: collector.env.actionCount, using: &modelRNG)
        buffer = ReplayBuffer(tokensPerFrame: config.tokenizer.tokensPerFrame)
        dream = WorldModelEnv(worldModel: agent.worldModel, view: agent.view,
                              contextFrames: config.actorCritic.contextFrames)
        self.rng = rng
        self.state = state ?? TrainerState(rng: rng)
        metrics = CSVLog(url: run.metrics, columns: Self.metricColumns)
        evaluations = CSVLog(url: run.evaluations, columns: Self.evaluationColumns)
        for module in agent.modules { module.eval() }
    }

    /// A new run in `directory`, which must not exist yet (or be empty).
    public static func start(config: TrainerConfig, directory: URL) throws -> Trainer {
        try config.validate()
        _ = try AtariEnv(game: config.env.game)  // an unknown game fails before anything is written
        let (run, lock) = try RunDirectory.create(at: directory, config: config)
        let trainer = try Trainer(config: config, run: run, state: nil, lock: lock)
        try trainer.metrics.prepare(keepThrough: nil)
        try trainer.evaluations.prepare(keepThrough: nil)
        // An epoch-0 checkpoint, so a run killed in its first epoch still resumes exactly
        // (and a run directory without a checkpoint is always an error, never a fresh start).
        try trainer.saveCheckpoint()
        return trainer
    }

    /// The run in `directory`, restored to its last checkpoint; a directory without one is an
    /// error naming what is missing (starting over would overwrite its metrics and replay).
    /// Models named in `fresh` (`Trainer.freshModels`) start anew, weights and optimizer (a
    /// fork's change of their shape).
    public static func resume(directory: URL, fresh: Set<String> = []) throws -> Trainer {
        let run = RunDirectory(directory)
        let config = try run.readConfig()
        try config.validate()
        let lock = try RunLock(run: run)
        guard let checkpoint = try? Checkpoint.latest(in: run) else {
            throw AgentError.cannotResume(path: directory.path, missing: "it has no checkpoint "
                + "(neither checkpoints/last/state.json nor checkpoints/last.old/state.json exists)")
        }
        let trainer = try Trainer(config: config, run: run, state: nil, lock: lock)
        trainer.state = try Checkpoint.load(into: trainer.agent, buffer: trainer.buffer, from: checkpoint, run: run,
                                            config: config, fresh: fresh)
        trainer.rng = trainer.state.rng
        try trainer.collector.replay(trainer.state.collectorLog)
        try trainer.metrics.prepare(keepThrough: trainer.state.epoch)
        try trainer.evaluations.prepare(keepThrough: trainer.state.epoch)
        return trainer
    }

    public var completedEpochs: Int { state.epoch }
    public var isFinished: Bool { state.epoch >= config.totalEpochs }

    /// Parameter counts by model, for the start-up summary.
    public var parameterCounts: [(name: String, count: Int)] {
        [("tokenizer", agent.tokenizer.parameterCount), ("world_model", agent.worldModel.parameterCount),
         ("actor_critic", agent.actorCritic.parameterCount)]
    }

    /// Trains epoch after epoch until the last one or until `shouldStop()`.
    public func train() throws {
        let runStart = Date()
        let wallAtStart = state.wallSeconds
        while state.epoch < config.totalEpochs && !shouldStop() {
            let epochStart = Date()
            let epoch = state.epoch + 1
            let row = try runEpoch(epoch)
            state.epoch = epoch
            state.finalEvaluationDone = false  // a run extended past its end (a fork) evaluates again
            state.wallSeconds = wallAtStart + Date().timeIntervalSince(runStart)
            var values = row
            let seconds = Date().timeIntervalSince(epochStart)
            values["epoch_seconds"] = cell(seconds)
            values["wall_seconds"] = cell(state.wallSeconds)
            try metrics.append(values)
            try saveCheckpoint()
            report(progressLine(values, seconds: seconds, eta: costs.remaining(after: epoch, config: config)))
        }
    }

    /// The final evaluation (IRIS's scripts/eval.py: `evaluation.finalEpisodes` test episodes)
    /// once the last epoch is done; nil if the run is not finished or was already evaluated.
    @discardableResult
    public func finish() throws -> EpisodeStatistics? {
        guard isFinished, !state.finalEvaluationDone, config.evaluation.finalEpisodes > 0 else { return nil }
        report("final evaluation: \(config.evaluation.finalEpisodes) episodes, temperature \(config.evaluation.temperature)")
        let statistics = try evaluate(epoch: state.epoch, episodes: config.evaluation.finalEpisodes, final: true)
        state.finalEvaluationDone = true
        try saveCheckpoint()
        return statistics
    }

    /// One epoch; returns its metrics row (without the timing columns).
    func runEpoch(_ epoch: Int) throws -> [String: String] {
        do {
            return try runEpochParts(epoch)
        } catch AgentError.diverged(let model, let quantity, let step, _) {
            throw AgentError.diverged(model: model, quantity: quantity, step: step, epoch: epoch)
        }
    }

    private func runEpochParts(_ epoch: Int) throws -> [String: String] {
        var row: [String: String] = ["epoch": "\(epoch)"]
        let schedule = config.training
        let parts = EpochCosts.parts(in: epoch, config: config)
        /// Runs one part of the epoch and records its cost for the ETA.
        func timed<T>(_ part: EpochCosts.Part, _ body: () throws -> T) rethrows -> T {
            let start = Date()
            defer { costs.record(part, seconds: Date().timeIntervalSince(start)) }
            return try body()
        }
        let start = Date()
        var collected = 0
        if parts.contains(.collection) {
            // max(0, ...): state.json is validated, but a negative count must never reach the
            // collector, which would then never finish.
            let steps = max(0, min(config.collection.stepsPerEpoch, config.common.envSteps - state.envSteps))
            collected = steps
            let finished = try timed(.collection) {
                try collector.collect(
                    steps: steps, actorCritic: agent.actorCritic, view: agent.view, buffer: buffer,
                    temperature: config.collection.temperature, epsilon: config.collection.epsilon,
                    burnIn: config.actorCritic.burnIn, using: &rng)
            }
            state.envSteps += steps
            state.trainEpisodes += finished.count
            if !finished.isEmpty {
                row["train_return"] = cell(Double(finished.map(\.score).reduce(0, +)) / Double(finished.count))
            }
        }
        if parts.contains(.tokenizer) {
            add(try timed(.tokenizer) { try trainTokenizer(steps: schedule.tokenizer.stepsPerEpoch) },
                prefix: "tokenizer/train/", to: &row)
        }
        if schedule.tokenizer.stopAfterEpochs > 0 && epoch >= schedule.tokenizer.stopAfterEpochs && !buffer.hasTokens {
            cacheTokens()
        }
        if parts.contains(.worldModel) {
            add(try timed(.worldModel) { try trainWorldModel(steps: schedule.worldModel.stepsPerEpoch) },
                prefix: "world_model/train/", to: &row)
        }
        if parts.contains(.actorCritic) {
            add(try timed(.actorCritic) { try trainActorCritic(steps: schedule.actorCritic.stepsPerEpoch) },
                prefix: "actor_critic/train/", to: &row)
        }
        if parts.contains(.evaluation) {
            try timed(.evaluation) { _ = try evaluate(epoch: epoch, episodes: config.evaluation.episodes, final: false) }
        }
        if parts.contains(.media) {
            try timed(.media) { try writeMedia(epoch: epoch) }
        }
        row["env_steps"] = "\(state.envSteps)"
        row["frames"] = "\(state.envSteps * 4)"
        row["episodes"] = "\(state.trainEpisodes)"
        if collected > 0 { row["steps_per_second"] = cell(Double(collected) / max(Date().timeIntervalSince(start), 1e-9)) }
        return row
    }

    /// Encodes every stored frame once the tokenizer stops training, so the world model and the
    /// actor-critic read tokens instead of running the encoder on every batch.
    func cacheTokens() {
        let view = agent.view
        buffer.cacheTokens { frames, count in view.tokens(frames: frames, count: count).map(Int32.init) }
        state.hasTokens = true
        report("tokenizer frozen: cached the tokens of \(buffer.stepCount) stored frames")
    }

    private func add(_ metrics: [String: Float], prefix: String, to row: inout [String: String]) {
        for (name, value) in metrics { row[prefix + name] = cell(value) }
    }

    /// Plays test episodes, appends a row to eval.csv and keeps the best weights.
    @discardableResult
    public func evaluate(epoch: Int, episodes: Int, final: Bool) throws -> EpisodeStatistics {
        let seed = rng.next()
        let statistics = try Evaluator.evaluate(
            settings: config.env, episodes: episodes, envs: config.evaluation.envs,
            temperature: config.evaluation.temperature, actorCritic: agent.actorCritic, view: agent.view,
            seed: seed, using: &rng)
        let mean = statistics.meanScore
        var row = [
            "epoch": "\(epoch)", "env_steps": "\(state.envSteps)", "episodes": "\(statistics.count)",
            "return_mean": cell(mean), "return_std": cell(statistics.scoreStandardDeviation),
            "return_min": cell(statistics.scores.min() ?? .nan), "return_max": cell(statistics.scores.max() ?? .nan),
            "length_mean": cell(statistics.meanLength), "temperature": cell(config.evaluation.temperature),
            "final": final ? "1" : "0",
        ]
        let normalized = ReferenceScores.humanNormalized(mean, game: config.env.game)
        if let normalized { row["human_normalized"] = cell(normalized) }
        try evaluations.append(row)
        report(String(format: "  eval epoch %d: return %.2f ± %.2f over %d episodes", epoch, mean,
                      statistics.scoreStandardDeviation, statistics.count)
               + (normalized.map { String(format: " (human-normalised %.3f)", $0) } ?? ""))
        if !final && mean > (state.bestEvaluation ?? -.infinity) {
            state.bestEvaluation = mean
            try Checkpoint.saveBest(agent: agent, epoch: epoch, run: run)
        }
        return statistics
    }

    func saveCheckpoint() throws {
        state.rng = rng
        state.collectorLog = collector.log
        state.episodeLengths = buffer.episodes.map(\.count)
        state.hasTokens = buffer.hasTokens
        try Checkpoint.save(agent: agent, buffer: buffer, state: state, run: run)
    }

    private func progressLine(_ row: [String: String], seconds: Double,
                              eta: (seconds: Double, untimed: [EpochCosts.Part])) -> String {
        func value(_ key: String) -> String {
            guard let text = row[key], let number = Double(text) else { return "-" }
            return String(format: "%.3f", number)
        }
        var parts = ["epoch \(row["epoch"]!)/\(config.totalEpochs)", "steps \(row["env_steps"]!)"]
        if let r = row["train_return"], let v = Double(r) { parts.append(String(format: "return %.1f", v)) }
        parts.append("tok \(value("tokenizer/train/total_loss"))")
        parts.append("wm \(value("world_model/train/total_loss"))")
        parts.append("ac \(value("actor_critic/train/total_loss"))")
        parts.append(String(format: "%.1f s", seconds))
        parts.append(eta.untimed.isEmpty ? "ETA \(Self.duration(eta.seconds))"
            : "ETA > \(Self.duration(eta.seconds)) (\(eta.untimed.map(\.rawValue).joined(separator: ", ")) not timed yet)")
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }
}
