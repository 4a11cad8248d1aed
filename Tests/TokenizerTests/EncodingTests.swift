import Testing
import Tensor
@testable import Tokenizer

@Suite("Encoding and decoding")
struct EncodingTests {
    /// Tokens lie in the vocabulary, shapes follow the configuration, and each frame's
    /// encoding does not depend on the rest of its batch (GroupNorm and attention are
    /// per-frame), whether the batch runs whole or in inference chunks.
    @Test func batchEncodingEqualsPerFrameEncoding() {
        let config = TokenizerConfig.tiny
        var rng = RandomGenerator(seed: 5)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let frames = randomFrames(5, config, seed: 6)
        let (whole, chunked, singles) = withoutGrad { () -> (TokenizerEncoding, TokenizerEncoding, [TokenizerEncoding]) in
            tokenizer.inferenceChunk = 16
            let whole = tokenizer.encode(frames)
            tokenizer.inferenceChunk = 2
            let chunked = tokenizer.encode(frames)
            let singles = (0..<5).map { tokenizer.encode(frames.sliced(axis: 0, $0..<($0 + 1))) }
            return (whole, chunked, singles)
        }
        let side = config.latentSize
        #expect(whole.z.shape == [5, config.embeddingWidth, side, side])
        #expect(whole.quantized.shape == whole.z.shape)
        #expect(whole.tokens.count == 5 * config.tokensPerFrame)
        #expect(whole.tokens.allSatisfy { (0..<config.vocabularySize).contains($0) })
        #expect(chunked.tokens == whole.tokens)
        #expect(chunked.z.values == whole.z.values)
        #expect(singles.flatMap(\.tokens) == whole.tokens)
        expectClose(singles.flatMap { $0.z.values }, whole.z.values, relative: 1e-5, "z per frame")
    }

    @Test func decodedFramesAreInUnitRangeWithTheInputShape() {
        let config = TokenizerConfig.tiny
        var rng = RandomGenerator(seed: 7)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let frames = randomFrames(3, config, seed: 8)
        let (viaLatents, viaTokens, embedded) = withoutGrad { () -> (Tensor, Tensor, Tensor) in
            let encoding = tokenizer.encode(frames)
            return (tokenizer.encodeDecode(frames), tokenizer.decode(tokens: encoding.tokens, count: 3),
                    tokenizer.embed(tokens: encoding.tokens))
        }
        #expect(viaLatents.shape == frames.shape)
        #expect(viaLatents.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        expectClose(viaTokens.values, viaLatents.values, relative: 1e-5, "decode(tokens:) == decode(quantized)")
        #expect(embedded.shape == [3 * config.tokensPerFrame, config.embeddingWidth])
    }

    @Test func codebookStartsUniformInPlusMinusOneOverVocabulary() {
        var rng = RandomGenerator(seed: 9)
        let tokenizer = Tokenizer(config: .tiny, using: &rng)
        let bound = 1 / Float(TokenizerConfig.tiny.vocabularySize)
        let values = tokenizer.embedding.weight.values
        #expect(values.allSatisfy { abs($0) <= bound })
        #expect(values.contains { abs($0) > bound / 2 })
    }

    @Test func codebookUsage() {
        let usage = CodebookUsage(tokens: [0, 0, 1, 1, 3, 3, 2, 2], vocabularySize: 8)
        #expect(usage.distinctCodes == 4)
        #expect(abs(usage.perplexity - 4) < 1e-5)
        let collapsed = CodebookUsage(tokens: Array(repeating: 5, count: 16), vocabularySize: 8)
        #expect(collapsed.distinctCodes == 1)
        #expect(abs(collapsed.perplexity - 1) < 1e-6)
    }
}
