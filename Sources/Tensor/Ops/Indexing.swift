// Integer indexing: per-row gather, embedding lookup, argmax.

extension Tensor {
    /// One element of each row of the last axis: result[r] = self[r, indices[r]]. Shape: the
    /// leading dimensions. (torch: `x.gather(-1, idx[..., None]).squeeze(-1)`.)
    public func gathered(indices: [Int]) -> Tensor {
        let (rows, n) = self.rows
        require(indices.count == rows, "gather: \(indices.count) indices for \(rows) rows of \(describe(shape))")
        require(indices.allSatisfy { $0 >= 0 && $0 < n }, "gather: index out of range 0..<\(n)")
        let out = Tensor(uninitializedShape: Array(shape.dropLast()))
        for r in 0..<rows { out.data[r] = data[r * n + indices[r]] }
        return out.recorded("gather", [self]) { [self] _, grad in
            let gx = self.gradData
            for r in 0..<rows { gx[r * n + indices[r]] += grad.data[r] }
        }
    }

    /// Index of the largest element of each row of the last axis (first on ties).
    public func argmax() -> [Int] {
        let (rows, n) = self.rows
        return (0..<rows).map { r in
            var best = 0
            for j in 1..<Swift.max(n, 1) where data[r * n + j] > data[r * n + best] { best = j }
            return best
        }
    }
}

/// Rows of `weight` [V, D] picked by `indices`: result [indices.count, D]. The gradient
/// scatters back into the picked rows.
public func embedding(_ weight: Tensor, indices: [Int]) -> Tensor {
    require(weight.rank == 2, "embedding: weight must be [vocabulary, width], got \(describe(weight.shape))")
    let (v, d) = (weight.shape[0], weight.shape[1])
    for i in indices { require(i >= 0 && i < v, "embedding: index \(i) out of range for vocabulary \(v)") }
    let out = Tensor(uninitializedShape: [indices.count, d])
    for (r, i) in indices.enumerated() { (out.data + r * d).update(from: weight.data + i * d, count: d) }
    return out.recorded("embedding", [weight]) { _, grad in
        let gw = weight.gradData
        for (r, i) in indices.enumerated() {
            let src = grad.data + r * d, dst = gw + i * d
            for j in 0..<d { dst[j] += src[j] }
        }
    }
}
