import Foundation
import Testing
@testable import Tensor

/// A sigmoid whose backward forgets the (1 - y) factor: the gradient checker must catch it.
private func brokenSigmoid(_ a: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    for i in 0..<a.count { out.data[i] = 1 / (1 + Foundation.exp(-a.data[i])) }
    return out.recorded("brokenSigmoid", [a]) { out, grad in
        let ga = a.gradData
        for i in 0..<a.count { ga[i] += grad.data[i] * out.data[i] }
    }
}

/// GroupNorm with the mean-of-(dy * xhat) term dropped from its input gradient.
private func groupNormMissingTerm(_ x: Tensor) -> Tensor {
    let size = x.count / x.shape[0]
    let reference = withoutGrad { groupNorm(x, groups: 1, weight: nil, bias: nil) }
    let out = reference.copy()
    return out.recorded("groupNormMissingTerm", [x]) { out, grad in
        let gx = x.gradData
        for n in 0..<x.shape[0] {
            let base = n * size
            var mean: Float = 0, variance: Float = 0
            for i in 0..<size { mean += x.data[base + i] }
            mean /= Float(size)
            for i in 0..<size { variance += (x.data[base + i] - mean) * (x.data[base + i] - mean) }
            let rstd = 1 / (variance / Float(size) + 1e-5).squareRoot()
            var meanDy: Float = 0
            for i in 0..<size { meanDy += grad.data[base + i] }
            meanDy /= Float(size)
            for i in 0..<size { gx[base + i] += rstd * (grad.data[base + i] - meanDy) }
        }
    }
}

@Suite("The gradient checker catches wrong backwards")
struct BrokenBackwardTests {
    @Test func missingFactorIsCaught() {
        let x = randomTensor([10], -2, 2, seed: 91)
        #expect(gradientCheck([x]) { brokenSigmoid($0[0]) }.relativeError > 0.1)
        #expect(gradientCheck([x]) { sigmoid($0[0]) }.relativeError < 5e-3)
    }

    @Test func missingNormalisationTermIsCaught() {
        let x = randomTensor([2, 2, 3, 3], -2, 2, seed: 92)
        #expect(gradientCheck([x]) { groupNormMissingTerm($0[0]) }.relativeError > 0.05)
        #expect(gradientCheck([x]) { groupNorm($0[0], groups: 1, weight: nil, bias: nil) }.relativeError < 5e-3)
    }
}
