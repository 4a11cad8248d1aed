import Tensor

/// One training step's loss terms, IRIS's `LossWithIntermediateLosses` for the tokenizer.
public struct TokenizerLosses {
    /// commitment + reconstruction (+ perceptualWeight * perceptual): backpropagate this.
    public let total: Tensor
    /// The VQ loss: codebook term + beta * commitment term.
    public let commitment: Float
    /// Mean |x - x^| in [-1, 1] space.
    public let reconstruction: Float
    /// Always 0: LPIPS is not implemented (see `TokenizerConfig.perceptualWeight`).
    public let perceptual: Float
    /// The batch's tokens, for codebook usage statistics.
    public let tokens: [Int]
    /// `ForegroundMatch` of the batch's reconstructions: whether ball and paddles are drawn
    /// where they are (and not smeared), which L1 does not show.
    public let foregroundMatch: Float
}
