import Foundation
import Testing
@testable import Tensor

/// A small model with nested modules, an array of modules and an optional one.
private final class TinyNet: Module {
    let embedding: Embedding
    let blocks: [Linear]
    let norm: LayerNorm
    let head: Linear?

    init(using rng: inout RandomGenerator) {
        embedding = Embedding(5, 4, using: &rng)
        blocks = [Linear(4, 4, using: &rng), Linear(4, 4, using: &rng)]
        norm = LayerNorm(4)
        head = Linear(4, 2, bias: false, using: &rng)
    }

    func callAsFunction(_ tokens: [Int]) -> Tensor {
        var x = embedding(tokens)
        for block in blocks { x = x + relu(block(x)) }
        return head!(norm(x))
    }
}

@Suite("Modules: names, modes, checkpoints, initialisation")
struct ModuleTests {
    @Test func parametersHaveStableDottedNames() {
        var rng = RandomGenerator(seed: 1)
        let net = TinyNet(using: &rng)
        #expect(net.namedParameters().map(\.name) == [
            "embedding.weight", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
            "norm.weight", "norm.bias", "head.weight",
        ])
        #expect(net.parameterCount == 5 * 4 + 2 * (16 + 4) + 8 + 8)
        #expect(net.modules().count == 6)
    }

    @Test func parameterGroupsDecayOnlyLinearWeights() {
        var rng = RandomGenerator(seed: 1)
        let net = TinyNet(using: &rng)
        let groups = ParameterGroup.split(net, weightDecay: 0.01)
        #expect(groups[0].parameters.map(ObjectIdentifier.init) == [net.blocks[0].weight, net.blocks[1].weight, net.head!.weight].map(ObjectIdentifier.init))
        #expect(groups[1].parameters.count == 5)
        #expect(groups[1].weightDecay == 0)
    }

    @Test func freezeTrainAndEval() {
        var rng = RandomGenerator(seed: 1)
        let net = TinyNet(using: &rng)
        net.eval()
        #expect(net.modules().allSatisfy { !$0.isTraining })
        net.train()
        #expect(net.blocks[1].isTraining)
        net.freeze()
        #expect(net.parameters.allSatisfy { !$0.requiresGrad })
        #expect(!net([1, 2]).requiresGrad)
        net.unfreeze()
        let loss = net([1, 2]).sum()
        loss.backward()
        #expect(net.blocks[0].weight.grad != nil)
    }

    @Test func saveAndLoadRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iris-module-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = RandomGenerator(seed: 1)
        let net = TinyNet(using: &rng)
        let url = dir.appendingPathComponent("net.safetensors")
        try net.save(to: url)
        var other = RandomGenerator(seed: 2)
        let copy = TinyNet(using: &other)
        #expect(copy([0, 3]).values != net([0, 3]).values)
        try copy.load(from: url)
        #expect(copy([0, 3]).values == net([0, 3]).values)
    }

    @Test func loadingRejectsMismatchedCheckpoints() throws {
        var rng = RandomGenerator(seed: 1)
        let net = TinyNet(using: &rng)
        var state = Dictionary(uniqueKeysWithValues: net.namedParameters().map { ($0.name, $0.tensor.copy()) })
        state["norm.bias"] = nil
        #expect(throws: CheckpointError.missing("parameter 'norm.bias'")) { try net.load(state: state) }
        state["norm.bias"] = Tensor.zeros([5])
        #expect(throws: CheckpointError.shapeMismatch(name: "norm.bias", expected: [4], found: [5])) { try net.load(state: state) }
        state["norm.bias"] = Tensor.zeros([4])
        state["extra"] = Tensor.zeros([1])
        #expect(throws: CheckpointError.unexpected(["extra"])) { try net.load(state: state) }
        let missingFile = URL(fileURLWithPath: "/nonexistent/net.safetensors")
        #expect(throws: SafeTensorsError.self) { try net.load(from: missingFile) }
    }

    @Test func pyTorchDefaultInitialisationBounds() {
        var rng = RandomGenerator(seed: 3)
        let linear = Linear(100, 50, using: &rng)
        let bound: Float = 0.1   // 1/sqrt(100)
        #expect(linear.weight.values.allSatisfy { abs($0) <= bound })
        #expect(linear.weight.values.max()! > 0.09 && linear.weight.values.min()! < -0.09)
        let conv = Conv2d(4, 8, kernelSize: 3, using: &rng)
        #expect(conv.weight.values.allSatisfy { abs($0) <= 1 / Float(36).squareRoot() })
        let w = Tensor.zeros([20_000])
        w.fillNormal(std: 0.02, using: &rng)
        let mean = w.values.reduce(0, +) / 20_000
        let std = (w.values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000).squareRoot()
        #expect(abs(mean) < 0.001 && abs(std - 0.02) < 0.001)
    }

    @Test func optimizerStateRoundTrip() throws {
        var rng = RandomGenerator(seed: 4)
        let layer = Linear(3, 2, using: &rng)
        let adam = Adam.adamW(layer, learningRate: 0.01)
        let x = randomTensor([4, 3], seed: 5)
        for _ in 0..<3 { adam.zeroGrad(); layer(x).sum().backward(); adam.step() }
        let state = Dictionary(uniqueKeysWithValues: adam.state().map { ($0.name, $0.tensor.copy()) })
        let resumed = Adam.adamW(layer, learningRate: 0.01)
        try resumed.load(state: state)
        #expect(resumed.state().map(\.tensor.values) == adam.state().map(\.tensor.values))
        #expect(throws: CheckpointError.self) { try resumed.load(state: [:]) }
    }
}

@Suite("Random generator and determinism")
struct RandomTests {
    @Test func sameSeedSameStream() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test func knownFirstDraws() {
        // Golden values: a change of generator changes every seeded run, so it must be deliberate.
        var rng = RandomGenerator(seed: 0)
        #expect(rng.next() == 0x99EC_5F36_CB75_F2B4)
    }

    @Test func distributions() {
        var rng = RandomGenerator(seed: 9)
        let u = (0..<20_000).map { _ in rng.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 20_000 - 0.5) < 0.01)
        let n = (0..<20_000).map { _ in rng.normal() }
        let mean = n.reduce(0, +) / 20_000
        #expect(abs(mean) < 0.03)
        #expect(abs(n.map { $0 * $0 }.reduce(0, +) / 20_000 - 1) < 0.05)
        let weights: [Float] = [0, 3, 1]
        var counts = [0, 0, 0]
        for _ in 0..<8000 { counts[weights.withUnsafeBufferPointer { rng.categorical($0) }] += 1 }
        #expect(counts[0] == 0)
        #expect(abs(Double(counts[1]) / 8000 - 0.75) < 0.02)
    }

    @Test func trainingIsDeterministicForASeed() {
        func run() -> [Float] {
            var rng = RandomGenerator(seed: 11)
            let layer = Linear(6, 3, using: &rng)
            let adam = Adam.adamW(layer, learningRate: 0.05)
            let x = Tensor.normal([8, 6], using: &rng)
            var losses: [Float] = []
            for _ in 0..<5 {
                adam.zeroGrad()
                let loss = crossEntropy(logits: dropout(layer(x), probability: 0.1, using: &rng), targets: [0, 1, 2, 0, 1, 2, 0, 1])
                losses.append(loss.item)
                loss.backward()
                adam.step()
            }
            return losses
        }
        let losses = run()
        #expect(losses == run())
        #expect(losses.last! < losses.first!)
    }
}
