/// How two shapes broadcast against each other (NumPy rules): the result shape and, for each
/// input, the stride of every result dimension in that input (0 where it repeats).
///
/// Adjacent dimensions that step alike in both inputs are merged, so the common cases (equal
/// shapes, a bias over the last axis) run as one or two flat loops.
struct Broadcast {
    let shape: [Int]
    private let dims: [Int]
    private let aStrides: [Int]
    private let bStrides: [Int]

    init(_ op: String, _ a: [Int], _ b: [Int]) {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var shape = [Int](repeating: 0, count: rank)
        for d in 0..<rank {
            require(pa[d] == pb[d] || pa[d] == 1 || pb[d] == 1,
                    "\(op): shapes \(describe(a)) and \(describe(b)) do not broadcast")
            shape[d] = pa[d] == 1 ? pb[d] : pa[d]
        }
        self.shape = shape
        func strides(_ s: [Int]) -> [Int] {
            var result = [Int](repeating: 0, count: rank), step = 1
            for d in stride(from: rank - 1, through: 0, by: -1) {
                result[d] = s[d] == 1 ? 0 : step
                step *= s[d]
            }
            return result
        }
        var sa = strides(pa), sb = strides(pb), dims = shape
        // Merge dimension d into d+1 when both inputs walk them as one run.
        var d = dims.count - 2
        while d >= 0 {
            if sa[d] == sa[d + 1] * dims[d + 1] && sb[d] == sb[d + 1] * dims[d + 1] {
                dims[d + 1] *= dims[d]
                dims.remove(at: d); sa.remove(at: d); sb.remove(at: d)
            }
            d -= 1
        }
        if dims.isEmpty { dims = [1]; sa = [0]; sb = [0] }
        self.dims = dims
        self.aStrides = sa
        self.bStrides = sb
    }

    var count: Int { shape.reduce(1, *) }

    /// Calls `body(resultIndex, aIndex, bIndex)` for every result element, in order.
    @inline(__always)
    func forEach(_ body: (Int, Int, Int) -> Void) {
        let rank = dims.count
        let inner = dims[rank - 1], sa = aStrides[rank - 1], sb = bStrides[rank - 1]
        let total = count
        guard total > 0 else { return }
        var counter = [Int](repeating: 0, count: rank)
        var o = 0, ao = 0, bo = 0
        while o < total {
            if sa == 1 && sb == 1 {
                for j in 0..<inner { body(o + j, ao + j, bo + j) }
            } else if sa == 1 && sb == 0 {
                for j in 0..<inner { body(o + j, ao + j, bo) }
            } else if sa == 0 && sb == 1 {
                for j in 0..<inner { body(o + j, ao, bo + j) }
            } else {
                for j in 0..<inner { body(o + j, ao + j * sa, bo + j * sb) }
            }
            o += inner
            var d = rank - 2
            while d >= 0 {
                counter[d] += 1
                ao += aStrides[d]; bo += bStrides[d]
                if counter[d] < dims[d] { break }
                ao -= aStrides[d] * dims[d]; bo -= bStrides[d] * dims[d]
                counter[d] = 0
                d -= 1
            }
        }
    }
}
