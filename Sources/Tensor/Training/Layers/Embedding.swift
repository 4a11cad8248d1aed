/// A table of learned vectors looked up by integer index (torch.nn.Embedding); starts N(0, 1).
public final class Embedding: Module {
    public let weight: Tensor

    public init(_ count: Int, _ width: Int, using rng: inout RandomGenerator) {
        weight = .normal([count, width], using: &rng, requiresGrad: true)
    }

    /// Rows for `indices`: [indices.count, width].
    public func callAsFunction(_ indices: [Int]) -> Tensor { embedding(weight, indices: indices) }
}
