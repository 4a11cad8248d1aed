extension TokenizerConfig {
    /// IRIS's tokenizer cut down for a 2-core CPU, keeping its structure (five levels, 64x64 ->
    /// 4x4 = 16 tokens, a 512-code vocabulary, the same losses and optimiser). The budget: a
    /// 100k-step run in 4 hours leaves the tokenizer about 5 s of compute per 200-step epoch.
    /// The 64x64 and 32x32 levels hold nearly all of the work and are bound by memory traffic
    /// as much as by FLOPs (`iris bench tokenizer` and perf), so the cuts aim there:
    ///
    /// - `channels` 32 (IRIS 64): the fewest that IRIS's 32 GroupNorm groups allow; a 3x3
    ///   convolution costs channels^2, so the full-resolution levels get about 4x cheaper.
    /// - `channelMultipliers` [1, 1, 1, 2, 2]: 64 channels again at 8x8 and 4x4, where a
    ///   convolution costs 1/64 of the same one at 64x64, to keep capacity near the tokens.
    /// - `residualBlocks` 1 (IRIS 2): half the encoder's convolutions, 2 instead of 3 per
    ///   decoder level.
    /// - `attentionResolutions` [8] (IRIS [8, 16]): the 16x16 blocks attend over 256
    ///   positions; 8x8 and the middle block keep global context.
    /// - `zChannels` and `embeddingWidth` 64 (IRIS 512): the 1x1 convolutions, the codebook
    ///   search and the codebook shrink 8-64x; 16 tokens of 64 floats still carry a frame.
    /// - `vocabularySize` 512 as IRIS: the world model's token head and embedding keep their
    ///   size and meaning.
    /// - `batchSize` 64 (IRIS 256): a step fits the per-epoch budget.
    public static let cpu: TokenizerConfig = {
        var c = TokenizerConfig()
        c.channels = 32
        c.channelMultipliers = [1, 1, 1, 2, 2]
        c.residualBlocks = 1
        c.attentionResolutions = [8]
        c.zChannels = 64
        c.embeddingWidth = 64
        c.batchSize = 64
        return c
    }()
}
