import Tensor

/// Causal multi-head self-attention with separate query/key/value projections (IRIS
/// `transformer.SelfAttention`; parameter names `key`, `query`, `value`, `proj`).
final class SelfAttention: Module {
    // Declared in IRIS's order so the parameter list matches its state_dict.
    let key: Linear
    let query: Linear
    let value: Linear
    let proj: Linear
    let heads: Int
    let attentionDropout: Float
    let residualDropout: Float

    init(width: Int, heads: Int, attentionDropout: Float, residualDropout: Float, using rng: inout RandomGenerator) {
        key = Linear(width, width, using: &rng)
        query = Linear(width, width, using: &rng)
        value = Linear(width, width, using: &rng)
        proj = Linear(width, width, using: &rng)
        self.heads = heads
        self.attentionDropout = attentionDropout
        self.residualDropout = residualDropout
    }

    /// x [B, T, C] over the whole sequence (training and full forwards).
    func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator) -> Tensor {
        let (b, t, c) = (x.shape[0], x.shape[1], x.shape[2])
        let split = { (y: Tensor) in y.reshaped([b, t, self.heads, c / self.heads]).permuted([0, 2, 1, 3]) }  // (B, H, T, D)
        let q = split(query(x)), k = split(key(x)), v = split(value(x))
        let y = attention(query: q, key: k, value: v, causal: true,
                          dropout: isTraining ? attentionDropout : 0, using: &rng)
            .permuted([0, 2, 1, 3]).reshaped([b, t, c])                                    // (B, T, C)
        return dropout(proj(y), probability: isTraining ? residualDropout : 0, using: &rng)
    }

    /// x [B, n, C] for n new positions, attending over the cache of this layer, which it
    /// extends by n. Inference only (no dropout, nothing recorded).
    func cached(_ x: Tensor, keys: Tensor, values: Tensor, cached: Int) -> Tensor {
        proj(cachedAttention(query: query(x), newKey: key(x), newValue: value(x),
                             keyCache: keys, valueCache: values, cached: cached))
    }
}
