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
/// `reset` feeds each row's first frames, `step` feeds actions and samples rewards, ends and
/// the next frame token by token through the KV cache. Deterministic given the generator.
///
/// `contextFrames` is how many of the latest frames (with the actions between them) the
/// context holds after a reset and after the cache fills up and restarts. IRIS keeps 1: a
/// single frame does not show which way a ball moves, so each restart lets the dream pick a
/// direction anew. With IRIS's sizes a rollout never fills the cache; with a short context
/// (the `cpu` preset's 8 blocks against a 15-step horizon) it does, every few steps.
public final class WorldModelImagination {
    public let model: WorldModel
    public let batch: Int
    public let contextFrames: Int
    let cache: KVCache
    /// The current frame's tokens, B x tokensPerFrame.
    public private(set) var frameTokens: [Int] = []
    /// The model's state at the current frame (`WorldModelOutput.frameStates`), B x embeddingWidth.
    public private(set) var frameStates: [Float] = []
    /// The states of every frame given to the last `reset`, [B, count, embeddingWidth], each
    /// read with the frames before it in that reset as context; empty unless asked for.
    public private(set) var resetStates: [Float] = []
    /// The latest frames (at most `contextFrames`, the current one last), [B, frames, K], and
    /// the actions between them, [B, frames - 1]: what a restart feeds again.
    private var recentFrames: [Int] = []
    private var recentActions: [Int] = []
    private var recentCount = 0

    public init(model: WorldModel, batch: Int, contextFrames: Int = 1) {
        require(contextFrames >= 1 && contextFrames < model.config.maxBlocks,
                     "WorldModelImagination: contextFrames \(contextFrames) must lie in 1..<\(model.config.maxBlocks)")
        self.model = model
        self.batch = batch
        self.contextFrames = contextFrames
        cache = KVCache(config: model.config, batch: batch)
    }

    /// Cached positions per row (the context the next step attends over).
    public var contextLength: Int { cache.size }

    /// Starts every row from a frame: a fresh cache holding its tokens (B x tokensPerFrame).
    public func reset(frameTokens: [Int]) {
        reset(frames: frameTokens, actions: [], count: 1)
    }

    /// Starts every row from `count` consecutive frames, [B, count, K], and the `count - 1`
    /// actions taken between them, [B, count - 1]; the last frame is the current one. Only
    /// the latest `contextFrames` are kept. With `statesOfAllFrames`, `resetStates` gets the
    /// state of every frame given (one more pass over them all).
    public func reset(frames: [Int], actions: [Int], count: Int, statesOfAllFrames: Bool = false) {
        let k = model.config.tokensPerFrame
        require(count >= 1 && frames.count == batch * count * k && actions.count == batch * (count - 1),
                     "WorldModelImagination: \(frames.count) frame tokens and \(actions.count) actions for \(batch) rows of \(count) frames")
        let kept = min(count, contextFrames)
        recentFrames = []
        recentActions = []
        frameTokens = []
        for row in 0..<batch {
            let end = (row + 1) * count, actionEnd = (row + 1) * (count - 1)
            recentFrames += frames[(end - kept) * k..<end * k]
            recentActions += actions[(actionEnd - (kept - 1))..<actionEnd]
            frameTokens += frames[(end - 1) * k..<end * k]
        }
        recentCount = kept
        resetStates = []
        if statesOfAllFrames { resetStates = states(frames: frames, actions: actions, count: count) }
        refill()
    }

    /// The state of each of `count` frames per row, [B, count, C], read in windows of as many
    /// frames as the context holds (a window starts its frames' context afresh).
    private func states(frames: [Int], actions: [Int], count: Int) -> [Float] {
        let k = model.config.tokensPerFrame, c = model.config.embeddingWidth
        let window = model.config.maxBlocks
        var result = [Float](repeating: 0, count: batch * count * c)
        for first in stride(from: 0, to: count, by: window) {
            let n = min(window, count - first)
            var windowFrames = [Int](), windowActions = [Int]()
            for row in 0..<batch {
                windowFrames += frames[((row * count + first) * k)..<((row * count + first + n) * k)]
                let actionStart: Int = row * (count - 1) + first
                windowActions += actions[actionStart..<(actionStart + n - 1)]
            }
            cache.reset()
            let prompt = Self.prompt(frames: windowFrames, actions: windowActions, count: n, batch: batch, k: k)
            let values = model.forward(tokens: prompt, batch: batch, cache: cache).frameStates.values
            for row in 0..<batch {
                for f in 0..<n {
                    let target: Int = (row * count + first + f) * c, source: Int = (row * n + f) * c
                    result.replaceSubrange(target..<(target + c), with: values[source..<(source + c)])
                }
            }
        }
        return result
    }

