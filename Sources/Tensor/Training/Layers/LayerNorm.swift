/// Layer normalisation over the last dimension with a learned scale (ones) and shift (zeros).
public final class LayerNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Float

    public init(_ width: Int, epsilon: Float = 1e-5) {
        weight = .ones([width], requiresGrad: true)
        bias = .zeros([width], requiresGrad: true)
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { layerNorm(x, weight: weight, bias: bias, epsilon: epsilon) }
}
