import Tensor

/// Keys and values of every layer for a batch of sequences decoded token by token (IRIS
/// `kv_caching.KeysValues`): per layer, preallocated [B, heads, maxTokens, headWidth] tensors
/// of which the first `size` positions are filled.
public final class KVCache {
    public let batch: Int
    /// Positions each row can hold (the model's `maxTokens`).
    public let capacity: Int
    /// Positions filled so far, equal for every row; also the absolute position of the next token.
    public internal(set) var size = 0
    let keys: [Tensor]
    let values: [Tensor]

    public init(config: WorldModelConfig, batch: Int) {
        require(batch >= 1, "KVCache: batch must be at least 1, got \(batch)")
        self.batch = batch
        capacity = config.maxTokens
        let shape = [batch, config.heads, config.maxTokens, config.headWidth]
        keys = (0..<config.layers).map { _ in Tensor.zeros(shape) }
        values = (0..<config.layers).map { _ in Tensor.zeros(shape) }
    }

    /// Empties the cache; the buffers are kept (stale values past `size` are never read).
    public func reset() { size = 0 }
}
