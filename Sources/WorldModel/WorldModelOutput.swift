import Tensor

/// Logits of the three heads over a token sequence, each at its own positions (IRIS
/// `WorldModelOutput`), in increasing position order within each batch row.
public struct WorldModelOutput {
    /// [B, positions, vocabularySize]: at every position except the last frame token of a
    /// block; position i predicts token i + 1 (the action position predicts the next frame's
    /// first token).
    public let observations: Tensor
    /// [B, actionPositions, 3]: reward sign + 1 (classes -1, 0, +1), at action positions.
    public let rewards: Tensor
    /// [B, actionPositions, 2]: episode end, at action positions.
    public let ends: Tensor
    /// [B, frames, C]: the last layer's output at each frame's second-to-last token, whose head
    /// predicts the frame's last token: what the model holds of the history and that frame,
    /// for a policy to read (`WorldModel.framePosition`).
    public let frameStates: Tensor
}

/// The world model's losses for one batch (IRIS `loss_obs`, `loss_rewards`, `loss_ends`).
public struct WorldModelLosses {
    /// Their sum, to backpropagate.
    public let total: Tensor
    public let observations: Float
    public let rewards: Float
    public let ends: Float
}
