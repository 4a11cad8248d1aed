extension TokenizerConfig {
    /// PROVISIONAL: being measured.
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
