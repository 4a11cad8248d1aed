/// 2-D convolution layer over [N, C, H, W] (torch.nn.Conv2d with zero padding).
///
/// Weight [out, in, k, k] and bias [out] start uniform in +-1/sqrt(in * k * k).
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Padding

    public init(_ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Padding = .zero, bias: Bool = true, using rng: inout RandomGenerator) {
        weight = .kaimingUniform([outputChannels, inputChannels, kernelSize, kernelSize], using: &rng)
        self.bias = bias ? .biasUniform(outputChannels, fanIn: inputChannels * kernelSize * kernelSize, using: &rng) : nil
        self.stride = stride
        self.padding = padding
    }

    public override var decayedParameters: [Tensor] { [weight] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
