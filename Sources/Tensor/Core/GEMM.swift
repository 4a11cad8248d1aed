import CBLAS

/// Row-major C = alpha * op(A) * op(B) + beta * C through OpenBLAS, with C's rows split across
/// the core's threads. op(A) is m x k, op(B) is k x n. Transposes go to BLAS as flags.
func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
          alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool = true) {
    if m == 0 || n == 0 { return }
    if k == 0 {   // an empty sum: C = beta * C (C may be uninitialised when beta is 0)
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    Compute.pinBLAS()
    let ta = transposeA ? CblasTrans : CblasNoTrans
    let tb = transposeB ? CblasTrans : CblasNoTrans
    let run = { (rows: Range<Int>) in
        guard !rows.isEmpty else { return }
        // Rows i of op(A) start at row i of A, or column i of A when transposed.
        let aStart = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
        cblas_sgemm(CblasRowMajor, ta, tb, Int32(rows.count), Int32(n), Int32(k), alpha,
                    aStart, Int32(lda), b, Int32(ldb), beta, c + rows.lowerBound * ldc, Int32(ldc))
    }
    if parallel && m >= 64 {
        // Each block keeps the same K order, so values do not depend on where rows split.
        parallelChunks(m, costPerItem: 2 * n * k, run)
    } else {
        run(0..<m)
    }
}
