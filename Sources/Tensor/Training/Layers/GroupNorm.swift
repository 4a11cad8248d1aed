/// Group normalisation of [N, C, ...] with a learned per-channel scale (ones) and shift (zeros).
/// The tokenizer uses 32 groups and epsilon 1e-6.
public final class GroupNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let groups: Int
    public let epsilon: Float

    public init(groups: Int, channels: Int, epsilon: Float = 1e-5) {
        weight = .ones([channels], requiresGrad: true)
        bias = .zeros([channels], requiresGrad: true)
        self.groups = groups
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        groupNorm(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon)
    }
}

extension GroupNorm {
    /// `silu(self(x))`, fused at inference (see `groupNormSiLU`).
    public func silu(_ x: Tensor) -> Tensor {
        groupNormSiLU(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon)
    }
}
