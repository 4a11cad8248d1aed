// Layout changes: reshape (a view), permute, slice, concat and stack (copies).

extension Tensor {
    /// The same values under a new shape with as many elements; one dimension may be -1.
    /// Shares storage (a view).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var newShape = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            require(known > 0 && count % known == 0,
                    "reshape: cannot infer -1 in \(describe(newShape)) for \(count) elements")
            newShape[unknown] = count / known
        }
        require(newShape.allSatisfy { $0 >= 0 } && newShape.reduce(1, *) == count,
                "reshape: shape \(describe(shape)) (\(count) elements) cannot become \(describe(newShape))")
        let out = Tensor(shape: newShape, storage: storage, offset: offset)
        return out.recorded("reshape", [self]) { [self] _, grad in
            let g = grad.data, gx = self.gradData
            for i in 0..<count { gx[i] += g[i] }
        }
    }

    /// Reorders dimensions: result dimension i is this tensor's dimension `order[i]`. Copies.
    public func permuted(_ order: [Int]) -> Tensor {
        require(order.sorted() == Array(0..<rank),
                "permute: \(order) is not a permutation of the \(rank) dimensions of \(describe(shape))")
        let outShape = order.map { shape[$0] }
        let out = Tensor(uninitializedShape: outShape)
        permuteCopy(from: data, shape: shape, order: order, to: out.data, accumulate: false)
        return out.recorded("permute", [self]) { [self] _, grad in
            var inverse = [Int](repeating: 0, count: order.count)
            for (i, d) in order.enumerated() { inverse[d] = i }
            permuteCopy(from: grad.data, shape: outShape, order: inverse, to: self.gradData, accumulate: true)
        }
    }

    /// Swaps two dimensions. Copies.
    public func transposed(_ first: Int, _ second: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(normalizedAxis(first, rank: rank, op: "transpose"), normalizedAxis(second, rank: rank, op: "transpose"))
        return permuted(order)
    }

    /// Elements `range` along `axis`. Copies (a view when slicing the first axis).
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, op: "slice")
        require(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                "slice: range \(range) out of bounds for axis \(axis) of shape \(describe(shape))")
        let (outer, n, inner) = split(shape, at: axis)
        var outShape = shape
        outShape[axis] = range.count
        let m = range.count, start = range.lowerBound
        let out: Tensor
        if outer == 1 {
            out = Tensor(shape: outShape, storage: storage, offset: offset + start * inner)
        } else {
            out = Tensor(uninitializedShape: outShape)
            for o in 0..<outer {
                (out.data + o * m * inner).update(from: data + (o * n + start) * inner, count: m * inner)
            }
        }
        return out.recorded("slice", [self]) { [self] _, grad in
            let g = grad.data, gx = self.gradData
            for o in 0..<outer {
                let dst = gx + (o * n + start) * inner, src = g + o * m * inner
                for i in 0..<(m * inner) { dst[i] += src[i] }
            }
        }
    }

    /// Splits `axis` into `parts` equal pieces (as torch.chunk with an even split).
    public func chunked(_ parts: Int, axis: Int) -> [Tensor] {
        let axis = normalizedAxis(axis, rank: rank, op: "chunk")
        require(parts > 0 && shape[axis] % parts == 0,
                "chunk: axis \(axis) of size \(shape[axis]) does not split into \(parts) equal parts")
        let size = shape[axis] / parts
        return (0..<parts).map { sliced(axis: axis, ($0 * size)..<(($0 + 1) * size)) }
    }

    /// Inserts a dimension of size 1 at `axis`.
    public func unsqueezed(_ axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        require(a >= 0 && a <= rank, "unsqueeze: axis \(axis) out of range for rank \(rank)")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }
}

/// Joins tensors along `axis`; all other dimensions must agree.
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    require(!tensors.isEmpty, "concat: no tensors")
    let first = tensors[0]
    let axis = normalizedAxis(axis, rank: first.rank, op: "concat")
    for t in tensors {
        var a = t.shape, b = first.shape
        require(a.count == b.count, "concat: shapes \(tensors.map { describe($0.shape) }) differ in rank")
        a[axis] = 0; b[axis] = 0
        require(a == b, "concat: shapes \(tensors.map { describe($0.shape) }) differ outside axis \(axis)")
    }
    let (outer, _, inner) = split(first.shape, at: axis)
    let total = tensors.reduce(0) { $0 + $1.shape[axis] }
    var outShape = first.shape
    outShape[axis] = total
    let out = Tensor(uninitializedShape: outShape)
    var start = 0
    var starts: [Int] = []
    for t in tensors {
        let m = t.shape[axis]
        for o in 0..<outer {
            (out.data + (o * total + start) * inner).update(from: t.data + o * m * inner, count: m * inner)
        }
        starts.append(start)
        start += m
    }
    return out.recorded("concat", tensors) { _, grad in
        for (t, start) in zip(tensors, starts) where t.requiresGrad {
            let m = t.shape[axis], gt = t.gradData
            for o in 0..<outer {
                let src = grad.data + (o * total + start) * inner, dst = gt + o * m * inner
                for i in 0..<(m * inner) { dst[i] += src[i] }
            }
        }
    }
}

/// Stacks equal-shaped tensors along a new dimension at `axis`.
public func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    require(!tensors.isEmpty, "stack: no tensors")
    require(tensors.allSatisfy { $0.shape == tensors[0].shape },
            "stack: shapes differ: \(tensors.map { describe($0.shape) })")
    return concat(tensors.map { $0.unsqueezed(axis) }, axis: axis)
}

/// Copies `source` (of `shape`) into `destination` with dimensions reordered by `order`
/// (adding instead when `accumulate`). Runs the last result dimension as the inner loop.
func permuteCopy(from source: UnsafePointer<Float>, shape: [Int], order: [Int],
                 to destination: UnsafeMutablePointer<Float>, accumulate: Bool) {
    let rank = shape.count
    let count = shape.reduce(1, *)
    guard count > 0 else { return }
    if rank == 0 {
        destination[0] = accumulate ? destination[0] + source[0] : source[0]
        return
    }
    var inputStrides = [Int](repeating: 1, count: rank)
    for d in stride(from: rank - 2, through: 0, by: -1) { inputStrides[d] = inputStrides[d + 1] * shape[d + 1] }
    let outShape = order.map { shape[$0] }
    let strides = order.map { inputStrides[$0] }     // input stride of each result dimension
    let inner = outShape[rank - 1], innerStride = strides[rank - 1]
    var counter = [Int](repeating: 0, count: rank)
    var o = 0, i = 0
    while o < count {
        let dst = destination + o
        if innerStride == 1 {
            if accumulate { for j in 0..<inner { dst[j] += source[i + j] } }
            else { dst.update(from: source + i, count: inner) }
        } else {
            if accumulate { for j in 0..<inner { dst[j] += source[i + j * innerStride] } }
            else { for j in 0..<inner { dst[j] = source[i + j * innerStride] } }
        }
        o += inner
        var d = rank - 2
        while d >= 0 {
            counter[d] += 1
            i += strides[d]
            if counter[d] < outShape[d] { break }
            i -= strides[d] * outShape[d]
            counter[d] = 0
            d -= 1
        }
    }
}
