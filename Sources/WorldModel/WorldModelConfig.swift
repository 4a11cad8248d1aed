/// Hyperparameters of the transformer world model and its training (IRIS
/// `config/world_model/default.yaml` and `config/trainer.yaml` `training.world_model`).
public struct WorldModelConfig: Codable, Equatable, Sendable {
    /// Frame-token vocabulary: the tokenizer's codebook size.
    public var vocabularySize = 512
    /// Tokens per frame (a 4x4 latent grid); a block adds one action token.
    public var tokensPerFrame = 16
    /// Time steps in the context window (IRIS `max_blocks`); also the training sequence length.
    public var maxBlocks = 20
    public var layers = 10
    public var heads = 4
    public var embeddingWidth = 256
    /// Dropout after the token + position embeddings (IRIS `embed_pdrop`).
    public var embeddingDropout: Float = 0.1
    /// Dropout on the attention output projection and the MLP output (IRIS `resid_pdrop`).
    public var residualDropout: Float = 0.1
    /// Dropout on the attention weights (IRIS `attn_pdrop`).
    public var attentionDropout: Float = 0.1

    // MARK: Training
    public var learningRate: Float = 1e-4
    /// AdamW decay, on Linear weights only (minGPT's groups).
    public var weightDecay: Float = 0.01
    /// Sequences per gradient step (IRIS `batch_num_samples`).
    public var batchSize = 64
    public var maxGradNorm: Float = 10

    public init() {}

    /// Tokens per time step: the frame's tokens then the action.
    public var tokensPerBlock: Int { tokensPerFrame + 1 }
    /// Longest token sequence the model attends over (340 for IRIS).
    public var maxTokens: Int { tokensPerBlock * maxBlocks }
    /// Training sequence length in time steps (IRIS `common.sequence_length` = `max_blocks`).
    public var sequenceLength: Int { maxBlocks }
    public var headWidth: Int { embeddingWidth / heads }

    // MARK: - Presets

    /// IRIS exactly: 10 layers x 4 heads x 256, 20 blocks (340 tokens), dropout 0.1,
    /// AdamW lr 1e-4 / decay 0.01, batch 64 x 20 steps, clip 10. 8,448,005 parameters with 6 actions.
    public static let paper = WorldModelConfig()

    /// The 100k-step CPU budget: 500 epochs on 2 cores in 4 hours leave the world model about
    /// 8 s of compute per epoch, and the actor-critic imagines 32 x 15 steps several times per
    /// epoch. Each reduction, measured with `iris bench worldmodel --preset cpu` and its
    /// `--layers/--width/--blocks/--batch` overrides (2 shared cores, loaded machine):
    /// - `layers` 10 -> 3: training and imagination cost scale linearly with depth (4 layers
    ///   and 10 blocks: 0.6 s/step, 64 ms per imagined step at batch 32); 3 is close to
    ///   Δ-IRIS's Atari depth.
    /// - `embeddingWidth` 256 -> 128 (4 heads of 32): width 256 with 2 layers costs 0.68 s/step
    ///   and 83 ms per imagined step, 2-3x this preset; the single-token imagination passes
    ///   are small GEMVs whose cost grows with the square of the width.
    /// - `maxBlocks` 20 -> 8 (136 tokens): attention is quadratic in the context, and the
    ///   actor-critic seeds the world model with one frame and imagines 15 steps, so a long
    ///   context is rarely filled; the cache restarts every 7 imagined steps.
    /// - `batchSize` 64 -> 16: about 0.25-0.33 s per step, so 25-30 steps fit the per-epoch
    ///   budget (batch 32 with 2 layers costs twice as much per step).
    /// - Dropout 0.1 -> 0: a CPU run gives the world model about 18k gradient steps on 100k
    ///   frames, too few to overfit them, and dropout slowed its learning. World-model-only
    ///   forks of one Pong run at epoch 60 (Experiments/results/pong/wm_forks_epoch60.csv),
    ///   mean next-token loss over epochs 91-100: 2.62 nats without dropout at lr 1e-3, 3.11
    ///   with it at 1e-3, 2.97 with it at 3e-4.
    /// Kept from IRIS: vocabulary 512, 16 tokens per frame, AdamW settings, clip 10.
    /// Measured: 0.24-0.33 s per training step, 28 ms per imagined step at batch 32 (about
    /// 1100 imagined env steps/s).
    public static let cpu: WorldModelConfig = {
        var c = WorldModelConfig()
        c.layers = 3
        c.embeddingWidth = 128
        c.heads = 4
        c.maxBlocks = 8
        c.batchSize = 16
        c.embeddingDropout = 0
        c.residualDropout = 0
        c.attentionDropout = 0
        return c
    }()

    /// For tests: 2 layers x 2 heads x 32, 4 blocks of 4 + 1 tokens over a vocabulary of 16,
    /// no dropout (so a handful of sequences can be memorised), a high learning rate.
    public static let tiny: WorldModelConfig = {
        var c = WorldModelConfig()
        c.vocabularySize = 16
        c.tokensPerFrame = 4
        c.maxBlocks = 4
        c.layers = 2
        c.heads = 2
        c.embeddingWidth = 32
        c.embeddingDropout = 0
        c.residualDropout = 0
        c.attentionDropout = 0
        c.learningRate = 3e-3
        c.weightDecay = 0.01
        c.batchSize = 4
        c.maxGradNorm = 10
        return c
    }()

    /// The preset called `name` (`paper`, `cpu`, `tiny`), or nil.
    public static func preset(named name: String) -> WorldModelConfig? {
        switch name {
        case "paper": .paper
        case "cpu": .cpu
        case "tiny": .tiny
        default: nil
        }
    }

    // MARK: - Validation

    /// Throws `WorldModelConfigError` naming the first inconsistent setting.
    public func validate() throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw WorldModelConfigError(message: message()) }
        }
        try check(vocabularySize >= 1, "vocabularySize must be at least 1, got \(vocabularySize)")
        try check(tokensPerFrame >= 1, "tokensPerFrame must be at least 1, got \(tokensPerFrame)")
        try check(maxBlocks >= 1, "maxBlocks must be at least 1, got \(maxBlocks)")
        try check(layers >= 1, "layers must be at least 1, got \(layers)")
        try check(heads >= 1, "heads must be at least 1, got \(heads)")
        try check(embeddingWidth >= 1, "embeddingWidth must be at least 1, got \(embeddingWidth)")
        try check(embeddingWidth % heads == 0,
                  "embeddingWidth \(embeddingWidth) is not divisible by heads \(heads)")
        for (name, p) in [("embeddingDropout", embeddingDropout), ("residualDropout", residualDropout),
                          ("attentionDropout", attentionDropout)] {
            try check(p >= 0 && p < 1, "\(name) must be in [0, 1), got \(p)")
        }
        try check(learningRate > 0 && learningRate.isFinite, "learningRate must be positive, got \(learningRate)")
        try check(weightDecay >= 0 && weightDecay.isFinite, "weightDecay must be non-negative, got \(weightDecay)")
        try check(batchSize >= 1, "batchSize must be at least 1, got \(batchSize)")
        try check(maxGradNorm > 0, "maxGradNorm must be positive, got \(maxGradNorm)")
    }
}

/// A `WorldModelConfig` that cannot build a model.
public struct WorldModelConfigError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { "world model config: \(message)" }
}
