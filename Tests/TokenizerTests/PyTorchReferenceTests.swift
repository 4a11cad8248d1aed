import Foundation
import Testing
import Tensor
@testable import Tokenizer

@Suite("Tokenizer matches IRIS's PyTorch tokenizer")
struct PyTorchReferenceTests {
    /// The paper preset lists exactly IRIS's state_dict keys (without `tokenizer.`), in order,
    /// with their shapes: IRIS weights exported to safetensors load unchanged.
    @Test func paperParameterNamesAndShapes() throws {
        let text = try String(contentsOf: fixtureURL("paper_parameters.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let expected = lines.dropFirst().map { line -> String in String(line) }
        var rng = RandomGenerator(seed: 0)
        let tokenizer = Tokenizer(config: .paper, using: &rng)
        let actual = tokenizer.namedParameters().map { "\($0.name) \($0.tensor.shape.map(String.init).joined(separator: ","))" }
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) where a != e {
            Issue.record("parameter \(a) where IRIS has \(e)")
            break
        }
        #expect(actual == expected)
        let total = Int(lines[0].split(separator: " ").last!)!
        #expect(tokenizer.parameterCount == total)
        #expect(total == 4_027_523)   // IRIS: ~4.03M without LPIPS
    }

    /// Forward outputs, tokens, losses and every parameter's gradient of the small reference
    /// configuration with PyTorch's weights.
    @Test func smallConfigurationForwardAndGradients() throws {
        let file = try SafeTensors.read(from: fixtureURL("tokenizer_small.safetensors"))
        func tensor(_ name: String) throws -> Tensor { try Tensor(file.entry(named: name)) }
        var rng = RandomGenerator(seed: 1)
        let tokenizer = Tokenizer(config: smallFixtureConfig(), using: &rng)
        let names = tokenizer.namedParameters().map(\.name)
        try tokenizer.load(state: Dictionary(uniqueKeysWithValues: try names.map { ($0, try tensor($0)) }))
        // Every tensor of the file is a parameter, its gradient, or a listed reference value.
        let references: Set = ["frames", "z", "tokens", "reconstruction", "decoded", "commitment", "reconstruction_loss"]
        #expect(Set(file.names) == Set(names).union(names.map { "grad." + $0 }).union(references))

        let frames = try tensor("frames")
        let expectedTokens = try file.entry(named: "tokens").integers()
        withoutGrad {
            let encoding = tokenizer.encode(frames)
            expectClose(encoding.z.values, (try? tensor("z").values) ?? [], relative: 1e-4, "z")
            #expect(encoding.tokens == expectedTokens)
            expectClose(tokenizer.decode(encoding.quantized).values, (try? tensor("decoded").values) ?? [],
                        relative: 1e-4, "decoded")
            let count = frames.shape[0]
            expectClose(tokenizer.decode(tokens: encoding.tokens, count: count).values,
                        (try? tensor("decoded").values) ?? [], relative: 1e-4, "decoded from tokens")
        }
        var noDropout: RandomGenerator? = nil
        let raw = withoutGrad { tokenizer.decode(raw: tokenizer.encode(frames).quantized, using: &noDropout) }
        expectClose(raw.values, try tensor("reconstruction").values, relative: 1e-4, "reconstruction")

        let losses = tokenizer.loss(frames: frames, using: &rng)
        expectClose([losses.commitment], try tensor("commitment").values, relative: 1e-4, "commitment")
        expectClose([losses.reconstruction], try tensor("reconstruction_loss").values, relative: 1e-4, "L1")
        #expect(losses.perceptual == 0)
        #expect(losses.tokens == expectedTokens)
        losses.total.backward()
        for (name, parameter) in tokenizer.namedParameters() {
            expectClose(parameter.grad?.values ?? [], try tensor("grad." + name).values, relative: 1e-4, absolute: 1e-7,
                        "gradient of \(name)")
        }
    }
}
