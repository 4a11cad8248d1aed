import Tensor

/// taming's Downsample with a convolution: zero-pad right and bottom by 1, then a 3x3
/// convolution of stride 2 (halves H and W).
public final class Downsample: Module {
    public let conv: Conv2d

    public init(_ channels: Int, using rng: inout RandomGenerator) {
        conv = Conv2d(channels, channels, kernelSize: 3, stride: 2,
                      padding: Padding(top: 0, bottom: 1, left: 0, right: 1), using: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}

/// taming's Upsample with a convolution: nearest-neighbour 2x, then a 3x3 convolution.
public final class Upsample: Module {
    public let conv: Conv2d

    public init(_ channels: Int, using rng: inout RandomGenerator) {
        conv = Conv2d(channels, channels, kernelSize: 3, padding: .symmetric(1), using: &rng)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(upsampleNearest2x(x)) }
}
