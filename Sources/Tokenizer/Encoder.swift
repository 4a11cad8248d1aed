import Tensor

/// One resolution level of the encoder (taming's `down[i]`): residual blocks, an attention
/// block after each when the level's resolution is listed, then a downsample unless last.
public final class EncoderLevel: Module {
    public let block: [ResnetBlock]
    public let attn: [AttnBlock]
    public let downsample: Downsample?

    init(block: [ResnetBlock], attn: [AttnBlock], downsample: Downsample?) {
        self.block = block
        self.attn = attn
        self.downsample = downsample
    }
}

/// taming's Encoder: frames [B, in, R, R] in [-1, 1] -> z [B, zChannels, R/2^(L-1), R/2^(L-1)].
public final class Encoder: Module {
    public let conv_in: Conv2d
    public let down: [EncoderLevel]
    public let mid: MidBlock
    public let norm_out: GroupNorm
    public let conv_out: Conv2d

    public init(_ config: TokenizerConfig, using rng: inout RandomGenerator) {
        let ch = config.channels
        conv_in = Conv2d(config.inChannels, ch, kernelSize: 3, padding: .symmetric(1), using: &rng)
        var blockIn = ch
        var levels: [EncoderLevel] = []
        for (level, resolution) in config.levelResolutions.enumerated() {
            let blockOut = ch * config.channelMultipliers[level]
            var blocks: [ResnetBlock] = [], attention: [AttnBlock] = []
            for _ in 0..<config.residualBlocks {
                blocks.append(ResnetBlock(blockIn, blockOut, dropout: config.dropout, groups: config.normGroups, using: &rng))
                blockIn = blockOut
                if config.attentionResolutions.contains(resolution) { attention.append(AttnBlock(blockIn, groups: config.normGroups, using: &rng)) }
            }
            let downsample = level == config.levels - 1 ? nil : Downsample(blockIn, using: &rng)
            levels.append(EncoderLevel(block: blocks, attn: attention, downsample: downsample))
        }
        down = levels
        mid = MidBlock(blockIn, dropout: config.dropout, groups: config.normGroups, using: &rng)
        norm_out = normalize(blockIn, groups: config.normGroups)
        conv_out = Conv2d(blockIn, config.zChannels, kernelSize: 3, padding: .symmetric(1), using: &rng)
    }

    /// `rng` draws dropout masks in training mode; nil applies none.
    public func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator?) -> Tensor {
        var h = conv_in(x)
        for level in down {
            for (i, block) in level.block.enumerated() {
                h = block(h, using: &rng)
                if !level.attn.isEmpty { h = level.attn[i](h) }
            }
            if let downsample = level.downsample { h = downsample(h) }
        }
        h = mid(h, using: &rng)
        return conv_out(norm_out.silu(h))
    }
}
