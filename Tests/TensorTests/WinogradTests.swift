import Testing
@testable import Tensor

/// 3x3 stride-1 convolutions with output rows of 16 or more columns run through Winograd
/// F(2x2, 3x3) in the forward pass; everything else, and every backward pass, through im2col.
@Suite struct WinogradTests {
    /// The definition, one multiply-add at a time.
    func direct(_ x: Tensor, _ w: Tensor, _ b: Tensor, padding: Padding) -> [Float] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), o = w.shape[0]
        let ho = h + padding.top + padding.bottom - 2, wo = wd + padding.left + padding.right - 2
        let xv = x.values, wv = w.values, bv = b.values
        var y = [Float](repeating: 0, count: n * o * ho * wo)
        for i in 0..<n { for oc in 0..<o { for oy in 0..<ho { for ox in 0..<wo {
            var total = Double(bv[oc])
            for ic in 0..<c { for ki in 0..<3 { for kj in 0..<3 {
                let iy = oy + ki - padding.top, ix = ox + kj - padding.left
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    total += Double(xv[((i * c + ic) * h + iy) * wd + ix]) * Double(wv[((oc * c + ic) * 3 + ki) * 3 + kj])
                }
            } } }
            y[((i * o + oc) * ho + oy) * wo + ox] = Float(total)
        } } } }
        return y
    }

    @Test("forward equals the definition", arguments: [
        ([2, 3, 17, 16], 4, Padding.symmetric(1)),                       // odd height: the last tile row is half used
        ([1, 5, 16, 19], 7, Padding(top: 0, bottom: 2, left: 2, right: 0)),   // odd width, padding on one side
        ([3, 9, 20, 35], 10, Padding.zero),                              // no padding: output 18 x 33
        ([1, 32, 64, 64], 32, Padding.symmetric(1)),                     // IRIS's decoder at 64x64
    ])
    func forward(shape: [Int], outChannels: Int, padding: Padding) {
        let x = randomTensor(shape, seed: 41), w = randomTensor([outChannels, shape[1], 3, 3], seed: 42)
        let b = randomTensor([outChannels], seed: 43)
        #expect(WinogradConvolution.pays(kernelHeight: 3, kernelWidth: 3, stride: 1,
                                         outWidth: shape[3] + padding.left + padding.right - 2))
        let y = conv2d(x, weight: w, bias: b, padding: padding)
        let expected = direct(x, w, b, padding: padding)
        #expect(y.values.count == expected.count)
        // Rounding only: the transforms' constants are 0, ±1 and ±1/2.
        let worst = zip(y.values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 2e-5 * Float(shape[1] * 9), "largest difference \(worst)")
    }

    @Test func gradientsThroughAWinogradForward() {
        let x = randomTensor([2, 2, 5, 16], seed: 44), w = randomTensor([3, 2, 3, 3], seed: 45), b = randomTensor([3], seed: 46)
        expectGradientsMatch([x, w, b]) { conv2d($0[0], weight: $0[1], bias: $0[2], padding: .symmetric(1)) }
    }

    @Test func threadsDoNotChangeAValue() {
        let x = randomTensor([6, 8, 18, 18], seed: 47), w = randomTensor([8, 8, 3, 3], seed: 48)
        let two = Compute.withThreads(2) { conv2d(x, weight: w, padding: .symmetric(1)).values }
        #expect(Compute.withThreads(1) { conv2d(x, weight: w, padding: .symmetric(1)).values } == two)
    }

    @Test func narrowImagesKeepIm2col() {
        #expect(!WinogradConvolution.pays(kernelHeight: 3, kernelWidth: 3, stride: 1, outWidth: 8))
        #expect(!WinogradConvolution.pays(kernelHeight: 3, kernelWidth: 3, stride: 2, outWidth: 32))
        #expect(!WinogradConvolution.pays(kernelHeight: 1, kernelWidth: 1, stride: 1, outWidth: 32))
    }
}
