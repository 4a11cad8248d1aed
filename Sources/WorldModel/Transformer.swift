import Tensor

/// The stack of blocks and the final LayerNorm (IRIS `transformer.Transformer`; its
/// embedding dropout has no parameters and runs in `WorldModel`).
final class Transformer: Module {
    let blocks: [TransformerBlock]
    let ln_f: LayerNorm   // snake_case: IRIS's state_dict key

    init(config: WorldModelConfig, using rng: inout RandomGenerator) {
        var blocks: [TransformerBlock] = []
        for _ in 0..<config.layers { blocks.append(TransformerBlock(config: config, using: &rng)) }
        self.blocks = blocks
        ln_f = LayerNorm(config.embeddingWidth)
    }

    func callAsFunction(_ x: Tensor, using rng: inout RandomGenerator) -> Tensor {
        var x = x
        for block in blocks { x = block(x, using: &rng) }
        return ln_f(x)
    }

    func cached(_ x: Tensor, cache: KVCache) -> Tensor {
        var x = x
        for (layer, block) in blocks.enumerated() {
            x = block.cached(x, keys: cache.keys[layer], values: cache.values[layer], cached: cache.size)
        }
        return ln_f(x)
    }
}
