import Foundation

/// Scaled dot-product attention over heads, fused: for each batch row and head,
/// out = dropout(softmax(q k^T * scale + mask)) v, with q [B, H, Tq, D] and k, v [B, H, Tk, D].
///
/// - `causal`: query i sees keys j <= i + (Tk - Tq), so the queries are the last Tq positions
///   of the key sequence (training: Tq == Tk; imagination with a KV cache: Tq < Tk).
/// - `mask`: an optional additive [Tq, Tk] mask (not differentiated), shared by all rows and heads.
/// - `scale` defaults to 1/sqrt(D).
/// - `dropout`: probability of zeroing an attention weight (IRIS's attn_pdrop), drawing from
///   `rng`; survivors are scaled by 1/(1-p). 0 (the default) draws nothing.
///
/// The attention probabilities [B, H, Tq, Tk] are kept for backward; heads run in parallel.
public func attention(query q: Tensor, key k: Tensor, value v: Tensor, causal: Bool, mask: Tensor? = nil,
                      scale: Float? = nil, dropout: Float, using rng: inout RandomGenerator) -> Tensor {
    require(dropout >= 0 && dropout < 1, "attention: dropout \(dropout) outside [0, 1)")
    guard dropout > 0 else { return attention(query: q, key: k, value: v, causal: causal, mask: mask, scale: scale) }
    let count = q.shape[0] * q.shape[1] * q.shape[2] * k.shape[2]
    let keep = Storage(uninitialized: count)
    let survivor = 1 / (1 - dropout)
    for i in 0..<count { keep.pointer[i] = rng.uniform() < dropout ? 0 : survivor }
    return fusedAttention(q, k, v, causal: causal, mask: mask, scale: scale, keep: keep)
}

/// Attention without dropout; see `attention(query:key:value:causal:mask:scale:dropout:using:)`.
public func attention(query q: Tensor, key k: Tensor, value v: Tensor,
                      causal: Bool, mask: Tensor? = nil, scale: Float? = nil) -> Tensor {
    fusedAttention(q, k, v, causal: causal, mask: mask, scale: scale, keep: nil)
}

