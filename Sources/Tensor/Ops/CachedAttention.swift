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
/// as queries. Each (row, head) prefix of the cache is contiguous, so the cache is read in
/// place, never copied.
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
    parallelChunks(b * h, costPerItem: 4 * n * length * d) { range in
        let scores = Storage(uninitialized: length)
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
            // Direct loops rather than two GEMMs: with one query per head the GEMMs are
            // GEMVs of a few thousand multiply-adds, where a BLAS call costs more than the work.
            for i in 0..<n {
                let q = qp.value + (row * n + i) * width + head * d
                let visible = cached + i + 1
                for j in 0..<visible { s[j] = scale * dotProduct(q, keys + j * d, count: d) }
                let top = maximum(s, count: visible)
                let inv = 1 / expShiftedSum(s, count: visible, shift: top)
                let o = op.value + (row * n + i) * width + head * d
                o.update(repeating: 0, count: d)
                for j in 0..<visible { addScaled(o, values + j * d, s[j] * inv, count: d) }
            }
        }
    }
    return out
}

/// Sum of a[i] * b[i] for i in 0..<count, eight lanes at a time.
@inline(__always)
private func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var total = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        total.addProduct(ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
                         rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        i += 8
    }
    var sum = total.sum()
    while i < count { sum += a[i] * b[i]; i += 1 }
    return sum
}

/// y[i] += alpha * x[i] for i in 0..<count, eight lanes at a time.
@inline(__always)
private func addScaled(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ alpha: Float, count: Int) {
    let ry = UnsafeMutableRawPointer(y), rx = UnsafeRawPointer(x)
    let a = SIMD8<Float>(repeating: alpha)
    var i = 0
    while i + 8 <= count {
        var v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        v.addProduct(a, rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count { y[i] += alpha * x[i]; i += 1 }
}
