import Testing
@testable import Tensor

@Suite("Matmul, convolution, pooling, norms, attention, LSTM: gradients")
struct LinearAlgebraGradientTests {
    @Test("matmul with every transpose combination", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmulTransposes(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let a = randomTensor(ta ? [4, 3] : [3, 4], seed: 21), b = randomTensor(tb ? [5, 4] : [4, 5], seed: 22)
        expectGradientsMatch([a, b]) { matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
        let batchedA = randomTensor(ta ? [2, 4, 3] : [2, 3, 4], seed: 23), batchedB = randomTensor(tb ? [2, 5, 4] : [2, 4, 5], seed: 24)
        expectGradientsMatch([batchedA, batchedB]) { matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
    }

    @Test func matmulValuesAndLeadingDimensions() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        #expect(matmul(a, b).values == [58, 64, 139, 154])
        #expect(matmul(a, a, transposeB: true).values == [14, 32, 32, 77])
        let x = randomTensor([2, 3, 4], seed: 25), w = randomTensor([5, 4], seed: 26)
        #expect(matmul(x, w, transposeB: true).shape == [2, 3, 5])
        expectGradientsMatch([x, w]) { matmul($0[0], $0[1], transposeB: true) }
    }

    @Test("conv2d", arguments: [
        (1, Padding.symmetric(1), 3),
        (2, Padding.symmetric(1), 3),
        (2, Padding(top: 0, bottom: 1, left: 0, right: 1), 3),   // IRIS's Downsample
        (1, Padding.zero, 1),                                    // pointwise fast path
        (3, Padding(top: 2, bottom: 0, left: 1, right: 2), 2),
    ])
    func convolution(stride: Int, padding: Padding, kernel: Int) {
        let x = randomTensor([2, 3, 6, 5], seed: 31)
        let w = randomTensor([4, 3, kernel, kernel], seed: 32), b = randomTensor([4], seed: 33)
        expectGradientsMatch([x, w, b]) { conv2d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding) }
    }

    @Test func convolutionShapeAndThreads() {
        let x = randomTensor([3, 2, 9, 9], seed: 34), w = randomTensor([5, 2, 3, 3], seed: 35)
        let single = conv2d(x, weight: w, stride: 2, padding: .symmetric(1))
        #expect(single.shape == [3, 5, 5, 5])
        // Splitting images across threads must not change a single value.
        let big = randomTensor([8, 16, 16, 16], seed: 36), bigW = randomTensor([16, 16, 3, 3], seed: 37)
        let two = Compute.withThreads(2) { conv2d(big, weight: bigW, padding: .symmetric(1)).values }
        #expect(Compute.withThreads(1) { conv2d(big, weight: bigW, padding: .symmetric(1)).values } == two)
    }

    @Test func pooling() {
        let x = Tensor(shape: [1, 1, 4, 4], values: [1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2.5], requiresGrad: true)
        #expect(maxPool2x2(x).values == [5, 8, 9, 2.5])
        expectGradientsMatch([randomTensor([2, 2, 4, 6], seed: 41)]) { maxPool2x2($0[0]) }
        expectGradientsMatch([randomTensor([2, 2, 3, 2], seed: 42)]) { upsampleNearest2x($0[0]) }
        #expect(upsampleNearest2x(Tensor(shape: [1, 1, 1, 2], values: [1, 2])).values == [1, 1, 2, 2, 1, 1, 2, 2])
    }

    @Test func norms() {
        let x = randomTensor([3, 4, 6], -2, 2, seed: 51)
        let w = randomTensor([6], 0.5, 1.5, seed: 52), b = randomTensor([6], seed: 53)
        expectGradientsMatch([x, w, b]) { layerNorm($0[0], weight: $0[1], bias: $0[2]) }
        let image = randomTensor([2, 4, 3, 3], -2, 2, seed: 54)
        let gw = randomTensor([4], 0.5, 1.5, seed: 55), gb = randomTensor([4], seed: 56)
        expectGradientsMatch([image, gw, gb]) { groupNorm($0[0], groups: 2, weight: $0[1], bias: $0[2], epsilon: 1e-6) }
        let normalized = layerNorm(Tensor(shape: [1, 4], values: [1, 2, 3, 4]), weight: nil, bias: nil)
        expectClose(normalized.values, [-1.3416355, -0.4472118, 0.4472118, 1.3416355])
    }

    @Test("attention", arguments: [(true, false, 5), (false, true, 5), (true, false, 2), (true, true, 3)])
    func attentionGradients(causal: Bool, masked: Bool, queries: Int) {
        let q = randomTensor([2, 2, queries, 4], seed: 61), k = randomTensor([2, 2, 5, 4], seed: 62), v = randomTensor([2, 2, 5, 4], seed: 63)
        let mask: Tensor? = masked ? Tensor(shape: [queries, 5], values: (0..<(queries * 5)).map { Float($0 % 3) * -0.7 }) : nil
        expectGradientsMatch([q, k, v]) { attention(query: $0[0], key: $0[1], value: $0[2], causal: causal, mask: mask) }
    }

    @Test func attentionWithDropout() {
        let q = randomTensor([2, 2, 4, 3], seed: 67), k = randomTensor([2, 2, 4, 3], seed: 68), v = randomTensor([2, 2, 4, 3], seed: 69)
        // A fresh generator per call draws the same mask every time, as finite differences need.
        expectGradientsMatch([q, k, v]) { t in
            var rng = RandomGenerator(seed: 5)
            return attention(query: t[0], key: t[1], value: t[2], causal: true, dropout: 0.3, using: &rng)
        }
        // Dropping weights changes the output; with p = 0 nothing is drawn or changed.
        var rng = RandomGenerator(seed: 6)
        let plain = attention(query: q, key: k, value: v, causal: true)
        #expect(attention(query: q, key: k, value: v, causal: true, dropout: 0.5, using: &rng).values != plain.values)
        let before = rng
        #expect(attention(query: q, key: k, value: v, causal: true, dropout: 0, using: &rng).values == plain.values)
        #expect(rng == before)
    }

    @Test func causalAttentionMatchesComposedOps() {
        let q = randomTensor([1, 2, 4, 3], seed: 64), k = randomTensor([1, 2, 4, 3], seed: 65), v = randomTensor([1, 2, 4, 3], seed: 66)
        let fused = attention(query: q, key: k, value: v, causal: true)
        var maskValues = [Float](repeating: 0, count: 16)
        for i in 0..<4 { for j in 0..<4 where j > i { maskValues[i * 4 + j] = -1e9 } }
        let scores = matmul(q, k, transposeB: true) * (1 / Float(3).squareRoot()) + Tensor(shape: [4, 4], values: maskValues)
        let composed = matmul(softmax(scores), v)
        expectClose(fused.values, composed.values)
    }

    @Test func lstmCellGradients() {
        var rng = RandomGenerator(seed: 71)
        let cell = LSTMCell(3, 4, using: &rng)
        let x = randomTensor([2, 3], seed: 72), h = randomTensor([2, 4], seed: 73), c = randomTensor([2, 4], seed: 74)
        expectGradientsMatch([x, h, c, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh]) { t in
            let (h2, c2) = lstmCell(t[0], hidden: t[1], cell: t[2], weightIH: t[3], weightHH: t[4], biasIH: t[5], biasHH: t[6])
            return concat([h2, c2], axis: 1)
        }
    }

    @Test func layers() {
        var rng = RandomGenerator(seed: 81)
        let linear = Linear(4, 3, using: &rng)
        let conv = Conv2d(2, 3, kernelSize: 3, padding: .symmetric(1), using: &rng)
        let x = randomTensor([5, 4], seed: 82), image = randomTensor([1, 2, 4, 4], seed: 83)
        expectGradientsMatch([x, linear.weight, linear.bias!]) { _ in linear(x) }
        expectGradientsMatch([image, conv.weight, conv.bias!]) { _ in conv(image) }
        let norm = GroupNorm(groups: 1, channels: 2)
        expectGradientsMatch([image, norm.weight, norm.bias]) { _ in norm(image) }
        let table = Embedding(7, 3, using: &rng)
        expectGradientsMatch([table.weight]) { _ in table([6, 0, 6]) }
    }
}

