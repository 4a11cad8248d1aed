import Foundation

/// A seeded pseudo-random generator (xoshiro256**, state seeded by SplitMix64), passed
/// explicitly to everything that draws: nothing in iris reads global random state, so a seed
/// fixes a run.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Codable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// An independent generator derived from this one (for a sub-task such as one env).
    public mutating func split() -> RandomGenerator { RandomGenerator(seed: next()) }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func uniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * uniform() }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Float {
        let u1 = Double(next() >> 11) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
        return Float(Foundation.sqrt(-2 * Foundation.log(1 - u1)) * Foundation.cos(2 * Double.pi * u2))
    }

    /// An index drawn with the given (unnormalised, non-negative) weights.
    public mutating func categorical(_ weights: UnsafeBufferPointer<Float>) -> Int {
        var total: Float = 0
        for w in weights { total += w }
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        // Rounding left u just above the last bucket: pick the last positive weight.
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}

extension Tensor {
    /// Uniform values in [low, high).
    public static func uniform(_ shape: [Int], _ low: Float, _ high: Float,
                               using rng: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = rng.uniform(low, high) }
        t.requiresGrad = requiresGrad
        return t
    }

    /// Normal values with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                              using rng: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = mean + std * rng.normal() }
        t.requiresGrad = requiresGrad
        return t
    }
}

/// Draws one index per row of `logits` [..., C] from softmax(logits / temperature).
/// Temperature 0 picks the argmax.
public func sampleCategorical(logits: Tensor, temperature: Float = 1, using rng: inout RandomGenerator) -> [Int] {
    require(temperature >= 0, "sampleCategorical: temperature \(temperature) < 0")
    if temperature == 0 { return logits.argmax() }
    let (rows, n) = logits.rows
    let scaled = Tensor(uninitializedShape: [n])
    let probabilities = Tensor(uninitializedShape: [n])
    return (0..<rows).map { r in
        for j in 0..<n { scaled.data[j] = logits.data[r * n + j] / temperature }
        softmaxRows(scaled.data, probabilities.data, rows: 1, length: n)
        return probabilities.withUnsafeBufferPointer { rng.categorical($0) }
    }
}

/// Zeroes each element with probability `p` and scales the rest by 1/(1-p) (inverted dropout);
/// the identity when `p` is 0.
public func dropout(_ a: Tensor, probability p: Float, using rng: inout RandomGenerator) -> Tensor {
    require(p >= 0 && p < 1, "dropout: probability \(p) outside [0, 1)")
    if p == 0 { return a }
    let keep = 1 / (1 - p)
    let mask = Tensor(uninitializedShape: a.shape)
    for i in 0..<a.count { mask.data[i] = rng.uniform() < p ? 0 : keep }
    return a * mask
}