    /// Frames interleaved with the actions between them, row after row.
    private static func prompt(frames: [Int], actions: [Int], count n: Int, batch: Int, k: Int) -> [Int] {
        var prompt = [Int]()
        prompt.reserveCapacity(batch * (n * (k + 1) - 1))
        for row in 0..<batch {
            for frame in 0..<n {
                if frame > 0 { prompt.append(actions[row * (n - 1) + frame - 1]) }
                prompt += frames[(row * n + frame) * k..<(row * n + frame + 1) * k]
            }
        }
        return prompt
    }

    /// A fresh cache holding the recent frames interleaved with their actions; the current
    /// frame's state is read again from it.
    private func refill() {
        let prompt = Self.prompt(frames: recentFrames, actions: recentActions, count: recentCount, batch: batch,
                                 k: model.config.tokensPerFrame)
        cache.reset()
        frameStates = lastFrameStates(model.forward(tokens: prompt, batch: batch, cache: cache).frameStates)
    }

    /// The last frame's state per row of [B, frames, C].
    private func lastFrameStates(_ states: Tensor) -> [Float] {
        let (n, c) = (states.shape[1], states.shape[2])
        let values = states.values
        var last = [Float]()
        last.reserveCapacity(batch * c)
        for row in 0..<batch {
            let end: Int = (row + 1) * n * c
            last += values[(end - c)..<end]
        }
        return last
    }

    /// Feeds one real step per row, the action taken and the frame it led to (B x K), instead
    /// of sampling them: the model follows a real game, and `frameStates` is its state there.
    /// When the context cannot hold them, it restarts from the latest `contextFrames` first.
    public func append(actions: [Int], frames next: [Int]) {
        let k = model.config.tokensPerFrame
        require(!frameTokens.isEmpty, "WorldModelImagination: append before reset")
        require(actions.count == batch && next.count == batch * k,
                     "WorldModelImagination: \(actions.count) actions and \(next.count) tokens for \(batch) rows")
        if cache.size + k + 1 > cache.capacity { refill() }
        var tokens = [Int]()
        tokens.reserveCapacity(batch * (k + 1))
        for row in 0..<batch {
            tokens.append(actions[row])
            tokens += next[row * k..<(row + 1) * k]
        }
        frameStates = lastFrameStates(model.forward(tokens: tokens, batch: batch, cache: cache).frameStates)
        frameTokens = next
        remember(actions: actions, next: next)
    }

    /// Appends a step to the recent frames, dropping the oldest beyond `contextFrames`.
    private func remember(actions: [Int], next: [Int]) {
        let k = model.config.tokensPerFrame, n = recentCount
        let drop = n + 1 > contextFrames ? 1 : 0
        var frames = [Int](), kept = [Int]()
        frames.reserveCapacity(batch * (n + 1 - drop) * k)
        kept.reserveCapacity(batch * (n - drop))
        for row in 0..<batch {
            frames += recentFrames[(row * n + drop) * k..<(row + 1) * n * k]
            frames += next[row * k..<(row + 1) * k]
            if n > 1 { kept += recentActions[row * (n - 1) + drop..<(row + 1) * (n - 1)] }
            if n - drop >= 1 { kept.append(actions[row]) }
        }
        recentFrames = frames
        recentActions = kept
        recentCount = n + 1 - drop
    }

    /// Feeds one action per row and samples (temperature 1, as IRIS) the reward sign and the
    /// end from the action position, then, unless `predictNextFrame` is false (IRIS's last
    /// imagination step), the next frame one token at a time, feeding each back: 1 + K
    /// single-token passes. When the context cannot hold them, the cache restarts from the
    /// latest `contextFrames` frames first (IRIS's context truncation, which keeps one).
    public func step(actions: [Int], predictNextFrame: Bool = true, using rng: inout RandomGenerator) -> ImaginedStep {
        let k = model.config.tokensPerFrame
        require(!frameTokens.isEmpty, "WorldModelImagination: step before reset")
        require(actions.count == batch, "WorldModelImagination: \(actions.count) actions for \(batch) rows")
        let passes = predictNextFrame ? 1 + k : 1
        if cache.size + passes > cache.capacity { refill() }

        let first = model.forward(tokens: actions, batch: batch, cache: cache)
        let rewardSigns = sampleCategorical(logits: first.rewards, using: &rng).map { $0 - 1 }
        let ends = sampleCategorical(logits: first.ends, using: &rng)
        guard predictNextFrame else { return ImaginedStep(rewardSigns: rewardSigns, ends: ends, frameTokens: []) }

        var next = [Int](repeating: 0, count: batch * k)
        var logits = first.observations                                 // (B, 1, V): the next frame's token 0
        let statePosition = model.framePosition
        for j in 0..<k {
            let token = sampleCategorical(logits: logits, using: &rng)
            for row in 0..<batch { next[row * k + j] = token[row] }
            // Feeding token j gives the logits of token j + 1; feeding the last only caches it.
            let out = model.forward(tokens: token, batch: batch, cache: cache)
            logits = out.observations
            if j == statePosition { frameStates = out.frameStates.values }
        }
        frameTokens = next
        remember(actions: actions, next: next)
        return ImaginedStep(rewardSigns: rewardSigns, ends: ends, frameTokens: next)
    }
}
