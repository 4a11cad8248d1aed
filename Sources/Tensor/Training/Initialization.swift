import Foundation

// Initialisation schemes, mirroring PyTorch's defaults and IRIS's choices.

extension Tensor {
    /// PyTorch's default for Linear and Conv weights: kaiming_uniform_(a: sqrt(5)), which is
    /// uniform in +-1/sqrt(fanIn). fanIn = product of all dimensions but the first.
    public static func kaimingUniform(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        let fanIn = shape.dropFirst().reduce(1, *)
        let bound = 1 / Foundation.sqrt(Float(fanIn))
        return uniform(shape, -bound, bound, using: &rng, requiresGrad: true)
    }

    /// PyTorch's default bias: uniform in +-1/sqrt(fanIn).
    public static func biasUniform(_ count: Int, fanIn: Int, using rng: inout RandomGenerator) -> Tensor {
        let bound = fanIn > 0 ? 1 / Foundation.sqrt(Float(fanIn)) : 0
        return uniform([count], -bound, bound, using: &rng, requiresGrad: true)
    }

    /// Overwrites the values with draws from N(mean, std) (IRIS: Linear and Embedding
    /// weights N(0, 0.02)).
    public func fillNormal(mean: Float = 0, std: Float, using rng: inout RandomGenerator) {
        for i in 0..<count { data[i] = mean + std * rng.normal() }
    }

    /// Overwrites the values with `value`.
    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    /// Overwrites the values with draws from U[low, high).
    public func fillUniform(_ low: Float, _ high: Float, using rng: inout RandomGenerator) {
        for i in 0..<count { data[i] = rng.uniform(low, high) }
    }
}
