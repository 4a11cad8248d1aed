extension TokenizerConfig {
    /// IRIS exactly: 64x64 frames, ch 64 in five levels, 2 residual blocks, attention at 8x8
    /// and 16x16, z 512, a 512 x 512 codebook; Adam lr 1e-4, batch 256, clip 10. About 4.03M
    /// parameters (IRIS's LPIPS network excluded).
    public static let paper = TokenizerConfig()

    /// For tests and smoke runs: trains on a few hundred frames in seconds. 32 channels (the
    /// fewest GroupNorm's 32 groups allow), 1 residual block per level, no attention, a small
    /// 64 x 32 codebook, batch 16, and a higher learning rate so a few hundred steps suffice.
    public static let tiny: TokenizerConfig = {
        var c = TokenizerConfig()
        c.channels = 32
        c.residualBlocks = 1
        c.attentionResolutions = []
        c.zChannels = 32
        c.embeddingWidth = 32
        c.vocabularySize = 64
        c.learningRate = 1e-3
        c.batchSize = 16
        return c
    }()
}

extension TokenizerConfig {
    /// The presets by name, for command lines.
    public static let presets: [(name: String, config: TokenizerConfig)] = [("paper", .paper), ("cpu", .cpu), ("tiny", .tiny)]

    /// The preset called `name`, or nil.
    public static func preset(named name: String) -> TokenizerConfig? {
        presets.first { $0.name == name }?.config
    }
}
