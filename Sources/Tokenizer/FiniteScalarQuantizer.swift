import Foundation
import Tensor

/// Finite scalar quantisation (Mentzer et al., 2023), the alternative to IRIS's nearest-code
/// quantiser: each of E channels is squashed to (-L/2, L/2) and rounded to one of its L
/// levels, and a token is the mixed-radix number of the E digits (channel 0 least
/// significant), so `levels` [8, 8, 8] gives IRIS's 512 codes. There is no learned codebook
/// to collapse and no nearest code to snap a small difference (a ball on a patch) away.
public struct FiniteScalarQuantizer {
    /// Levels per channel.
    public let levels: [Int]

    public init(levels: [Int]) {
        require(!levels.isEmpty && levels.allSatisfy { $0 >= 2 }, "FiniteScalarQuantizer: levels \(levels) must each be at least 2")
        self.levels = levels
    }

    /// Number of distinct tokens: the product of the levels.
    public var codeCount: Int { levels.reduce(1, *) }

    /// Per channel: the tanh scale (L - 1) / 2, the offset that gives even L its L integers,
    /// the shift that keeps 0 at 0, and the half width L / 2 that scales codes to about [-1, 1].
    private func constants(_ channel: Int) -> (scale: Float, offset: Float, shift: Float, halfWidth: Float) {
        let l = Float(levels[channel])
        let scale = (l - 1) / 2, offset: Float = levels[channel] % 2 == 0 ? 0.5 : 0
        return (scale, offset, Float(atanh(Double(offset / scale))), Float(levels[channel] / 2))
    }

    /// The code vector of `token`, length E.
    public func vector(of token: Int) -> [Float] {
        var rest = token
        return levels.indices.map { c in
            let digit = rest % levels[c]
            rest /= levels[c]
            return Float(digit - levels[c] / 2) / constants(c).halfWidth
        }
    }

    /// Every code vector, [codeCount, E], row t = `vector(of: t)`.
    public func codebook() -> Tensor {
        Tensor(shape: [codeCount, levels.count], values: (0..<codeCount).flatMap { vector(of: $0) })
    }

    /// Quantises z [B, E, h, w]: tokens in raster order per frame, the code vectors, and the
    /// straight-through decoder input (the code values; the gradient passes the rounding as
    /// the identity and reaches z through the tanh).
    public func quantize(_ z: Tensor) -> TokenizerEncoding {
        require(z.rank == 4 && z.shape[1] == levels.count, "FiniteScalarQuantizer: z \(z.shape) must be [B, \(levels.count), h, w]")
        let (b, e, plane) = (z.shape[0], z.shape[1], z.shape[2] * z.shape[3])
        let perChannel = levels.indices.map(constants)
        let channel = { (value: ((scale: Float, offset: Float, shift: Float, halfWidth: Float)) -> Float) in
            Tensor(shape: [1, e, 1, 1], values: perChannel.map(value))
        }
        let bounded = tanh(z + channel(\.shift)) * channel(\.scale) - channel(\.offset)
        let values = bounded.values
        var rounded = [Float](repeating: 0, count: values.count), tokens = [Int](repeating: 0, count: b * plane)
        for i in 0..<b {
            var radix = 1
            for c in 0..<e {
                for p in 0..<plane {
                    let index = (i * e + c) * plane + p
                    let level = values[index].rounded()
                    rounded[index] = level
                    tokens[i * plane + p] += (Int(level) + levels[c] / 2) * radix
                }
                radix *= levels[c]
            }
        }
        let inverseHalfWidth = channel { 1 / $0.halfWidth }
        let roundedTensor = Tensor(shape: z.shape, values: rounded)
        let quantized = (bounded + (roundedTensor - bounded.detached())) * inverseHalfWidth
        return TokenizerEncoding(z: z, codes: roundedTensor * inverseHalfWidth, quantized: quantized, tokens: tokens)
    }
}
