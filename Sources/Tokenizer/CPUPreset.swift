extension TokenizerConfig {
    /// IRIS's tokenizer cut down for a 2-core CPU, keeping its structure (five levels, 64x64 ->
    /// 4x4 = 16 tokens, a 512-code vocabulary, Adam with gradient clipping). The 64x64 and
    /// 32x32 levels hold nearly all of the work (`iris bench tokenizer`, perf), so the cuts aim
    /// there. Measured with `iris bench agent --preset cpu` on the 2-core machine: a batch-32
    /// training step took 0.97 s and encoding 2.6 ms per frame, against 1.25 s and 3.8 ms for
    /// 32 channels at full resolution (measured with the codebook, before FSQ).
    ///
    /// - `channels` 16 with `channelMultipliers` [1, 2, 2, 4, 4] (IRIS 64 everywhere): a 3x3
    ///   convolution costs channels^2, so the 64x64 level is 16x cheaper than IRIS's; width
    ///   grows as the grid shrinks (64 channels at 8x8 and 4x4) to keep capacity near the tokens.
    /// - `normGroups` 8 (IRIS 32): 16 channels cannot form 32 groups.
    /// - `residualBlocks` 1 (IRIS 2): half the encoder's convolutions, 2 instead of 3 per
    ///   decoder level.
    /// - `attentionResolutions` [8] (IRIS [8, 16]): the 16x16 blocks attend over 256
    ///   positions; 8x8 and the middle block keep global context.
    /// - `zChannels` 64 (IRIS 512): the 1x1 convolutions shrink 8-64x.
    /// - `vocabularySize` 512 as IRIS, but finite scalar quantisation in place of the learned
    ///   codebook (`finiteScalarLevels` [8, 8, 8], so `embeddingWidth` 3). The nearest code
    ///   snaps away the small change a ball makes to a patch's vector: on 300 Pong frames
    ///   (`Experiments/tokenizer_diagnosis.py`) the codebook kept 0.13 of the object pixels
    ///   after 1,500 steps, FSQ 0.64.
    /// - `batchSize` 32 (IRIS 256) and `learningRate` 1e-3 (IRIS 1e-4): a CPU run affords about
    ///   a hundredth of IRIS's tokenizer steps, so each step must move further; with no
    ///   codebook to keep stable, FSQ trains at the tiny preset's rate.
    /// - Three aids for small moving objects (IRIS: none; it has LPIPS and 100x the steps):
    ///   - `subtractsReferenceFrame` and a squared-error loss in place of L1
    ///     (`reconstructionL1Weight` 0, `reconstructionL2Weight` 1). Diagnosed on 16 Pong
    ///     frames with a PyTorch copy of the tiny tokenizer (1,000 steps): a decoder fed free
    ///     per-frame latents drew no paddle under L1 (foreground match 0.005) and drew both
    ///     under the squared error (0.87), since L1's optimum for an uncertain object is none
    ///     at all; a plain autoencoder under the squared error still drew none (0.11) until
    ///     its encoder read the frame minus the mean frame (0.83).
    ///   - `foregroundWeight` 10: the 1-3 pixel ball is a sliver of the squared error, and
    ///     without the weight neither FSQ nor even a plain autoencoder drew it in 1,500 steps on
    ///     300 frames (0 of 159 balls); with it FSQ drew 16% of them by step 1,500 (the
    ///     diagnosis script's ball measure), and this preset draws the ball in a Pong run
    ///     (`docs/tokenizer-pong-cpu-fsq.png`). With the codebook the same weight smeared the
    ///     paddles instead.
    public static let cpu: TokenizerConfig = {
        var c = TokenizerConfig()
        c.channels = 16
        c.normGroups = 8
        c.channelMultipliers = [1, 2, 2, 4, 4]
        c.residualBlocks = 1
        c.attentionResolutions = [8]
        c.zChannels = 64
        c.finiteScalarLevels = [8, 8, 8]
        c.embeddingWidth = 3
        c.batchSize = 32
        c.learningRate = 1e-3
        c.foregroundWeight = 10
        c.subtractsReferenceFrame = true
        c.reconstructionL1Weight = 0
        c.reconstructionL2Weight = 1
        return c
    }()
}
