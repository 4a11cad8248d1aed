import Foundation

// Softmax and log-softmax over the last axis.

extension Tensor {
    /// Rows of the last axis: (row count, row length).
    var rows: (count: Int, length: Int) {
        let n = shape.last ?? 1
        return (n == 0 ? 0 : count / n, n)
    }
}

/// Writes softmax of each row of `x` into `y` (max-subtracted for stability).
func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, length n: Int) {
    for r in 0..<rows {
        let xr = x + r * n, yr = y + r * n
        let m = maximum(xr, count: n)
        if xr != UnsafePointer(yr) { yr.update(from: xr, count: n) }
        let inv = 1 / expShiftedSum(yr, count: n, shift: m)
        for j in 0..<n { yr[j] *= inv }
    }
}

public func softmax(_ a: Tensor) -> Tensor {
    let (rows, n) = a.rows
    let out = Tensor(uninitializedShape: a.shape)
    softmaxRows(a.data, out.data, rows: rows, length: n)
    return out.recorded("softmax", [a]) { out, grad in
        let y = out.data, g = grad.data, gx = a.gradData
        for r in 0..<rows {
            let o = r * n
            var dot: Float = 0
            for j in 0..<n { dot += g[o + j] * y[o + j] }
            for j in 0..<n { gx[o + j] += y[o + j] * (g[o + j] - dot) }
        }
    }
}

public func logSoftmax(_ a: Tensor) -> Tensor {
    let (rows, n) = a.rows
    let out = Tensor(uninitializedShape: a.shape)
    let x = a.data, y = out.data
    for r in 0..<rows {
        let xr = x + r * n, yr = y + r * n
        var m = -Float.infinity
        for j in 0..<n { m = Swift.max(m, xr[j]) }
        var total: Float = 0
        for j in 0..<n { total += Foundation.exp(xr[j] - m) }
        let shift = m + Foundation.log(total)
        for j in 0..<n { yr[j] = xr[j] - shift }
    }
    return out.recorded("logSoftmax", [a]) { out, grad in
        let y = out.data, g = grad.data, gx = a.gradData
        for r in 0..<rows {
            let o = r * n
            var total: Float = 0
            for j in 0..<n { total += g[o + j] }
            for j in 0..<n { gx[o + j] += g[o + j] - Foundation.exp(y[o + j]) * total }
        }
    }
}
