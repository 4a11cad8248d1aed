import Tensor

/// A pre-LayerNorm transformer block: x += Attention(LN1(x)); x += MLP(LN2(x)), with the MLP
/// C -> 4C -> C and exact GELU (IRIS `transformer.Block`).
final class TransformerBlock: Module {
    // IRIS's declaration order: ln1, ln2, attn, mlp.
    let ln1: LayerNorm
    let ln2: LayerNorm
    let attn: SelfAttention
    /// Linear, GELU, Linear, Dropout: IRIS's `nn.Sequential`, so the Linears are `mlp.0`, `mlp.2`.
    let mlp: [Module]
    let residualDropout: Float

    init(config: WorldModelConfig, using rng: inout RandomGenerator) {
        let c = config.embeddingWidth
        ln1 = LayerNorm(c)
        ln2 = LayerNorm(c)
        attn = SelfAttention(width: c, heads: config.heads, attentionDropout: config.attentionDropout,
                             residualDropout: config.residualDropout, using: &rng)
        mlp = [Linear(c, 4 * c, using: &rng), Stage(.gelu), Linear(4 * c, c, using: &rng), Stage(.dropout)]
        residualDropout = config.residualDropout
    }

    private var fc1: Linear { mlp.linear(0) }
    private var fc2: Linear { mlp.linear(2) }

    func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator) -> Tensor {
        let x = x + attn(ln1(x), using: &rng)
        let m = dropout(fc2(gelu(fc1(ln2(x)))), probability: isTraining ? residualDropout : 0, using: &rng)
        return x + m
    }

    /// The block over n new positions with this layer's KV cache (inference).
    func cached(_ x: Tensor, keys: Tensor, values: Tensor, cached: Int) -> Tensor {
        let x = x + attn.cached(ln1(x), keys: keys, values: values, cached: cached)
        return x + fc2(gelu(fc1(ln2(x))))
    }
}
