import Foundation
import Testing
import Tensor
@testable import WorldModel

@Suite("World model against the PyTorch reference (make_fixtures.py)")
struct PyTorchReferenceTests {
    /// The paper preset's parameters have IRIS's names, order and shapes, and 8,448,005 in all.
    @Test func paperParameterNamesAndCount() throws {
        let lines = try String(contentsOf: try fixtureURL("paper_parameters.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let expected = lines.dropLast()
        var rng = RandomGenerator(seed: 0)
        let model = WorldModel(config: .paper, actionCount: 6, using: &rng)
        let actual = model.namedParameters().map { "\($0.name) \($0.tensor.shape.map(String.init).joined(separator: "x"))" }
        #expect(actual == Array(expected))
        #expect(lines.last == "total \(model.parameterCount)")
        #expect(model.parameterCount == 8_448_005)
    }

    @Test func forwardLossAndGradientsMatchPyTorch() throws {
        let f = try SafeTensors.readTensors(from: try fixtureURL("world_model_small.safetensors"))
        func load(_ name: String) throws -> Tensor {
            guard let t = f[name] else { throw WorldModelConfigError(message: "fixture lacks \(name)") }
            return t
        }
        func ints(_ name: String) throws -> [Int] { try load(name).values.map { Int($0) } }
        var rng = RandomGenerator(seed: 1)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        let parameters = model.namedParameters()
        #expect(Set(parameters.map { "param.\($0.name)" }) == Set(f.keys.filter { $0.hasPrefix("param.") }))
        for (name, p) in parameters { p.assign(try load("param.\(name)")) }

        let (batch, steps) = (2, 3)
        let tokens = try ints("tokens")
        let output = model.forward(tokens: tokens, batch: batch, using: &rng)
        expectClose(output.observations.values, try load("logits_observations").values, relative: 1e-4, "observation logits")
        expectClose(output.rewards.values, try load("logits_rewards").values, relative: 1e-4, "reward logits")
        expectClose(output.ends.values, try load("logits_ends").values, relative: 1e-4, "end logits")
        #expect(output.observations.shape == [2, 12, 16] && output.rewards.shape == [2, 3, 3] && output.ends.shape == [2, 3, 2])

        let losses = model.loss(frameTokens: try ints("frame_tokens"), actions: try ints("actions"),
                                rewards: try load("rewards").values, ends: try ints("ends"),
                                mask: try ints("mask").map { $0 != 0 }, batch: batch, steps: steps, using: &rng)
        expectClose([losses.observations], try load("loss_obs").values, relative: 1e-5, "loss_obs")
        expectClose([losses.rewards], try load("loss_rewards").values, relative: 1e-5, "loss_rewards")
        expectClose([losses.ends], try load("loss_ends").values, relative: 1e-5, "loss_ends")
        model.zeroGrad()
        losses.total.backward()
        for (name, p) in parameters {
            let grad = try #require(p.grad, "no gradient for \(name)")
            expectClose(grad.values, try load("grad.\(name)").values, relative: 1e-4, absolute: 1e-7, "grad \(name)")
        }
    }
}
