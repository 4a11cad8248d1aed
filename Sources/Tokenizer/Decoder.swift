import Tensor

/// One resolution level of the decoder (taming's `up[i]`): residual blocks (one more than the
/// encoder's), attention after each at listed resolutions, then an upsample unless level 0.
public final class DecoderLevel: Module {
    public let block: [ResnetBlock]
    public let attn: [AttnBlock]
    public let upsample: Upsample?

    init(block: [ResnetBlock], attn: [AttnBlock], upsample: Upsample?) {
        self.block = block
        self.attn = attn
        self.upsample = upsample
    }
}

/// taming's Decoder: z [B, zChannels, r, r] -> frames [B, out, R, R] in [-1, 1] space (no
/// final squashing, as IRIS).
///
/// `up` is indexed by level as in taming (`up.0` is the full resolution, the last entry the
/// latent one), so the state_dict keys match; the forward pass walks it from the end.
public final class Decoder: Module {
    public let conv_in: Conv2d
    public let mid: MidBlock
    public let up: [DecoderLevel]
    public let norm_out: GroupNorm
    public let conv_out: Conv2d

    public init(_ config: TokenizerConfig, using rng: inout RandomGenerator) {
        let ch = config.channels
        var blockIn = ch * config.channelMultipliers[config.levels - 1]
        conv_in = Conv2d(config.zChannels, blockIn, kernelSize: 3, padding: .symmetric(1), using: &rng)
        mid = MidBlock(blockIn, dropout: config.dropout, groups: config.normGroups, using: &rng)
        var levels: [DecoderLevel] = []
        for level in (0..<config.levels).reversed() {
            let resolution = config.levelResolutions[level]
            let blockOut = ch * config.channelMultipliers[level]
            var blocks: [ResnetBlock] = [], attention: [AttnBlock] = []
            for _ in 0...config.residualBlocks {
                blocks.append(ResnetBlock(blockIn, blockOut, dropout: config.dropout, groups: config.normGroups, using: &rng))
                blockIn = blockOut
                if config.attentionResolutions.contains(resolution) { attention.append(AttnBlock(blockIn, groups: config.normGroups, using: &rng)) }
            }
            let upsample = level == 0 ? nil : Upsample(blockIn, using: &rng)
            levels.insert(DecoderLevel(block: blocks, attn: attention, upsample: upsample), at: 0)
        }
        up = levels
        norm_out = normalize(blockIn, groups: config.normGroups)
        conv_out = Conv2d(blockIn, config.outChannels, kernelSize: 3, padding: .symmetric(1), using: &rng)
    }

    /// `rng` draws dropout masks in training mode; nil applies none.
    public func callAsFunction(_ z: Tensor, using rng: inout RandomGenerator?) -> Tensor {
        var h = mid(conv_in(z), using: &rng)
        for level in up.reversed() {
            for (i, block) in level.block.enumerated() {
                h = block(h, using: &rng)
                if !level.attn.isEmpty { h = level.attn[i](h) }
            }
            if let upsample = level.upsample { h = upsample(h) }
        }
        return conv_out(norm_out.silu(h))
    }
}
