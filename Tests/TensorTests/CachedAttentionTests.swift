import Testing
@testable import Tensor

@Suite("Cached attention (KV-cache decoding)")
struct CachedAttentionTests {
    /// Feeding the positions in chunks of 1, 2 and 3 through the cache gives, for each new
    /// position, the causal attention output over the whole sequence.
    @Test(arguments: [1, 2, 3])
    func matchesCausalAttention(chunk: Int) {
        let (b, h, t, d, capacity) = (2, 3, 7, 4, 9)
        // [B, T, H*D] projections, as Linear layers give them.
        let q = randomTensor([b, t, h * d], seed: 1), k = randomTensor([b, t, h * d], seed: 2)
        let v = randomTensor([b, t, h * d], seed: 3)
        let heads = { (x: Tensor) in x.reshaped([b, t, h, d]).permuted([0, 2, 1, 3]) }
        let full = withoutGrad { attention(query: heads(q), key: heads(k), value: heads(v), causal: true) }
            .permuted([0, 2, 1, 3]).reshaped([b, t, h * d])
        let keyCache = Tensor.full([b, h, capacity, d], .nan), valueCache = Tensor.full([b, h, capacity, d], .nan)
        var outputs: [Tensor] = []
        var start = 0
        while start < t {
            let range = start..<min(start + chunk, t)
            let out = withoutGrad {
                cachedAttention(query: q.sliced(axis: 1, range), newKey: k.sliced(axis: 1, range),
                                newValue: v.sliced(axis: 1, range), keyCache: keyCache, valueCache: valueCache,
                                cached: start)
            }
            outputs.append(out)
            start = range.upperBound
        }
        expectClose(concat(outputs, axis: 1).values, full.values, relative: 1e-5, "chunk \(chunk)")
        // The cache holds exactly the keys in [B, H, T, D] order; positions past T are untouched.
        expectClose(keyCache.sliced(axis: 2, 0..<t).values, heads(k).values, relative: 0, absolute: 0, "keys")
        #expect(keyCache.sliced(axis: 2, t..<capacity).values.allSatisfy { $0.isNaN })
    }
}
