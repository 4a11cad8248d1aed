import ArgumentParser
import Foundation
import Tensor
import WorldModel

/// `iris bench worldmodel`: a world-model training step (forward + backward + AdamW at the
/// preset's batch and sequence length, tokens given) and imagination throughput (imagined
/// env steps/s: 1 + tokensPerFrame cached single-token passes per step, batched).
struct BenchWorldModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worldmodel",
        abstract: "Time a world-model training step and KV-cache imagination at a preset.")

    @Option(help: "Preset: paper, cpu or tiny.")
    var preset = "cpu"

    @Option(parsing: .unconditional, help: "Override the preset's layers (to measure candidate presets).")
    var layers: Int?

    @Option(parsing: .unconditional, help: "Override the preset's embedding width.")
    var width: Int?

    @Option(parsing: .unconditional, help: "Override the preset's attention heads.")
    var heads: Int?

    @Option(parsing: .unconditional, help: "Override the preset's context in blocks (= training sequence length in steps).")
    var blocks: Int?

    @Option(parsing: .unconditional, help: "Override the preset's training batch.")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Kernel threads.")
    var threads = 2

    @Option(parsing: .unconditional, help: "Actions of the game (Pong: 6).")
    var actions = 6

    @Option(parsing: .unconditional, help: "Timed training steps (after one warm-up step).")
    var trainSteps = 3

    @Option(parsing: .unconditional, help: "Rows imagined at once.")
    var imagineBatch = 64

    @Option(parsing: .unconditional, help: "Timed imagined env steps per row (after one warm-up step).")
    var imagineSteps = 20

    @Option(parsing: .unconditional, help: "GiB of idle buffers the tensor core keeps between steps (the paper preset's step peaks near 9).")
    var poolGib = 12

    @Option(parsing: .unconditional, help: "Seed of the weights, data and sampling.")
    var seed: UInt64 = 0

    /// The preset with the overrides applied.
    private func configuration() throws -> WorldModelConfig {
        guard var config = WorldModelConfig.preset(named: preset) else {
            throw ValidationError("--preset must be paper, cpu or tiny, got \(preset)")
        }
        if let layers { config.layers = layers }
        if let width { config.embeddingWidth = width }
        if let heads { config.heads = heads }
        if let blocks { config.maxBlocks = blocks }
        if let batch { config.batchSize = batch }
        try config.validate()
        return config
    }

    func validate() throws {
        _ = try configuration()
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard actions >= 1 else { throw ValidationError("--actions must be at least 1, got \(actions)") }
        guard poolGib >= 0 else { throw ValidationError("--pool-gib must be non-negative, got \(poolGib)") }
        guard trainSteps >= 1, imagineSteps >= 1, imagineBatch >= 1 else {
            throw ValidationError("--train-steps, --imagine-steps and --imagine-batch must be at least 1")
        }
    }

    func run() throws {
        Compute.configure(threads: threads)
        Compute.bufferPoolLimitBytes = poolGib << 30
        let config = try configuration()
        var rng = RandomGenerator(seed: seed)
        let model = WorldModel(config: config, actionCount: actions, using: &rng)
        print("world model '\(preset)': \(config.layers) layers x \(config.heads) heads x \(config.embeddingWidth), "
              + "\(config.maxBlocks) blocks (\(config.maxTokens) tokens), \(model.parameterCount) parameters, \(threads) thread(s) (OpenBLAS kernel \(BLASKernel.coreName))")

        let train = timeTraining(model, using: &rng)
        let tokens = config.batchSize * config.maxTokens
        print(String(format: "training step (batch %d x %d tokens, fwd+bwd+AdamW): mean %.3f s, best %.3f s, %.0f tokens/s, %.2f CPU s/step",
                     config.batchSize, config.maxTokens, train.mean, train.best, Double(tokens) / train.mean, train.cpu))

        let imagine = timeImagination(model, using: &rng)
        print(String(format: "imagination (batch %d, %d passes/step, %d steps): %.1f ms/step, %.0f imagined env steps/s",
                     imagineBatch, config.tokensPerBlock, imagineSteps, imagine * 1e3, Double(imagineBatch) / imagine))
    }

    /// Mean and best seconds of a training step on random segments (no padding, one end).
    /// Mean and best wall seconds of a step, and the process CPU seconds (user + system) per
    /// step: on a shared machine the wall time also counts other processes' turns.
    private func timeTraining(_ model: WorldModel, using rng: inout RandomGenerator) -> (mean: Double, best: Double, cpu: Double) {
        let c = model.config
        let (batch, steps) = (c.batchSize, c.sequenceLength)
        let frames = (0..<(batch * steps * c.tokensPerFrame)).map { _ in Int(rng.next() % UInt64(c.vocabularySize)) }
        let actionTokens = (0..<(batch * steps)).map { _ in Int(rng.next() % UInt64(model.actionCount)) }
        let rewards = (0..<(batch * steps)).map { _ in Float(Int(rng.next() % 3) - 1) }
        let ends = (0..<(batch * steps)).map { $0 % steps == steps - 1 ? 1 : 0 }
        let mask = [Bool](repeating: true, count: batch * steps)
        let optimizer = model.makeOptimizer()
        model.train()
        var times: [Double] = []
        var cpuStart = 0.0
        for step in 0...trainSteps {
            if step == 1 { cpuStart = processCPUSeconds() }
            let start = DispatchTime.now().uptimeNanoseconds
            optimizer.zeroGrad()
            let losses = model.loss(frameTokens: frames, actions: actionTokens, rewards: rewards, ends: ends, mask: mask,
                                    batch: batch, steps: steps, using: &rng)
            losses.total.backward()
            clipGradientNorm(model.parameters, maxNorm: c.maxGradNorm)
            optimizer.step()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let cpu = (processCPUSeconds() - cpuStart) / Double(trainSteps)
        let timed = times.dropFirst()   // the first step fills the buffer pool
        return (timed.reduce(0, +) / Double(timed.count), timed.min()!, cpu)
    }

    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Seconds per imagined env step of the whole batch.
    private func timeImagination(_ model: WorldModel, using rng: inout RandomGenerator) -> Double {
        let c = model.config
        model.eval()
        let imagination = WorldModelImagination(model: model, batch: imagineBatch)
        let frame = (0..<(imagineBatch * c.tokensPerFrame)).map { _ in Int(rng.next() % UInt64(c.vocabularySize)) }
        imagination.reset(frameTokens: frame)
        let actionRows = (0...imagineSteps).map { _ in (0..<imagineBatch).map { _ in Int(rng.next() % UInt64(model.actionCount)) } }
        _ = imagination.step(actions: actionRows[0], using: &rng)
        let start = DispatchTime.now().uptimeNanoseconds
        for s in 1...imagineSteps { _ = imagination.step(actions: actionRows[s], using: &rng) }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(imagineSteps)
    }
}
