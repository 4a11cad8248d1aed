import Testing
import Tensor
@testable import Tokenizer

@Suite("Straight-through estimator")
struct StraightThroughTests {
    /// z is a leaf, so its gradient can be read: quantise, decode, loss = L1 + VQ loss. The
    /// decoder input is then re-made as a leaf holding the same values, to read the gradient
    /// the decoder sends back. Straight-through means z receives exactly that gradient, plus
    /// the commitment term's 2 beta (z - codes) / count (the codebook term does not reach z).
    @Test(arguments: [Float(0), 1])
    func encoderReceivesTheDecoderInputGradient(beta: Float) {
        var config = smallFixtureConfig()
        config.commitmentWeight = beta
        var rng = RandomGenerator(seed: 3)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let x = tokenizer.preprocess(randomFrames(2, config, seed: 4))
        var none: RandomGenerator? = nil
        let zValues = withoutGrad { tokenizer.pre_quant_conv(tokenizer.encoder(x, using: &none)) }

        let z = zValues.copy()
        z.requiresGrad = true
        let encoding = tokenizer.quantizer.quantize(z)
        let loss = l1Loss(tokenizer.decode(raw: encoding.quantized, using: &none), x)
            + VectorQuantizer.loss(encoding, commitmentWeight: beta)
        loss.backward()

        let decoderInput = encoding.quantized.detached().copy()
        decoderInput.requiresGrad = true
        l1Loss(tokenizer.decode(raw: decoderInput, using: &none), x).backward()

        let zGradient = z.grad!.values, decoderGradient = decoderInput.grad!.values
        #expect(decoderGradient.contains { $0 != 0 })
        let codes = encoding.codes.values, zs = zValues.values
        let expected = (0..<zs.count).map { decoderGradient[$0] + beta * 2 * (zs[$0] - codes[$0]) / Float(zs.count) }
        if beta == 0 {
            #expect(zGradient == decoderGradient)
        } else {
            expectClose(zGradient, expected, relative: 1e-5, "z gradient")
            #expect(zip(zGradient, decoderGradient).contains { $0 != $1 })   // the commitment term is there
        }
        // The decoder's input holds the codebook vectors' values.
        expectClose(encoding.quantized.values, codes, relative: 1e-6, "quantized == codes")
    }
}
