import Tensor

/// IRIS's `Normalize`: GroupNorm with (IRIS: 32) groups and epsilon 1e-6.
func normalize(_ channels: Int, groups: Int) -> GroupNorm {
    GroupNorm(groups: groups, channels: channels, epsilon: 1e-6)
}

/// taming's ResnetBlock without a timestep embedding: GN, swish, conv3x3, GN, swish, dropout,
/// conv3x3, plus the input (through a 1x1 `nin_shortcut` when the channel count changes).
///
/// Property names are IRIS's state_dict keys (snake_case on purpose), so IRIS weights load.
public final class ResnetBlock: Module {
    public let norm1: GroupNorm
    public let conv1: Conv2d
    public let norm2: GroupNorm
    public let conv2: Conv2d
    public let nin_shortcut: Conv2d?
    /// Probability of IRIS's `nn.Dropout` between the convolutions.
    public let dropoutProbability: Float

    public init(_ inChannels: Int, _ outChannels: Int, dropout: Float, groups: Int, using rng: inout RandomGenerator) {
        norm1 = normalize(inChannels, groups: groups)
        conv1 = Conv2d(inChannels, outChannels, kernelSize: 3, padding: .symmetric(1), using: &rng)
        norm2 = normalize(outChannels, groups: groups)
        conv2 = Conv2d(outChannels, outChannels, kernelSize: 3, padding: .symmetric(1), using: &rng)
        nin_shortcut = inChannels == outChannels ? nil : Conv2d(inChannels, outChannels, kernelSize: 1, using: &rng)
        dropoutProbability = dropout
    }

    /// `rng` draws the dropout mask in training mode; nil (inference) applies no dropout.
    public func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator?) -> Tensor {
        var h = conv1(norm1.silu(x))
        h = norm2.silu(h)
        if isTraining && dropoutProbability > 0 && rng != nil { h = dropout(h, probability: dropoutProbability, using: &rng!) }
        h = conv2(h)
        return (nin_shortcut?(x) ?? x) + h
    }
}
