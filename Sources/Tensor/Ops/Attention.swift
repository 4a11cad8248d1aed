import Foundation

/// Scaled dot-product attention over heads, fused: for each batch row and head,
/// out = softmax(q k^T * scale + mask) v, with q [B, H, Tq, D] and k, v [B, H, Tk, D].
///
/// - `causal`: query i sees keys j <= i + (Tk - Tq), so the queries are the last Tq positions
///   of the key sequence (training: Tq == Tk; imagination with a KV cache: Tq < Tk).
/// - `mask`: an optional additive [Tq, Tk] mask (not differentiated), shared by all rows and heads.
/// - `scale` defaults to 1/sqrt(D).
///
/// The attention probabilities [B, H, Tq, Tk] are kept for backward; heads run in parallel.
public func attention(query q: Tensor, key k: Tensor, value v: Tensor,
                      causal: Bool, mask: Tensor? = nil, scale: Float? = nil) -> Tensor {
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
    let mp = UncheckedSendable(mask?.data)
    let offset = tk - tq
    let threads = Compute.threadCount
    parallelChunks(heads, costPerItem: 4 * tq * tk * d) { range in
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
            gemm(transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                 a: p, lda: tk, b: vp.value + head * tk * d, ldb: d,
                 beta: 0, c: op.value + head * tq * d, ldc: d, parallel: threads <= 1)
        }
    }
    return out.recorded("attention", [q, k, v]) { out, grad in
        withExtendedLifetime(probabilities) {}   // the closure owns the saved probabilities
        let dq = UncheckedSendable(q.requiresGrad ? q.gradData : nil)
        let dk = UncheckedSendable(k.requiresGrad ? k.gradData : nil)
        let dv = UncheckedSendable(v.requiresGrad ? v.gradData : nil)
        let go = UncheckedSendable(grad.data), yo = UncheckedSendable(out.data)
        parallelChunks(heads, costPerItem: 8 * tq * tk * d) { range in
            let scores = Storage(uninitialized: tq * tk)
            let ds = scores.pointer
            for head in range {
                let p = pp.value + head * tq * tk
                let dO = go.value + head * tq * d, o = yo.value + head * tq * d
                let qh = qp.value + head * tq * d, kh = kp.value + head * tk * d, vh = vp.value + head * tk * d
                if let dvBase = dv.value {   // dV += P^T dO
                    gemm(transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                         a: p, lda: tk, b: dO, ldb: d, beta: 1, c: dvBase + head * tk * d, ldc: d, parallel: threads <= 1)
                }
                guard dq.value != nil || dk.value != nil else { continue }
                // dP = dO v^T; dS = P * (dP - rowsum(dO * O)) (the softmax backward), times scale.
                gemm(transposeA: false, transposeB: true, m: tq, n: tk, k: d,
                     a: dO, lda: d, b: vh, ldb: d, beta: 0, c: ds, ldc: tk, parallel: threads <= 1)
                for i in 0..<tq {
                    var dot: Float = 0
                    for j in 0..<d { dot += dO[i * d + j] * o[i * d + j] }
                    let row = ds + i * tk, prob = p + i * tk
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
