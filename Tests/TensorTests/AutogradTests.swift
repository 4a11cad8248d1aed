import Foundation
import Testing
@testable import Tensor

@Suite("Autograd: graph lifetime, no-grad scope, buffer reuse")
struct AutogradTests {
    @Test func noGradRecordsNothing() {
        var rng = RandomGenerator(seed: 1)
        let layer = Linear(4, 4, using: &rng)
        let y = withoutGrad { relu(layer(Tensor.ones([2, 4]))) }
        #expect(!y.requiresGrad)
        #expect(y.gradNode == nil)
        #expect(GradMode.isEnabled)
    }

    @Test func detachStopsGradients() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let loss = (x * x.detached()).sum()   // d/dx = x.detached()
        loss.backward()
        #expect(x.grad?.values == [1, 2])
    }

    @Test func backwardReleasesTheGraphAndIntermediateGradients() {
        let x = Tensor(shape: [3], values: [1, 2, 3], requiresGrad: true)
        let hidden = x * 2
        let loss = hidden.sum()
        loss.backward()
        #expect(hidden.gradNode == nil && hidden.grad == nil && loss.gradNode == nil)
        #expect(x.grad?.values == [2, 2, 2])
        // Gradients accumulate across backward calls until zeroed.
        (x * 3).sum().backward()
        #expect(x.grad?.values == [5, 5, 5])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test func deepChainsDoNotOverflowTheStack() {
        let x = Tensor(shape: [1], values: [1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.sum().backward()
        #expect(abs(x.grad!.item - Float(pow(1.0001, 20_000.0))) < 1e-2)
    }

    /// A repeated training step takes every buffer from the pool once warm.
    @Test func repeatedTrainingStepAllocatesNothingNew() {
        BufferPool.$scoped.withValue(BufferPool()) { checkSteadyStateAllocations() }
    }

    private func checkSteadyStateAllocations() {
        var rng = RandomGenerator(seed: 2)
        let conv = Conv2d(3, 8, kernelSize: 3, padding: .symmetric(1), using: &rng)
        let norm = GroupNorm(groups: 4, channels: 8)
        let head = Linear(8 * 4 * 4, 5, using: &rng)
        let optimizer = Adam.adamW(head, learningRate: 1e-3)
        let x = Tensor.normal([4, 3, 8, 8], using: &rng)
        func step() {
            optimizer.zeroGrad(); conv.zeroGrad(); norm.zeroGrad()
            let features = maxPool2x2(silu(norm(conv(x)))).reshaped([4, -1])
            let q = features.reshaped([1, 1, 4, 128])
            let mixed = attention(query: q, key: q, value: q, causal: true).reshaped([4, 128])
            let loss = crossEntropy(logits: head(gelu(mixed)), targets: [0, 1, 2, 3])
            loss.backward()
            optimizer.step()
        }
        #expect(countingAllocations { step() } > 0)
        let counts = (0..<8).map { _ in countingAllocations { step() } }
        #expect(counts.suffix(5).allSatisfy { $0 == 0 }, "fresh allocations per step: \(counts)")
    }
}
