/// Hyperparameters of the transformer world model (IRIS `config/world_model/default.yaml`).
public struct WorldModelConfig: Codable, Equatable, Sendable {
    /// Tokens per time step: 16 frame tokens and 1 action token.
    public var tokensPerBlock = 17
    /// Time steps in the context window.
    public var maxBlocks = 20
    public var layers = 10
    public var heads = 4
    public var embeddingWidth = 256
    /// Dropout on embeddings, residual branches and attention weights.
    public var dropout: Float = 0.1

    public init() {}

    /// Longest token sequence the model attends over (340 for IRIS).
    public var maxTokens: Int { tokensPerBlock * maxBlocks }
}
