extension TokenizerConfig {
    /// IRIS exactly: 64x64 frames, ch 64 in five levels, 2 residual blocks, attention at 8x8
    /// and 16x16, z 512, a 512 x 512 codebook; Adam lr 1e-4, batch 256, clip 10. About 4.03M
    /// parameters (IRIS's LPIPS network excluded).
    public static let paper = TokenizerConfig()

    /// For tests and smoke runs: learns a few hundred Pong frames in seconds. 16 channels
    /// with 8 GroupNorm groups (IRIS's 32 would need 32 channels, 4x the cost at 64x64),
    /// doubled at the 8x8 and 4x4 levels where they are cheap; 1 residual block per level, no
    /// attention, a 64 x 32 codebook, batch 16, and lr 1e-3 so that a few hundred steps suffice.
    public static let tiny: TokenizerConfig = {
        var c = TokenizerConfig()
        c.channels = 16
        c.normGroups = 8
        c.channelMultipliers = [1, 1, 1, 2, 2]
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
