import Testing
@testable import Tensor

@Suite("Reductions, layout and indexing: values and gradients")
struct StructureGradientTests {
    @Test func reductions() {
        let x = randomTensor([2, 3, 4], seed: 11)
        expectGradientsMatch([x]) { $0[0].sum(axis: 1) }
        expectGradientsMatch([x]) { $0[0].sum(axes: [0, 2]) }
        expectGradientsMatch([x]) { $0[0].mean(axis: -1, keepingDimension: true) }
        expectGradientsMatch([x]) { $0[0].mean(axes: [0, 1]) }
        expectGradientsMatch([x]) { $0[0].max(axis: 2) }
        expectGradientsMatch([x]) { $0[0].sum() }
        expectGradientsMatch([x]) { $0[0].mean() }
    }

    @Test func reductionValues() {
        let x = Tensor(shape: [2, 3], values: [1, 5, 3, 4, 2, 6])
        #expect(x.sum(axis: 0).values == [5, 7, 9])
        #expect(x.sum(axis: 1, keepingDimension: true).shape == [2, 1])
        #expect(x.max(axis: 1).values == [5, 6])
        #expect(x.mean().item == 3.5)
        #expect(x.sum(axes: [0, 1]).shape == [])
    }

    @Test func layoutOps() {
        let x = randomTensor([2, 3, 4], seed: 12), y = randomTensor([2, 2, 4], seed: 13)
        expectGradientsMatch([x]) { $0[0].reshaped([6, -1]) * 1.5 }
        expectGradientsMatch([x]) { $0[0].permuted([2, 0, 1]) }
        expectGradientsMatch([x]) { $0[0].transposed(0, 1) }
        expectGradientsMatch([x]) { $0[0].sliced(axis: 1, 1..<3) }
        expectGradientsMatch([x]) { $0[0].sliced(axis: 0, 1..<2) * 2 }
        expectGradientsMatch([x, y]) { concat([$0[0], $0[1]], axis: 1) }
        expectGradientsMatch([x]) { stack([$0[0], $0[0] * 2], axis: 1) }
        expectGradientsMatch([x]) { $0[0].chunked(2, axis: 2)[1] }
    }

    @Test func layoutValues() {
        let x = Tensor(shape: [2, 3], values: [0, 1, 2, 3, 4, 5])
        #expect(x.transposed(0, 1).values == [0, 3, 1, 4, 2, 5])
        #expect(x.sliced(axis: 1, 1..<3).values == [1, 2, 4, 5])
        #expect(concat([x, x], axis: 0).shape == [4, 3])
        #expect(stack([x, x], axis: 2).values == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        let p = Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init)).permuted([1, 2, 0])
        #expect(p.shape == [3, 4, 2])
        #expect(p[2, 1, 1] == 21)
        #expect(x.reshaped([3, -1]).shape == [3, 2])
    }

    @Test func indexing() {
        let x = randomTensor([3, 5], seed: 14)
        expectGradientsMatch([x]) { $0[0].gathered(indices: [4, 0, 2]) }
        let table = randomTensor([6, 3], seed: 15)
        expectGradientsMatch([table]) { embedding($0[0], indices: [5, 1, 5, 0]) }
        let values = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(values.gathered(indices: [2, 0]).values == [3, 4])
        #expect(embedding(values.reshaped([3, 2]), indices: [2, 0]).values == [5, 6, 1, 2])
        #expect(Tensor(shape: [2, 3], values: [0, 9, 9, 7, 1, 2]).argmax() == [1, 0])
    }

    @Test func softmaxFamily() {
        let x = randomTensor([3, 6], -2, 2, seed: 16)
        expectGradientsMatch([x]) { softmax($0[0]) }
        expectGradientsMatch([x]) { logSoftmax($0[0]) }
        let s = softmax(Tensor(shape: [1, 3], values: [1, 2, 3]))
        expectClose(s.values, [0.09003057, 0.24472847, 0.66524096])
        expectClose(logSoftmax(Tensor(shape: [1, 3], values: [1, 2, 3])).values, [-2.407606, -1.407606, -0.407606])
    }

    @Test func losses() {
        let logits = randomTensor([4, 5], -2, 2, seed: 17)
        expectGradientsMatch([logits]) { crossEntropy(logits: $0[0], targets: [1, -100, 4, 0]) }
        let p = randomTensor([3, 4], seed: 18), t = randomTensor([3, 4], seed: 19)
        expectGradientsMatch([p, t]) { mseLoss($0[0], $0[1]) }
        expectGradientsMatch([p, t]) { l1Loss($0[0], $0[1]) }
        // Uniform logits: loss log(C) over the two rows that count.
        let uniform = crossEntropy(logits: Tensor.zeros([3, 4]), targets: [0, -100, 3])
        #expect(abs(uniform.item - 1.3862944) < 1e-6)
        #expect(crossEntropy(logits: Tensor.zeros([2, 4]), targets: [-100, -100]).item == 0)
    }

    @Test func dropoutScalesKeptValuesAndTheirGradients() {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.ones([1000], requiresGrad: true)
        let y = dropout(x, probability: 0.25, using: &rng)
        let kept = y.values.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 })
        #expect(abs(Double(kept.count) / 1000 - 0.75) < 0.05)
        y.sum().backward()
        #expect(x.grad!.values == y.values)
        #expect(dropout(x, probability: 0, using: &rng) === x)
    }

    @Test func sampling() {
        var rng = RandomGenerator(seed: 5)
        let logits = Tensor(shape: [2, 3], values: [0, 0, 10, 5, 0, 0])
        #expect(sampleCategorical(logits: logits, temperature: 0, using: &rng) == [2, 0])
        var counts = [0, 0, 0]
        let flat = Tensor(shape: [1, 3], values: [0, 0.6931472, 0])   // probabilities 1/4, 1/2, 1/4
        for _ in 0..<4000 { counts[sampleCategorical(logits: flat, using: &rng)[0]] += 1 }
        #expect(abs(Double(counts[1]) / 4000 - 0.5) < 0.03)
        // Temperature sharpens: at 0.1 the largest logit nearly always wins.
        let sharp = (0..<200).map { _ in sampleCategorical(logits: Tensor(shape: [1, 2], values: [1, 0]), temperature: 0.1, using: &rng)[0] }
        #expect(sharp.filter { $0 == 0 }.count > 195)
    }
}
