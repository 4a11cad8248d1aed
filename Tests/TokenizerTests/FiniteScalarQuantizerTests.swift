import Foundation
import Tensor
import Testing
@testable import Tokenizer

@Suite("Finite scalar quantisation")
struct FiniteScalarQuantizerTests {
    let quantizer = FiniteScalarQuantizer(levels: [8, 5, 8])

    @Test("each channel rounds to its levels; tokens are the mixed-radix digits and name their code vectors")
    func levelsAndTokens() {
        #expect(quantizer.codeCount == 320)
        // One frame, 3 channels, 2x2 grid: very negative, zero, very positive, and a middle value.
        let z = Tensor(shape: [1, 3, 2, 2], values: [-50, 0, 50, 0.3,  -50, 0, 50, 0.3,  -50, 0, 50, 0.3])
        let encoding = quantizer.quantize(z)
        let codes = encoding.codes.values
        // Channel 0 (8 levels): -4/4, 0, 3/4; channel 1 (5 levels): -2/2, 0, 2/2.
        #expect([codes[0], codes[1], codes[2]] == [-1, 0, 0.75])
        #expect([codes[4], codes[5], codes[6]] == [-1, 0, 1])
        // Position 1 is zero everywhere: digits (4, 2, 4) -> 4 + 2 * 8 + 4 * 40.
        #expect(encoding.tokens[1] == 4 + 2 * 8 + 4 * 40)
        #expect(encoding.tokens[0] == 0)
        #expect(encoding.tokens[2] == 7 + 4 * 8 + 7 * 40)
        for (position, token) in encoding.tokens.enumerated() {
            #expect(quantizer.vector(of: token) == (0..<3).map { codes[$0 * 4 + position] })
        }
        #expect(encoding.quantized.values == codes)
        #expect(quantizer.codebook().shape == [320, 3])
    }

    @Test("the gradient passes the rounding as the identity and reaches z through the tanh")
    func straightThrough() {
        var rng = RandomGenerator(seed: 31)
        let z = Tensor.uniform([2, 3, 2, 2], -2, 2, using: &rng)
        z.requiresGrad = true
        let weights = Tensor.uniform([2, 3, 2, 2], -1, 1, using: &rng)
        (quantizer.quantize(z).quantized * weights).sum().backward()
        let gradient = z.grad!.values
        for i in 0..<z.count {
            let levels = Float(quantizer.levels[(i / 4) % 3])
            let scale = (levels - 1) / 2, offset: Float = Int(levels) % 2 == 0 ? 0.5 : 0
            let t = Foundation.tanh(z.values[i] + Float(atanh(Double(offset / scale))))
            let expected = weights.values[i] * (1 - t * t) * scale / Float(Int(levels) / 2)
            #expect(abs(gradient[i] - expected) < 1e-5 * max(1, abs(expected)))
        }
    }

    @Test("a tokenizer with FSQ decodes tokens like its codes, and training leaves the code table fixed")
    func tokenizerWithFiniteScalarCodes() {
        var config = TokenizerConfig.tiny
        config.finiteScalarLevels = [4, 4, 4]
        config.embeddingWidth = 3
        config.batchSize = 2
        var rng = RandomGenerator(seed: 32)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let frames = Tensor.uniform([2, 3, 64, 64], 0, 1, using: &rng)
        let table = tokenizer.embedding.weight.values
        #expect(table == FiniteScalarQuantizer(levels: [4, 4, 4]).codebook().values)
        let encoding = withoutGrad { tokenizer.encode(frames) }
        #expect(encoding.tokens.allSatisfy { (0..<64).contains($0) })
        let fromCodes = withoutGrad { tokenizer.decode(encoding.quantized) }.values
        let fromTokens = withoutGrad { tokenizer.decode(tokens: encoding.tokens, count: 2) }.values
        expectClose(fromTokens, fromCodes, relative: 1e-5, absolute: 1e-6)
        let trainer = TokenizerTrainer(tokenizer: tokenizer)
        let losses = trainer.step(frames: frames, using: &rng).losses
        #expect(losses.commitment == 0)
        #expect(tokenizer.embedding.weight.values == table)
    }

    @Test("levels that do not match the code width or the vocabulary, or code revival with FSQ, are errors")
    func validation() {
        var config = TokenizerConfig.tiny
        config.finiteScalarLevels = [8, 8, 8]
        #expect(throws: TokenizerConfigError.self) { try config.validate() }   // width 32, vocabulary 64
        config.embeddingWidth = 3
        config.vocabularySize = 512
        #expect(throws: Never.self) { try config.validate() }
        config.codeRevivalSteps = 5
        #expect(throws: TokenizerConfigError.self) { try config.validate() }
        config.codeRevivalSteps = 0
        config.finiteScalarLevels = [1, 512, 1]
        #expect(throws: TokenizerConfigError.self) { try config.validate() }
    }
}
