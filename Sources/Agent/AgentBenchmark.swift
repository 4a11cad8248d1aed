import Foundation
import Tensor

/// `iris bench agent`: the cost of each part of an epoch at a configuration, measured on real
/// Pong frames, and what a whole run with that configuration's schedule would take.
public struct AgentBenchmarkResult: Sendable {
    public var collectionStepsPerSecond = 0.0
    public var tokenCachingFramesPerSecond = 0.0
    public var tokenizerStep = 0.0
    public var worldModelStep = 0.0
    public var actorCriticStep = 0.0
    /// Seconds of a whole run at the configuration's schedule (evaluation excluded).
    public var estimatedRunSeconds = 0.0
}

extension Trainer {
    /// Fills the buffer with `fill` steps of the untrained policy, then times `repetitions`
    /// gradient steps of each component (after one warm-up step each).
    public static func benchmark(config: TrainerConfig, fill: Int, repetitions: Int,
                                 report: (String) -> Void) throws -> AgentBenchmarkResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iris-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trainer = try Trainer.start(config: config, directory: directory)
        var result = AgentBenchmarkResult()
        var start = Date()
        _ = try trainer.collector.collect(steps: fill, actorCritic: trainer.agent.actorCritic, view: trainer.agent.view,
                                          buffer: trainer.buffer, temperature: 1, epsilon: 0,
                                          burnIn: config.actorCritic.burnIn, using: &trainer.rng)
        result.collectionStepsPerSecond = Double(fill) / Date().timeIntervalSince(start)
        report(String(format: "collection (encode + policy + env): %.0f steps/s", result.collectionStepsPerSecond))

        func time(_ name: String, _ body: (Int) throws -> Void) throws -> Double {
            try body(1)
            let start = Date()
            try body(repetitions)
            let seconds = Date().timeIntervalSince(start) / Double(repetitions)
            report(String(format: "%@ step: %.3f s", name, seconds))
            return seconds
        }
        result.tokenizerStep = try time("tokenizer (batch \(config.tokenizer.batchSize))") { _ = try trainer.trainTokenizer(steps: $0) }
        start = Date()
        trainer.buffer.cacheTokens { frames, count in trainer.agent.view.tokens(frames: frames, count: count).map(Int32.init) }
        result.tokenCachingFramesPerSecond = Double(fill) / Date().timeIntervalSince(start)
        report(String(format: "token caching (encode): %.0f frames/s", result.tokenCachingFramesPerSecond))
        result.worldModelStep = try time("world model (batch \(config.worldModel.batchSize) x \(config.worldModel.maxBlocks) steps)") {
            _ = try trainer.trainWorldModel(steps: $0)
        }
        let ac = config.actorCritic
        result.actorCriticStep = try time("actor-critic (batch \(ac.batchSize), burn-in \(ac.burnIn), horizon \(ac.horizon), \(ac.input.rawValue))") {
            _ = try trainer.trainActorCritic(steps: $0)
        }
        result.estimatedRunSeconds = estimate(config: config, result: result)
        return result
    }

    /// Sums the schedule: collection every collecting epoch, each component's steps in the
    /// epochs it trains. Before the tokenizer freezes, batches are encoded on the fly, which
    /// this estimate (measured with cached tokens) leaves out.
    static func estimate(config: TrainerConfig, result: AgentBenchmarkResult) -> Double {
        var total = Double(config.common.envSteps) / result.collectionStepsPerSecond
        let schedule = config.training
        for epoch in 1...config.totalEpochs {
            if schedule.tokenizer.trains(in: epoch) { total += Double(schedule.tokenizer.stepsPerEpoch) * result.tokenizerStep }
            if schedule.worldModel.trains(in: epoch) { total += Double(schedule.worldModel.stepsPerEpoch) * result.worldModelStep }
            if schedule.actorCritic.trains(in: epoch) { total += Double(schedule.actorCritic.stepsPerEpoch) * result.actorCriticStep }
        }
        if schedule.tokenizer.stopAfterEpochs > 0 {
            total += Double(min(config.common.envSteps, schedule.tokenizer.stopAfterEpochs * config.collection.stepsPerEpoch))
                / result.tokenCachingFramesPerSecond
        }
        return total
    }
}

extension TrainerConfig {
    /// The reduced configuration issue #6 timed official IRIS at (13.9 s per actor-critic step
    /// with 2 threads): tokenizer ch 32, z_channels and embed_dim 256 (the rest as the paper),
    /// world model 4 layers x 4 heads x 128 wide x 8 blocks, actor-critic batch 32, horizon 15,
    /// burn-in 8, pixel input.
    public static var benchmarkReference: TrainerConfig {
        var config = TrainerConfig.paper
        config.tokenizer.channels = 32
        config.tokenizer.zChannels = 256
        config.tokenizer.embeddingWidth = 256
        config.worldModel.layers = 4
        config.worldModel.heads = 4
        config.worldModel.embeddingWidth = 128
        config.worldModel.maxBlocks = 8
        config.actorCritic.batchSize = 32
        config.actorCritic.horizon = 15
        config.actorCritic.burnIn = 8
        return config
    }
}
