/// A small explicit pseudo-random generator (SplitMix64) owned by each environment.
///
/// Env cannot import the Tensor module's RNG, and nothing in Env may draw from global state:
/// the same seed must give the same serves, no-op starts and sticky repeats on every machine.
/// SplitMix64 is tiny, passes BigCrush, and its output is fully specified by its 64-bit state.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named purpose (game, no-ops, sticky actions) derived from a seed,
    /// so that the streams do not overlap and adding a draw in one does not shift the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`, by Lemire's multiply-shift (bias below 2^-32 for small ranges);
    /// written out so that the result never depends on the standard library's algorithm.
    public mutating func uniform(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        let high = ((next() >> 32) &* width) >> 32
        return range.lowerBound + Int(high)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
