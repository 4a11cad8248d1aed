import Tensor

/// IRIS's discrete autoencoder: a frame [3, R, R] in [0, 1] <-> `tokensPerFrame` codebook
/// indices (16 for 64x64 frames).
///
/// Parameters are named as IRIS's state_dict without its `tokenizer.` prefix
/// (`encoder.down.0.block.0.norm1.weight`, `embedding.weight`, ...), so IRIS weights exported
/// to safetensors load with `load(from:)`; hence the snake_case property names.
///
/// `encode`, `decode` and `encodeDecode` are inference paths (no dropout); they record the
/// graph unless the caller wraps them in `withoutGrad`, as the frozen tokenizer should be.
public final class Tokenizer: Module {
    public let config: TokenizerConfig
    public let encoder: Encoder
    public let pre_quant_conv: Conv2d
    public let embedding: Embedding
    public let post_quant_conv: Conv2d
    public let decoder: Decoder
    /// Training steps since each code was last chosen, when dead codes are revived
    /// (`codeRevivalSteps` > 0); nil otherwise, so IRIS's state_dict keys stay exact. A tensor
    /// so that checkpoints keep it and a resumed run revives the same codes.
    public let code_usage: Tensor?
    /// The frame the encoder's input is taken relative to, [1, 3, R, R] in [-1, 1] space, when
    /// `subtractsReferenceFrame`; nil otherwise (IRIS's keys stay exact). Zero until the first
    /// training batch sets it, so an untrained tokenizer reads plain frames.
    public let input_reference: Tensor?
    /// How many frames `input_reference` is the median of: [1], 0 until it is set.
    public let input_reference_frames: Tensor?
    /// Frames per pass of `encode`/`decode` when no graph is recorded: small chunks keep the
    /// activations (1 MB per frame per layer at 64x64x64) in cache. Results do not depend on
    /// it (every layer is per-frame).
    public var inferenceChunk = 16

