/// An n-dimensional array of Float32 in contiguous row-major storage, with reverse-mode autograd.
///
/// Every tensor is contiguous: `reshape`, `detach` and leading-axis views share storage; every
/// other layout change copies. Kernels therefore see plain `UnsafeMutablePointer<Float>` runs.
///
/// A tensor made by a differentiable op while recording is on remembers how it was made
/// (`gradNode`); `backward()` walks those records in reverse topological order.
public final class Tensor {
    /// Sizes of the dimensions; `[]` is a scalar.
    public let shape: [Int]
    /// Number of elements.
    public let count: Int
    let storage: Storage
    let offset: Int

    /// Whether gradients flow to this tensor: set on parameters, inherited by results of ops.
    public var requiresGrad: Bool
    /// The gradient accumulated by `backward()`; same shape as the tensor.
    public internal(set) var grad: Tensor?
    /// How this tensor was computed, while the graph is alive.
    var gradNode: GradNode?

    // MARK: - Construction

    init(shape: [Int], storage: Storage, offset: Int = 0, requiresGrad: Bool = false) {
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = storage
        self.offset = offset
        self.requiresGrad = requiresGrad
    }

    /// A tensor whose values the caller fills before anyone reads them.
    convenience init(uninitializedShape shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(describe(shape))")
        self.init(shape: shape, storage: Storage(uninitialized: shape.reduce(1, *)))
    }

    /// A tensor holding `values` in row-major order.
    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
        let count = shape.reduce(1, *)
        require(shape.allSatisfy { $0 >= 0 } && count == values.count,
                "Tensor(shape:values:): shape \(describe(shape)) holds \(count) values, got \(values.count)")
        self.init(uninitializedShape: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
        self.requiresGrad = requiresGrad
    }

    /// A scalar (shape `[]`).
    public convenience init(_ value: Float) { self.init(shape: [], values: [value]) }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }

    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.data.update(repeating: value, count: t.count)
        t.requiresGrad = requiresGrad
        return t
    }

    // MARK: - Access

    /// First element of this tensor's storage run.
    @inline(__always) var data: UnsafeMutablePointer<Float> { storage.pointer + offset }

    public var rank: Int { shape.count }

    /// The values in row-major order.
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The value of a one-element tensor.
    public var item: Float {
        require(count == 1, "item: tensor of shape \(describe(shape)) has \(count) elements, not 1")
        return data[0]
    }

    /// Element at a multi-index (for tests and inspection; kernels use `data`).
    public subscript(_ index: Int...) -> Float {
        get { data[flatIndex(index)] }
        set { data[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        require(index.count == rank, "subscript: \(index.count) indices for shape \(describe(shape))")
        var flat = 0
        for (i, (n, size)) in zip(index, shape).enumerated() {
            require(n >= 0 && n < size, "subscript: index \(n) out of range for dimension \(i) of shape \(describe(shape))")
            flat = flat * size + n
        }
        return flat
    }

    /// Read-only access to the values without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: data, count: count))
    }

    /// Write access to the values, for optimizers and loaders; bypasses autograd.
    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: data, count: count))
    }

    /// Overwrites the values with `other`'s (same count); bypasses autograd.
    public func assign(_ other: Tensor) {
        require(other.count == count, "assign: shape \(describe(other.shape)) into \(describe(shape))")
        data.update(from: other.data, count: count)
    }

    /// A tensor sharing this one's values, cut off from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage, offset: offset) }

    /// An independent copy of the values, cut off from the graph.
    public func copy() -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.data.update(from: data, count: count)
        return t
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = values.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor\(describe(shape))(\(shown)\(count > 8 ? ", ..." : ""))"
    }
}
