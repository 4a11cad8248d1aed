@testable import Tokenizer
import Tensor
import Testing

/// The two training aids of the CPU presets (both off in the paper preset, as IRIS).
@Suite("Foreground weighting and code revival")
struct CPUDeviationTests {
    @Test("foreground weights mark the pixels that differ from the batch's median frame, in every channel")
    func foreground() {
        var config = TokenizerConfig.tiny
        config.foregroundWeight = 20
        var rng = RandomGenerator(seed: 1)
        let tokenizer = Tokenizer(config: config, using: &rng)
        // Three 64x64 frames at -1 (black); frame 1 has one red pixel at (5, 7), frame 2 a
        // slightly brighter pixel (below the 0.1 threshold) at (9, 9).
        var values = [Float](repeating: -1, count: 3 * 3 * 64 * 64)
        values[(1 * 3 + 0) * 4096 + 5 * 64 + 7] = 1
        values[(2 * 3 + 1) * 4096 + 9 * 64 + 9] = -0.95
        let weights = tokenizer.foregroundWeights(Tensor(shape: [3, 3, 64, 64], values: values)).values
        for channel in 0..<3 { #expect(weights[(1 * 3 + channel) * 4096 + 5 * 64 + 7] == 21) }
        #expect(weights[(0 * 3 + 0) * 4096 + 5 * 64 + 7] == 1)  // the same pixel in the other frames
        #expect(weights[(2 * 3 + 1) * 4096 + 9 * 64 + 9] == 1)
        #expect(weights.filter { $0 != 1 }.count == 3)
    }

    @Test("codes unused for codeRevivalSteps steps move onto encoder outputs; used codes stay")
    func revival() {
        var config = TokenizerConfig.tiny
        config.codeRevivalSteps = 2
        var rng = RandomGenerator(seed: 2)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let frames = Tensor.uniform([4, 3, 64, 64], 0, 1, using: &rng)
        let before = tokenizer.embedding.weight.values
        var lossRNG = RandomGenerator(seed: 3)
        let first = tokenizer.loss(frames: frames, using: &lossRNG)
        #expect(tokenizer.embedding.weight.values == before)  // nothing is 2 steps old yet
        let second = tokenizer.loss(frames: frames, using: &lossRNG)
        let after = tokenizer.embedding.weight.values
        let width = config.embeddingWidth
        let used = Set(first.tokens).union(second.tokens)
        for code in 0..<config.vocabularySize {
            let row = { (v: [Float]) in Array(v[(code * width)..<((code + 1) * width)]) }
            if used.contains(code) { #expect(row(after) == row(before)) } else { #expect(row(after) != row(before)) }
        }
        #expect(tokenizer.code_usage!.values.allSatisfy { $0 < 2 })
    }
}
