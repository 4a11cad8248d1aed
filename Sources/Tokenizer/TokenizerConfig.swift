/// Hyperparameters of the discrete autoencoder (IRIS `config/tokenizer/default.yaml`).
public struct TokenizerConfig: Codable, Equatable, Sendable {
    /// Codebook size: each frame becomes `tokensPerFrame` indices in `0..<vocabularySize`.
    public var vocabularySize = 512
    /// Width of a codebook vector.
    public var embeddingWidth = 512
    /// Channels of the convolutional trunk.
    public var channels = 64
    /// Channel multiplier per resolution level (64 -> 4 in five levels).
    public var channelMultipliers = [1, 1, 1, 1, 1]
    /// Residual blocks per level in the encoder (the decoder has one more).
    public var residualBlocks = 2
    /// Resolutions at which self-attention blocks sit.
    public var attentionResolutions = [8, 16]
    /// Weight of the commitment term (IRIS: 1.0, as in the original VQ-VAE).
    public var commitmentWeight: Float = 1.0

    public init() {}

    /// Tokens per 64x64 frame: the latent grid is 4x4 after four stride-2 levels.
    public var tokensPerFrame: Int { 16 }
}