/// The fused kernel. `keep` holds, per attention weight, 0 or the survivor scale 1/(1-p).
private func fusedAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, causal: Bool, mask: Tensor?,
                            scale: Float?, keep: Storage?) -> Tensor {
    require(q.rank == 4 && k.rank == 4 && v.rank == 4 && k.shape == v.shape
            && q.shape[0] == k.shape[0] && q.shape[1] == k.shape[1] && q.shape[3] == k.shape[3],
            "attention: query \(describe(q.shape)), key \(describe(k.shape)), value \(describe(v.shape)) do not match [B, H, T, D]")
    let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
    let tk = k.shape[2]
    require(!causal || tk >= tq, "attention: causal needs at least as many keys (\(tk)) as queries (\(tq))")
    if let mask { require(mask.shape == [tq, tk], "attention: mask \(describe(mask.shape)) for \(tq) queries and \(tk) keys") }
    let scale = scale ?? 1 / Foundation.sqrt(Float(d))
    let heads = b * h
    let probabilities = Storage(uninitialized: heads * tq * tk)
    let out = Tensor(uninitializedShape: q.shape)
    let qp = UncheckedSendable(q.data), kp = UncheckedSendable(k.data), vp = UncheckedSendable(v.data)
    let pp = UncheckedSendable(probabilities.pointer), op = UncheckedSendable(out.data)
    let mp = UncheckedSendable(mask?.data), kept = UncheckedSendable(keep?.pointer)
    let offset = tk - tq
    let threads = Compute.threadCount
    parallelChunks(heads, costPerItem: 4 * tq * tk * d) { range in
        let dropped = kept.value == nil ? nil : Storage(uninitialized: tq * tk)
        for head in range {
            let p = pp.value + head * tq * tk
            // Scores S = scale * q k^T, then masking and a row softmax, in place.
            gemm(transposeA: false, transposeB: true, m: tq, n: tk, k: d, alpha: scale,
                 a: qp.value + head * tq * d, lda: d, b: kp.value + head * tk * d, ldb: d,
                 beta: 0, c: p, ldc: tk, parallel: threads <= 1)
            for i in 0..<tq {
                let row = p + i * tk
                if let m = mp.value { for j in 0..<tk { row[j] += m[i * tk + j] } }
                let visible = causal ? i + offset + 1 : tk
                let top = maximum(row, count: visible)
                let inv = 1 / expShiftedSum(row, count: visible, shift: top)
                for j in 0..<visible { row[j] *= inv }
                for j in visible..<tk { row[j] = 0 }
            }
            var weights = UnsafePointer(p)
            if let dropped, let keepBase = kept.value {
                let keepHead = keepBase + head * tq * tk
                for i in 0..<(tq * tk) { dropped.pointer[i] = p[i] * keepHead[i] }
                weights = UnsafePointer(dropped.pointer)
            }
            gemm(transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                 a: weights, lda: tk, b: vp.value + head * tk * d, ldb: d,
                 beta: 0, c: op.value + head * tq * d, ldc: d, parallel: threads <= 1)
        }
    }
    return out.recorded("attention", [q, k, v]) { _, grad in
        withExtendedLifetime((probabilities, keep)) {}   // the closure owns what backward reads
        let dq = UncheckedSendable(q.requiresGrad ? q.gradData : nil)
        let dk = UncheckedSendable(k.requiresGrad ? k.gradData : nil)
        let dv = UncheckedSendable(v.requiresGrad ? v.gradData : nil)
        let go = UncheckedSendable(grad.data)
        parallelChunks(heads, costPerItem: 8 * tq * tk * d) { range in
            let scores = Storage(uninitialized: tq * tk)
            let dropped = kept.value == nil ? nil : Storage(uninitialized: tq * tk)
            let ds = scores.pointer
            for head in range {
                let p = pp.value + head * tq * tk
                let keepHead = kept.value.map { $0 + head * tq * tk }
                let dO = go.value + head * tq * d
                let qh = qp.value + head * tq * d, kh = kp.value + head * tk * d, vh = vp.value + head * tk * d
                if let dvBase = dv.value {   // dV += P'^T dO, with P' the weights after dropout
                    var weights = UnsafePointer(p)
                    if let dropped, let keepHead {
                        for i in 0..<(tq * tk) { dropped.pointer[i] = p[i] * keepHead[i] }
                        weights = UnsafePointer(dropped.pointer)
                    }
                    gemm(transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                         a: weights, lda: tk, b: dO, ldb: d, beta: 1, c: dvBase + head * tk * d, ldc: d, parallel: threads <= 1)
                }
                guard dq.value != nil || dk.value != nil else { continue }
                // dP = (dO v^T) * keep; dS = P * (dP - rowsum(dP * P)) (the softmax backward), times scale.
                gemm(transposeA: false, transposeB: true, m: tq, n: tk, k: d,
                     a: dO, lda: d, b: vh, ldb: d, beta: 0, c: ds, ldc: tk, parallel: threads <= 1)
                if let keepHead { for i in 0..<(tq * tk) { ds[i] *= keepHead[i] } }
                for i in 0..<tq {
                    let row = ds + i * tk, prob = p + i * tk
                    var dot: Float = 0
                    for j in 0..<tk { dot += row[j] * prob[j] }
                    for j in 0..<tk { row[j] = prob[j] * (row[j] - dot) * scale }
                }
                if let dqBase = dq.value {   // dQ += dS k
                    gemm(transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                         a: ds, lda: tk, b: kh, ldb: d, beta: 1, c: dqBase + head * tq * d, ldc: d, parallel: threads <= 1)
                }
                if let dkBase = dk.value {   // dK += dS^T q
                    gemm(transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                         a: ds, lda: tk, b: qh, ldb: d, beta: 1, c: dkBase + head * tk * d, ldc: d, parallel: threads <= 1)
                }
            }
        }
    }
}
