import Testing
@testable import Tensor

/// The inference-only fast paths (fused GroupNorm + SiLU, row-tiled convolution) against the
/// plain ops and a direct loop.
@Suite("Inference fast paths")
struct InferenceFastPathTests {
    @Test func fusedGroupNormSiLUMatchesComposition() {
        // 5x5 spatial: not a multiple of the 8 lanes, so the tails run too.
        let x = randomTensor([3, 6, 5, 5], -3, 3, seed: 91)
        let w = randomTensor([6], 0.5, 1.5, seed: 92), b = randomTensor([6], seed: 93)
        let fused = withoutGrad { groupNormSiLU(x, groups: 3, weight: w, bias: b, epsilon: 1e-6) }
        let plain = withoutGrad { silu(groupNorm(x, groups: 3, weight: w, bias: b, epsilon: 1e-6)) }
        expectClose(fused.values, plain.values, relative: 1e-6, absolute: 1e-6)
        // Recording: the differentiable composition, with its gradients.
        expectGradientsMatch([x, w, b]) { groupNormSiLU($0[0], groups: 3, weight: $0[1], bias: $0[2], epsilon: 1e-6) }
    }

    @Test func convolutionTiledOverRowsMatchesDirectLoop() {
        // 64 channels x 3x3 over 130 columns: several tiles of output rows per image.
        let (n, c, h, wd, o) = (2, 64, 5, 130, 3)
        let x = randomTensor([n, c, h, wd], seed: 94), w = randomTensor([o, c, 3, 3], seed: 95), b = randomTensor([o], seed: 96)
        let y = withoutGrad { conv2d(x, weight: w, bias: b, padding: .symmetric(1)) }
        let xv = x.values, wv = w.values, bv = b.values
        var expected = [Float](repeating: 0, count: n * o * h * wd)
        for i in 0..<n { for oc in 0..<o { for oy in 0..<h { for ox in 0..<wd {
            var total: Float = 0
            for ic in 0..<c { for ki in 0..<3 { for kj in 0..<3 {
                let iy = oy + ki - 1, ix = ox + kj - 1
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                total += xv[((i * c + ic) * h + iy) * wd + ix] * wv[((oc * c + ic) * 3 + ki) * 3 + kj]
            } } }
            expected[((i * o + oc) * h + oy) * wd + ox] = total + bv[oc]
        } } } }
        expectClose(y.values, expected, relative: 1e-4, absolute: 1e-4)
    }
}