    /// A tokenizer with PyTorch's default initialisation and IRIS's codebook (uniform in
    /// +-1/vocabulary). The configuration must pass `validate()` (call it first to get a
    /// recoverable error).
    public init(config: TokenizerConfig, using rng: inout RandomGenerator) {
        do { try config.validate() } catch { fatalError("Tokenizer: invalid configuration: \(error)") }
        self.config = config
        encoder = Encoder(config, using: &rng)
        pre_quant_conv = Conv2d(config.zChannels, config.embeddingWidth, kernelSize: 1, using: &rng)
        embedding = Embedding(config.vocabularySize, config.embeddingWidth, using: &rng)
        let bound = 1 / Float(config.vocabularySize)
        embedding.weight.fillUniform(-bound, bound, using: &rng)
        if !config.finiteScalarLevels.isEmpty {
            // The fixed code vectors, so `embed(tokens:)` and checkpoints work unchanged.
            let codes = FiniteScalarQuantizer(levels: config.finiteScalarLevels).codebook().values
            embedding.weight.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = codes[i] } }
            embedding.weight.requiresGrad = false
        }
        post_quant_conv = Conv2d(config.embeddingWidth, config.zChannels, kernelSize: 1, using: &rng)
        decoder = Decoder(config, using: &rng)
        code_usage = config.codeRevivalSteps > 0 ? Tensor.zeros([config.vocabularySize]) : nil
        let r = config.resolution
        input_reference = config.subtractsReferenceFrame ? Tensor.zeros([1, config.inChannels, r, r]) : nil
        input_reference_frames = config.subtractsReferenceFrame ? Tensor.zeros([1]) : nil
    }

    /// IRIS's nearest-code quantiser over `embedding.weight` (not used when
    /// `finiteScalarLevels` is set: `encode` quantises with `FiniteScalarQuantizer` then).
    public var quantizer: VectorQuantizer { VectorQuantizer(codebook: embedding.weight) }

    // MARK: - Inference

    /// Frames [B, 3, R, R] in [0, 1] -> z, codebook vectors, straight-through input and tokens.
    public func encode(_ frames: Tensor) -> TokenizerEncoding {
        let parts = chunks(frames).map { part -> TokenizerEncoding in
            var noDropout: RandomGenerator? = nil
            return encode(preprocessed: preprocess(part), using: &noDropout)
        }
        guard parts.count > 1 else { return parts[0] }
        return TokenizerEncoding(z: concat(parts.map(\.z), axis: 0), codes: concat(parts.map(\.codes), axis: 0),
                                 quantized: concat(parts.map(\.quantized), axis: 0), tokens: parts.flatMap(\.tokens))
    }

    /// Quantised latents [B, E, h, w] -> frames [B, 3, R, R] in [0, 1] ((y + 1) / 2, clamped).
    public func decode(_ quantized: Tensor) -> Tensor {
        let parts = chunks(quantized).map { part -> Tensor in
            var noDropout: RandomGenerator? = nil
            return postprocess(decode(raw: part, using: &noDropout))
        }
        return parts.count > 1 ? concat(parts, axis: 0) : parts[0]
    }

    /// `count` frames' tokens (`count * tokensPerFrame`, raster order) -> frames in [0, 1].
    public func decode(tokens: [Int], count: Int) -> Tensor {
        let side = config.latentSize
        require(tokens.count == count * config.tokensPerFrame,
              "Tokenizer.decode: \(tokens.count) tokens for \(count) frames of \(config.tokensPerFrame)")
        let grid = embed(tokens: tokens).reshaped([count, side, side, config.embeddingWidth]).permuted([0, 3, 1, 2])
        return decode(grid)
    }

    /// Frames -> tokens -> frames, what the policy sees (IRIS `encode_decode`).
    public func encodeDecode(_ frames: Tensor) -> Tensor { decode(encode(frames).quantized) }

    /// Codebook rows of `tokens`: [tokens.count, embeddingWidth].
    public func embed(tokens: [Int]) -> Tensor { embedding(tokens) }

    // MARK: - Training

    /// IRIS's `compute_loss` on frames [B, 3, R, R] in [0, 1]: VQ loss + L1 reconstruction in
    /// [-1, 1] space (or the configured mix of L1, squared error and foreground weights). The
    /// first call sets the reference frame when `subtractsReferenceFrame`. `rng` draws the
    /// dropout masks (none when `dropout` is 0).
    public func loss(frames: Tensor, using rng: inout RandomGenerator) -> TokenizerLosses {
        let x = preprocess(frames)
        setReferenceIfUnset(x)
        var generator: RandomGenerator? = rng
        let encoding = encode(preprocessed: x, using: &generator)
        let reconstruction = decode(raw: encoding.quantized, using: &generator)
        rng = generator!
        // FSQ has no codebook to learn and nothing to commit to.
        let commitment = config.finiteScalarLevels.isEmpty
            ? VectorQuantizer.loss(encoding, commitmentWeight: config.commitmentWeight) : Tensor.zeros([1])
        // Per-pixel errors, averaged with the foreground weights when they are on.
        let difference = reconstruction - x
        let weights = config.foregroundWeight > 0 ? foregroundWeights(x) : nil
        let average = { (error: Tensor) in weights.map { (error * $0).mean() } ?? error.mean() }
        var terms: [Tensor] = []
        if config.reconstructionL1Weight > 0 { terms.append(config.reconstructionL1Weight * average(abs(difference))) }
        if config.reconstructionL2Weight > 0 { terms.append(config.reconstructionL2Weight * average(difference * difference)) }
        let reconstructionLoss = terms.dropFirst().reduce(terms[0], +)
        reviveDeadCodes(encoding)
        let match = withoutGrad { ForegroundMatch(originals: frames, reconstructions: postprocess(reconstruction.detached())) }
        return TokenizerLosses(total: commitment + reconstructionLoss, commitment: commitment.item,
                               reconstruction: reconstructionLoss.item, perceptual: 0, tokens: encoding.tokens,
                               foregroundMatch: Float(match.score))
    }

    /// 1 + foregroundWeight on pixels whose colour differs from the batch's per-pixel median
    /// frame (the moving objects), 1 elsewhere; [B, 3, R, R], no gradient.
    func foregroundWeights(_ x: Tensor) -> Tensor {
        let (b, c) = (x.shape[0], x.shape[1]), plane = x.shape[2] * x.shape[3]
        let values = x.values
        var weights = [Float](repeating: 1, count: values.count)
        let median = medianFrame(values, frames: b)
        for i in 0..<b {
            for pixel in 0..<plane {
                var foreground = false
                for channel in 0..<c where Swift.abs(values[(i * c + channel) * plane + pixel] - median[channel * plane + pixel]) > 0.1 {
                    foreground = true
                }
                guard foreground else { continue }
                for channel in 0..<c { weights[(i * c + channel) * plane + pixel] = 1 + config.foregroundWeight }
            }
        }
        return Tensor(shape: x.shape, values: weights)
    }

    /// The first training batch's per-pixel median becomes the encoder's reference frame, once.
    func setReferenceIfUnset(_ x: Tensor) {
        guard let input_reference, let input_reference_frames, input_reference_frames.item == 0 else { return }
        let median = medianFrame(x.values, frames: x.shape[0])
        input_reference.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = median[i] } }
        input_reference_frames.withUnsafeMutableBufferPointer { $0[0] = Float(x.shape[0]) }
    }

    /// Counts the steps since each code was chosen and moves codes unused for
    /// `codeRevivalSteps` steps onto this batch's worst-quantised encoder outputs, the largest
    /// |z - code|^2 first: those are the patches the codebook draws worst (a ball, a paddle),
    /// where random outputs would mostly be empty field again. The moved rows took no part in
    /// this step's loss, so its gradients stay exact.
    func reviveDeadCodes(_ encoding: TokenizerEncoding) {
        guard let code_usage, config.codeRevivalSteps > 0 else { return }
        let (b, e, h, w) = (encoding.z.shape[0], encoding.z.shape[1], encoding.z.shape[2], encoding.z.shape[3])
        let (vectors, codes) = withoutGrad {
            (encoding.z.detached().permuted([0, 2, 3, 1]).reshaped([b * h * w, e]).values,
             encoding.codes.detached().permuted([0, 2, 3, 1]).reshaped([b * h * w, e]).values)
        }
        let used = Set(encoding.tokens)
        var dead: [Int] = []
        code_usage.withUnsafeMutableBufferPointer { age in
            for code in 0..<age.count {
                age[code] = used.contains(code) ? 0 : age[code] + 1
                if age[code] >= Float(config.codeRevivalSteps) { dead.append(code); age[code] = 0 }
            }
        }
        guard !dead.isEmpty else { return }
        let errors = (0..<(b * h * w)).map { i in
            (i * e..<(i + 1) * e).reduce(Float(0)) { $0 + (vectors[$1] - codes[$1]) * (vectors[$1] - codes[$1]) }
        }
        // Worst first; ties by index, so the choice is deterministic.
        let worst = errors.indices.sorted { errors[$0] != errors[$1] ? errors[$0] > errors[$1] : $0 < $1 }
        embedding.weight.withUnsafeMutableBufferPointer { codebook in
            for (n, code) in dead.enumerated() {
                let source = worst[n % worst.count]
                for k in 0..<e { codebook[code * e + k] = vectors[source * e + k] }
            }
        }
    }

    // MARK: - Parts

    /// `x` split along the batch into `inferenceChunk`-frame views when no graph is recorded
    /// (a recorded graph gains nothing from splitting); otherwise `[x]`.
    func chunks(_ x: Tensor) -> [Tensor] {
        let n = x.shape.first ?? 0, size = Swift.max(inferenceChunk, 1)
        guard !GradMode.isEnabled, n > size else { return [x] }
        return stride(from: 0, to: n, by: size).map { x.sliced(axis: 0, $0..<Swift.min($0 + size, n)) }
    }

    /// [0, 1] -> [-1, 1] (IRIS `preprocess_input`).
    func preprocess(_ frames: Tensor) -> Tensor {
        let r = config.resolution
        require(frames.shape == [frames.shape.first ?? 0, config.inChannels, r, r],
              "Tokenizer: frames \(frames.shape) must be [B, \(config.inChannels), \(r), \(r)]")
        return affine(frames, scale: 2, shift: -1)
    }

    /// [-1, 1] -> [0, 1], clamped (IRIS `postprocess_output` and the clamp of its callers).
    func postprocess(_ y: Tensor) -> Tensor { clamp(affine(y, scale: 0.5, shift: 0.5), 0, 1) }

    /// Encoder, pre-quantisation conv and quantiser on frames in [-1, 1].
    func encode(preprocessed x: Tensor, using rng: inout RandomGenerator?) -> TokenizerEncoding {
        let input = input_reference.map { x - $0 } ?? x
        let z = pre_quant_conv(encoder(input, using: &rng))
        if !config.finiteScalarLevels.isEmpty { return FiniteScalarQuantizer(levels: config.finiteScalarLevels).quantize(z) }
        return quantizer.quantize(z)
    }

    /// Post-quantisation conv and decoder: the reconstruction in [-1, 1] space, unclamped.
    func decode(raw quantized: Tensor, using rng: inout RandomGenerator?) -> Tensor {
        require(quantized.rank == 4 && quantized.shape[1] == config.embeddingWidth,
              "Tokenizer.decode: latents \(quantized.shape) must be [B, \(config.embeddingWidth), h, w]")
        return decoder(post_quant_conv(quantized), using: &rng)
    }
}
