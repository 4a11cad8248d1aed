import Tensor

/// One imagined environment step for every row of the batch.
public struct ImaginedStep: Equatable, Sendable {
    /// Sampled reward signs, -1, 0 or +1, one per row.
    public let rewardSigns: [Int]
    /// Sampled end flags, 0 or 1, one per row.
    public let ends: [Int]
    /// The next frame's tokens, B x tokensPerFrame; empty when the step skipped the frame.
    public let frameTokens: [Int]
}

/// Batched imagination with the world model as an environment (IRIS `WorldModelEnv`):
/// `reset` feeds each row's first frame, `step` feeds actions and samples rewards, ends and
/// the next frame token by token through the KV cache. Deterministic given the generator.
public final class WorldModelImagination {
    public let model: WorldModel
    public let batch: Int
    let cache: KVCache
    /// The current frame's tokens, B x tokensPerFrame.
    public private(set) var frameTokens: [Int] = []

    public init(model: WorldModel, batch: Int) {
        self.model = model
        self.batch = batch
        cache = KVCache(config: model.config, batch: batch)
    }

    /// Cached positions per row (the context the next step attends over).
    public var contextLength: Int { cache.size }

    /// Starts every row from a frame: a fresh cache holding its tokens (B x tokensPerFrame).
    public func reset(frameTokens: [Int]) {
        precondition(frameTokens.count == batch * model.config.tokensPerFrame,
                     "WorldModelImagination: \(frameTokens.count) frame tokens for \(batch) rows of \(model.config.tokensPerFrame)")
        self.frameTokens = frameTokens
        cache.reset()
        _ = model.forward(tokens: frameTokens, batch: batch, cache: cache)
    }

    /// Feeds one action per row and samples (temperature 1, as IRIS) the reward sign and the
    /// end from the action position, then, unless `predictNextFrame` is false (IRIS's last
    /// imagination step), the next frame one token at a time, feeding each back: 1 + K
    /// single-token passes. When the context cannot hold them, the cache restarts from the
    /// current frame's tokens first (IRIS's context truncation).
    public func step(actions: [Int], predictNextFrame: Bool = true, using rng: inout RandomGenerator) -> ImaginedStep {
        let k = model.config.tokensPerFrame
        precondition(!frameTokens.isEmpty, "WorldModelImagination: step before reset")
        precondition(actions.count == batch, "WorldModelImagination: \(actions.count) actions for \(batch) rows")
        let passes = predictNextFrame ? 1 + k : 1
        if cache.size + passes > cache.capacity { reset(frameTokens: frameTokens) }

        let first = model.forward(tokens: actions, batch: batch, cache: cache)
        let rewardSigns = sampleCategorical(logits: first.rewards, using: &rng).map { $0 - 1 }
        let ends = sampleCategorical(logits: first.ends, using: &rng)
        guard predictNextFrame else { return ImaginedStep(rewardSigns: rewardSigns, ends: ends, frameTokens: []) }

        var next = [Int](repeating: 0, count: batch * k)
        var logits = first.observations                                 // (B, 1, V): the next frame's token 0
        for j in 0..<k {
            let token = sampleCategorical(logits: logits, using: &rng)
            for row in 0..<batch { next[row * k + j] = token[row] }
            // Feeding token j gives the logits of token j + 1; feeding the last only caches it.
            logits = model.forward(tokens: token, batch: batch, cache: cache).observations
        }
        frameTokens = next
        return ImaginedStep(rewardSigns: rewardSigns, ends: ends, frameTokens: next)
    }
}
