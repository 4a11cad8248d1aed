// Matrix products through cblas_sgemm; transposes are BLAS flags, never copies.

/// One product C[m,n] = op(A) op(B) and its gradients, for a batch of equally shaped pairs
/// laid out one after another.
private struct ProductLayout {
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
    var lda: Int { transposeA ? m : k }      // row length of A as stored
    var ldb: Int { transposeB ? k : n }      // row length of B as stored
    var aSize: Int { m * k }
    var bSize: Int { k * n }
    var cSize: Int { m * n }

    func forward(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
             a: a, lda: lda, b: b, ldb: ldb, beta: 0, c: c, ldc: n)
    }

    /// dA += dC op(B)^T, stored like A.
    func gradientA(_ dc: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ da: UnsafeMutablePointer<Float>) {
        if transposeA {   // A is [k, m]: dA = op(B) dC^T
            gemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n,
                 a: b, lda: ldb, b: dc, ldb: n, beta: 1, c: da, ldc: m)
        } else {
            gemm(transposeA: false, transposeB: !transposeB, m: m, n: k, k: n,
                 a: dc, lda: n, b: b, ldb: ldb, beta: 1, c: da, ldc: k)
        }
    }

    /// dB += op(A)^T dC, stored like B.
    func gradientB(_ dc: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ db: UnsafeMutablePointer<Float>) {
        if transposeB {   // B is [n, k]: dB = dC^T op(A)
            gemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m,
                 a: dc, lda: n, b: a, ldb: lda, beta: 1, c: db, ldc: k)
        } else {
            gemm(transposeA: !transposeA, transposeB: false, m: k, n: n, k: m,
                 a: a, lda: lda, b: dc, ldb: n, beta: 1, c: db, ldc: n)
        }
    }
}

/// Matrix product of the last two dimensions, op(a) x op(b), where op transposes when asked.
///
/// - `b` of rank 2: `a` may have any leading dimensions (they become rows of one big GEMM),
///   which is how `Linear` runs: `matmul(x, weight, transposeB: true)`.
/// - `a` and `b` of equal rank above 2: a batched product over identical leading dimensions.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let shapes = "\(describe(a.shape))\(transposeA ? "^T" : "") x \(describe(b.shape))\(transposeB ? "^T" : "")"
    require(a.rank >= 2 && b.rank >= 2, "matmul: need rank >= 2, got \(shapes)")
    let batch: Int, layout: ProductLayout, outShape: [Int]
    if b.rank == 2 && !transposeA {
        let k = a.shape[a.rank - 1], rows = a.count / Swift.max(k, 1)
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        require(k == kb, "matmul: inner dimensions differ in \(shapes)")
        batch = 1
        layout = ProductLayout(m: rows, n: n, k: k, transposeA: false, transposeB: transposeB)
        outShape = Array(a.shape.dropLast()) + [n]
    } else {
        require(a.rank == b.rank && a.shape.dropLast(2) == b.shape.dropLast(2),
                "matmul: batch dimensions differ in \(shapes)")
        let (m, k) = transposeA ? (a.shape[a.rank - 1], a.shape[a.rank - 2]) : (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (kb, n) = transposeB ? (b.shape[b.rank - 1], b.shape[b.rank - 2]) : (b.shape[b.rank - 2], b.shape[b.rank - 1])
        require(k == kb, "matmul: inner dimensions differ in \(shapes)")
        batch = a.shape.dropLast(2).reduce(1, *)
        layout = ProductLayout(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        outShape = Array(a.shape.dropLast(2)) + [m, n]
    }
    let out = Tensor(uninitializedShape: outShape)
    for i in 0..<batch {
        layout.forward(a.data + i * layout.aSize, b.data + i * layout.bSize, out.data + i * layout.cSize)
    }
    return out.recorded("matmul", [a, b]) { _, grad in
        for i in 0..<batch {
            let dc = grad.data + i * layout.cSize
            if a.requiresGrad { layout.gradientA(dc, b.data + i * layout.bSize, a.gradData + i * layout.aSize) }
            if b.requiresGrad { layout.gradientB(dc, a.data + i * layout.aSize, b.gradData + i * layout.bSize) }
        }
    }
}
