import Tensor

/// The middle of the encoder and the decoder at the latent resolution: residual block,
/// attention, residual block (taming's `mid`, with its `block_1`/`attn_1`/`block_2` names).
public final class MidBlock: Module {
    public let block_1: ResnetBlock
    public let attn_1: AttnBlock
    public let block_2: ResnetBlock

    public init(_ channels: Int, dropout: Float, groups: Int, using rng: inout RandomGenerator) {
        block_1 = ResnetBlock(channels, channels, dropout: dropout, groups: groups, using: &rng)
        attn_1 = AttnBlock(channels, groups: groups, using: &rng)
        block_2 = ResnetBlock(channels, channels, dropout: dropout, groups: groups, using: &rng)
    }

    public func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator?) -> Tensor {
        block_2(attn_1(block_1(x, using: &rng)), using: &rng)
    }
}
