/// y = x W^T + b over the last dimension of x (torch.nn.Linear).
///
/// Weight [out, in] and bias [out] start uniform in +-1/sqrt(in) (PyTorch's default).
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inputWidth: Int, _ outputWidth: Int, bias: Bool = true, using rng: inout RandomGenerator) {
        weight = .kaimingUniform([outputWidth, inputWidth], using: &rng)
        self.bias = bias ? .biasUniform(outputWidth, fanIn: inputWidth, using: &rng) : nil
    }

    public override var decayedParameters: [Tensor] { [weight] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.shape.last == weight.shape[1],
                "Linear: input \(describe(x.shape)) for weight \(describe(weight.shape)) (last dimension must be \(weight.shape[1]))")
        let y = matmul(x, weight, transposeB: true)
        return bias.map { y + $0 } ?? y
    }
}
