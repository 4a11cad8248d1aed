import Foundation
import Tensor

/// taming's AttnBlock: single-head self-attention over the H*W positions of a feature map,
/// with 1x1 convolutions for q, k, v and the output projection, and a residual connection.
public final class AttnBlock: Module {
    public let norm: GroupNorm
    public let q: Conv2d
    public let k: Conv2d
    public let v: Conv2d
    public let proj_out: Conv2d

    public init(_ channels: Int, groups: Int, using rng: inout RandomGenerator) {
        norm = normalize(channels, groups: groups)
        q = Conv2d(channels, channels, kernelSize: 1, using: &rng)
        k = Conv2d(channels, channels, kernelSize: 1, using: &rng)
        v = Conv2d(channels, channels, kernelSize: 1, using: &rng)
        proj_out = Conv2d(channels, channels, kernelSize: 1, using: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let hn = norm(x)
        // [B, C, H, W] -> [B, 1, HW, C]: positions are the sequence, channels the head width.
        func sequence(_ t: Tensor) -> Tensor { t.reshaped([b, c, h * w]).transposed(1, 2).reshaped([b, 1, h * w, c]) }
        let attended = attention(query: sequence(q(hn)), key: sequence(k(hn)), value: sequence(v(hn)),
                                 causal: false, scale: 1 / Foundation.sqrt(Float(c)))
        let back = attended.reshaped([b, h * w, c]).transposed(1, 2).reshaped([b, c, h, w])
        return x + proj_out(back)
    }
}
