@testable import Tokenizer
import Tensor
import Testing

/// The training aids of the CPU presets, and the foreground match that measures what they achieve (both off in the paper preset, as IRIS).
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

    @Test("the squared-error term is foreground-weighted like the L1")
    func weightedSquaredError() {
        let (tokenizer, frames) = tinyTokenizer(frames: 3, seed: 5) { $0.foregroundWeight = 20; $0.reconstructionL2Weight = 4 }
        var lossRNG = RandomGenerator(seed: 6)
        let reported = tokenizer.loss(frames: frames, using: &lossRNG).reconstruction
        var noDropout: RandomGenerator? = nil
        let x = tokenizer.preprocess(frames)
        let y = withoutGrad { tokenizer.decode(raw: tokenizer.encode(preprocessed: x, using: &noDropout).quantized, using: &noDropout) }
        let w = tokenizer.foregroundWeights(x).values
        var (l1, l2) = (Double(0), Double(0))
        for i in 0..<w.count {
            let d = Double(y.values[i] - x.values[i])
            l1 += Double(w[i]) * abs(d)
            l2 += Double(w[i]) * d * d
        }
        let expected = (l1 + 4 * l2) / Double(w.count)
        #expect(abs(Double(reported) - expected) < 1e-4 * expected)
        #expect(w.contains(21))  // uniform noise frames do have foreground pixels
    }

    @Test("codes unused for codeRevivalSteps steps move onto encoder outputs; used codes stay")
    func revival() {
        let (tokenizer, frames) = tinyTokenizer(frames: 4, seed: 2) { $0.codeRevivalSteps = 2 }
        let config = tokenizer.config
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

    @Test("a revived code lands on the batch's worst-quantised encoder output")
    func revivalTargetsWorstVector() {
        let (tokenizer, frames) = tinyTokenizer(frames: 2, seed: 4) { $0.codeRevivalSteps = 1 }
        let config = tokenizer.config
        let encoding = withoutGrad { tokenizer.encode(frames) }
        let width = config.embeddingWidth, count = encoding.tokens.count
        let z = encoding.z.permuted([0, 2, 3, 1]).reshaped([count, width]).values
        let codes = encoding.codes.permuted([0, 2, 3, 1]).reshaped([count, width]).values
        let errors = (0..<count).map { i in
            (0..<width).reduce(Float(0)) { $0 + (z[i * width + $1] - codes[i * width + $1]) * (z[i * width + $1] - codes[i * width + $1]) }
        }
        let worst = errors.indices.max { errors[$0] < errors[$1] }!
        tokenizer.reviveDeadCodes(encoding)
        let firstDead = (0..<config.vocabularySize).first { !encoding.tokens.contains($0) }!
        let row = Array(tokenizer.embedding.weight.values[(firstDead * width)..<((firstDead + 1) * width)])
        #expect(row == Array(z[(worst * width)..<((worst + 1) * width)]))
    }

    @Test("foreground match counts the object pixels drawn right, and a smear counts against it")
    func foregroundMatch() {
        // Four black 8x8 frames; frames 1 and 2 hold a white 2x2 square (8 foreground pixels).
        var originals = [Float](repeating: 0, count: 4 * 3 * 64)
        for (frame, x) in [(1, 2), (2, 5)] {
            for c in 0..<3 { for dy in 0..<2 { for dx in 0..<2 { originals[(frame * 3 + c) * 64 + (3 + dy) * 8 + x + dx] = 1 } } }
        }
        var drawn = originals
        for c in 0..<3 { for dy in 0..<2 { for dx in 0..<2 { drawn[(2 * 3 + c) * 64 + (3 + dy) * 8 + 5 + dx] = 0.7 } } }
        drawn[(1 * 3 + 1) * 64 + 3 * 8 + 2] = 0.85  // within the 0.2 tolerance
        let shape = [4, 3, 8, 8]
        let x = Tensor(shape: shape, values: originals)
        let partial = ForegroundMatch(originals: x, reconstructions: Tensor(shape: shape, values: drawn))
        #expect(partial.foregroundPixels == 8)
        #expect(partial.keptPixels == 4)
        #expect(partial.score == 0.5)
        // Frame 0 gets a stray grey column of 8 pixels where the original is empty field.
        var smeared = originals
        for y in 0..<8 { smeared[(0 * 3 + 0) * 64 + y * 8 + 7] = 0.5 }
        let smear = ForegroundMatch(originals: x, reconstructions: Tensor(shape: shape, values: smeared))
        #expect(smear.foregroundPixels == 16)
        #expect(smear.keptPixels == 8)
        let fieldOnly = ForegroundMatch(originals: x, reconstructions: Tensor(shape: shape, values: [Float](repeating: 0, count: originals.count)))
        #expect(fieldOnly.score == 0)
    }

    /// A tiny tokenizer with `adjust` applied and `frames` uniform-noise frames, both from `seed`.
    private func tinyTokenizer(frames: Int, seed: UInt64, _ adjust: (inout TokenizerConfig) -> Void) -> (Tokenizer, Tensor) {
        var config = TokenizerConfig.tiny
        adjust(&config)
        var rng = RandomGenerator(seed: seed)
        let tokenizer = Tokenizer(config: config, using: &rng)
        return (tokenizer, Tensor.uniform([frames, 3, 64, 64], 0, 1, using: &rng))
    }
}
