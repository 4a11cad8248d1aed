// Sums, means and maxima over axes.

/// Resolves a possibly negative axis against a rank.
func normalizedAxis(_ axis: Int, rank: Int, op: String) -> Int {
    let a = axis < 0 ? axis + rank : axis
    require(a >= 0 && a < rank, "\(op): axis \(axis) out of range for rank \(rank)")
    return a
}

/// Sizes before, at and after `axis`: the tensor viewed as [outer, n, inner].
func split(_ shape: [Int], at axis: Int) -> (outer: Int, n: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}

extension Tensor {
    /// Sum of all elements (a scalar).
    public func sum() -> Tensor { reshaped([count]).sum(axis: 0) }

    /// Mean of all elements (a scalar).
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// Sum over one axis.
    public func sum(axis: Int, keepingDimension keep: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, op: "sum")
        let (outer, n, inner) = split(shape, at: axis)
        var outShape = shape
        if keep { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let out = Tensor.zeros(outShape)
        let x = data, y = out.data
        for o in 0..<outer {
            for k in 0..<n {
                let src = x + (o * n + k) * inner, dst = y + o * inner
                for i in 0..<inner { dst[i] += src[i] }
            }
        }
        return out.recorded("sum", [self]) { [self] _, grad in
            let g = grad.data, gx = self.gradData
            for o in 0..<outer {
                for k in 0..<n {
                    let dst = gx + (o * n + k) * inner, src = g + o * inner
                    for i in 0..<inner { dst[i] += src[i] }
                }
            }
        }
    }

    /// Sum over several axes.
    public func sum(axes: [Int], keepingDimensions keep: Bool = false) -> Tensor {
        let sorted = Set(axes.map { normalizedAxis($0, rank: rank, op: "sum") }).sorted(by: >)
        var result = self
        for axis in sorted { result = result.sum(axis: axis, keepingDimension: true) }
        if keep { return result }
        return result.reshaped(shape.enumerated().filter { !sorted.contains($0.offset) }.map(\.element))
    }

    public func mean(axis: Int, keepingDimension keep: Bool = false) -> Tensor {
        let n = shape[normalizedAxis(axis, rank: rank, op: "mean")]
        return sum(axis: axis, keepingDimension: keep) * (1 / Float(n))
    }

    public func mean(axes: [Int], keepingDimensions keep: Bool = false) -> Tensor {
        let n = Set(axes.map { normalizedAxis($0, rank: rank, op: "mean") }).reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepingDimensions: keep) * (1 / Float(n))
    }

    /// Maximum over one axis; the gradient goes to the first maximal element.
    public func max(axis: Int, keepingDimension keep: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, op: "max")
        let (outer, n, inner) = split(shape, at: axis)
        require(n > 0, "max: empty axis \(axis) in shape \(describe(shape))")
        var outShape = shape
        if keep { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let out = Tensor(uninitializedShape: outShape)
        let winners = [Int32](unsafeUninitializedCapacity: outer * inner) { buffer, initialized in
            let x = data, y = out.data
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = x[o * n * inner + i], at = 0
                    for k in 1..<n where x[(o * n + k) * inner + i] > best {
                        best = x[(o * n + k) * inner + i]; at = k
                    }
                    y[o * inner + i] = best
                    buffer[o * inner + i] = Int32(at)
                }
            }
            initialized = outer * inner
        }
        return out.recorded("max", [self]) { [self] _, grad in
            let g = grad.data, gx = self.gradData
            for o in 0..<outer {
                for i in 0..<inner {
                    gx[(o * n + Int(winners[o * inner + i])) * inner + i] += g[o * inner + i]
                }
            }
        }
    }
}
