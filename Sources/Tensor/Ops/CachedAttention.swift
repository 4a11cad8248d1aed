import Foundation

/// Causal multi-head attention of `n` new positions over a key/value cache, for decoding with
/// a transformer one token (or a few) at a time. Inference only: nothing is recorded.
///
/// - `query`, `newKey`, `newValue`: [B, n, H*D], the projections of the new positions as a
///   Linear layer returns them (heads side by side in the last dimension).
/// - `keyCache`, `valueCache`: [B, H, capacity, D], of which the first `cached` positions hold
///   earlier keys and values. The new ones are written at `cached..<cached+n` (the caches are
///   updated in place), then new position i attends over cache positions `0...cached+i`.
///
/// Returns [B, n, H*D], heads side by side again, ready for the output projection. Equals
/// `attention(causal: true)` over the first `cached + n` cache positions with the last `n`
/// as queries. Each (row, head) prefix of the cache is contiguous, so scores and outputs are
/// two small GEMMs per head, with no copy of the cache.
public func cachedAttention(query: Tensor, newKey: Tensor, newValue: Tensor,
                            keyCache: Tensor, valueCache: Tensor, cached: Int, scale: Float? = nil) -> Tensor {
    require(keyCache.rank == 4 && keyCache.shape == valueCache.shape,
            "cachedAttention: caches \(describe(keyCache.shape)) and \(describe(valueCache.shape)) must be equal [B, H, capacity, D]")
    let (b, h, capacity, d) = (keyCache.shape[0], keyCache.shape[1], keyCache.shape[2], keyCache.shape[3])
    require(query.rank == 3 && query.shape[0] == b && query.shape[2] == h * d
            && newKey.shape == query.shape && newValue.shape == query.shape,
            "cachedAttention: query \(describe(query.shape)), key \(describe(newKey.shape)), value \(describe(newValue.shape)) must be [\(b), n, \(h * d)]")
    let n = query.shape[1]
    require(cached >= 0 && cached + n <= capacity,
            "cachedAttention: \(cached) cached + \(n) new positions exceed the capacity \(capacity)")
    require(!GradMode.isEnabled || !(query.requiresGrad || newKey.requiresGrad || newValue.requiresGrad),
            "cachedAttention: inference only; run it inside withoutGrad")
    let width = h * d, length = cached + n
    let scale = scale ?? 1 / Foundation.sqrt(Float(d))
    let out = Tensor(uninitializedShape: query.shape)
    let qp = UncheckedSendable(query.data), nk = UncheckedSendable(newKey.data), nv = UncheckedSendable(newValue.data)
    let kc = UncheckedSendable(keyCache.data), vc = UncheckedSendable(valueCache.data), op = UncheckedSendable(out.data)
    let threads = Compute.threadCount
    parallelChunks(b * h, costPerItem: 4 * n * length * d) { range in
        let scores = Storage(uninitialized: n * length)
        let s = scores.pointer
        for item in range {
            let (row, head) = (item / h, item % h)
            let keys = kc.value + item * capacity * d, values = vc.value + item * capacity * d
            // Append: the new positions' head slice goes to rows cached..<cached+n of this head.
            for t in 0..<n {
                let source = (row * n + t) * width + head * d
                (keys + (cached + t) * d).update(from: nk.value + source, count: d)
                (values + (cached + t) * d).update(from: nv.value + source, count: d)
            }
            let q = qp.value + row * n * width + head * d
            gemm(transposeA: false, transposeB: true, m: n, n: length, k: d, alpha: scale,
                 a: q, lda: width, b: keys, ldb: d, beta: 0, c: s, ldc: length, parallel: threads <= 1)
            for i in 0..<n {
                let scoreRow = s + i * length, visible = cached + i + 1
                let top = maximum(scoreRow, count: visible)
                let inv = 1 / expShiftedSum(scoreRow, count: visible, shift: top)
                for j in 0..<visible { scoreRow[j] *= inv }
                for j in visible..<length { scoreRow[j] = 0 }
            }
            gemm(transposeA: false, transposeB: false, m: n, n: d, k: length,
                 a: s, lda: length, b: values, ldb: d, beta: 0,
                 c: op.value + row * n * width + head * d, ldc: width, parallel: threads <= 1)
        }
    }
    return out
}
