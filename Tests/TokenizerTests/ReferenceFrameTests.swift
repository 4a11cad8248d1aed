@testable import Tokenizer
import Tensor
import Testing

/// `subtractsReferenceFrame`: the encoder reads frames minus the first training batch's median.
@Suite("Reference frame input")
struct ReferenceFrameTests {
    /// Tiny tokenizers with and without the reference frame and the same weights (the
    /// reference buffers draw nothing from the generator), and uniform-noise frames.
    private func twins(frames: Int) -> (withReference: Tokenizer, plain: Tokenizer, frames: Tensor) {
        var config = TokenizerConfig.tiny
        config.subtractsReferenceFrame = true
        var rng = RandomGenerator(seed: 21), twinRNG = RandomGenerator(seed: 21)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let plain = Tokenizer(config: .tiny, using: &twinRNG)
        return (tokenizer, plain, Tensor.uniform([frames, 3, 64, 64], 0, 1, using: &rng))
    }

    @Test("the first training batch's per-pixel median becomes the reference, and later batches leave it")
    func setOnceFromTheFirstBatch() {
        let (tokenizer, _, frames) = twins(frames: 5)
        #expect(tokenizer.input_reference_frames?.item == 0)
        #expect(tokenizer.input_reference?.values.allSatisfy { $0 == 0 } == true)
        var rng = RandomGenerator(seed: 22)
        _ = tokenizer.loss(frames: frames, using: &rng)
        let x = frames.values.map { 2 * $0 - 1 }
        let plane = 3 * 64 * 64
        for p in [0, 1, 777, plane - 1] {
            let column = (0..<5).map { x[$0 * plane + p] }.sorted()
            #expect(tokenizer.input_reference!.values[p] == column[2])
        }
        #expect(tokenizer.input_reference_frames?.item == 5)
        let reference = tokenizer.input_reference!.values
        _ = tokenizer.loss(frames: Tensor.uniform([5, 3, 64, 64], 0, 1, using: &rng), using: &rng)
        #expect(tokenizer.input_reference!.values == reference)
    }

    @Test("the encoder reads the frame minus the reference: the same as a plain tokenizer fed the difference")
    func encoderReadsTheDifference() {
        let (tokenizer, plain, frames) = twins(frames: 3)
        // Unset (zero), the reference changes nothing.
        #expect(withoutGrad { tokenizer.encode(frames).z.values } == withoutGrad { plain.encode(frames).z.values })
        var rng = RandomGenerator(seed: 23)
        tokenizer.setReferenceIfUnset(tokenizer.preprocess(Tensor.uniform([7, 3, 64, 64], 0, 1, using: &rng)))
        // 2f - 1 - r = 2(f - r/2) - 1: a plain tokenizer on f - r/2 sees the same input.
        let shifted = frames - Tensor(shape: [1, 3, 64, 64], values: tokenizer.input_reference!.values.map { $0 / 2 })
        let expected = withoutGrad { plain.encode(shifted).z.values }
        let actual = withoutGrad { tokenizer.encode(frames).z.values }
        expectClose(actual, expected, relative: 1e-4, absolute: 1e-5)
        #expect(actual != withoutGrad { plain.encode(frames).z.values })
    }

    @Test("the reference is saved with the weights; IRIS's keys stay exact without it")
    func savedWithTheWeights() {
        let (tokenizer, plain, _) = twins(frames: 1)
        let names = Set(tokenizer.namedParameters().map(\.name))
        #expect(names.subtracting(plain.namedParameters().map(\.name)) == ["input_reference", "input_reference_frames"])
    }

    @Test("with the L1 weight 0 the reconstruction loss is the squared error alone")
    func squaredErrorOnly() {
        var config = TokenizerConfig.tiny
        config.reconstructionL1Weight = 0
        config.reconstructionL2Weight = 1
        var rng = RandomGenerator(seed: 24)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let frames = Tensor.uniform([2, 3, 64, 64], 0, 1, using: &rng)
        let reported = tokenizer.loss(frames: frames, using: &rng).reconstruction
        var noDropout: RandomGenerator? = nil
        let x = tokenizer.preprocess(frames)
        let y = withoutGrad { tokenizer.decode(raw: tokenizer.encode(preprocessed: x, using: &noDropout).quantized, using: &noDropout) }
        let expected = zip(y.values, x.values).reduce(Double(0)) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(x.count)
        #expect(abs(Double(reported) - expected) < 1e-4 * expected)
    }
}
