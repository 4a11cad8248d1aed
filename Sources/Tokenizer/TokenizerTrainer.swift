import Tensor

/// IRIS's tokenizer update: loss, backward, global-norm clip, Adam (torch defaults, no weight
/// decay), at the configuration's learning rate and clip.
public final class TokenizerTrainer {
    public let tokenizer: Tokenizer
    public let optimizer: Adam

    public init(tokenizer: Tokenizer) {
        self.tokenizer = tokenizer
        optimizer = Adam([ParameterGroup(tokenizer.parameters)], learningRate: tokenizer.config.learningRate)
    }

    /// One update on frames [B, 3, R, R] in [0, 1]; returns the losses before the update and
    /// the gradient norm before clipping.
    @discardableResult
    public func step(frames: Tensor, using rng: inout RandomGenerator) -> (losses: TokenizerLosses, gradientNorm: Float) {
        tokenizer.train()
        optimizer.zeroGrad()
        let losses = tokenizer.loss(frames: frames, using: &rng)
        losses.total.backward()
        let norm = clipGradientNorm(tokenizer.parameters, maxNorm: tokenizer.config.maxGradNorm)
        optimizer.step()
        optimizer.zeroGrad()
        return (losses, norm)
    }
}
