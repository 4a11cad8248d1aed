// Broadcasting arithmetic between tensors, and with scalars.

/// An elementwise operation with its local gradients. `binary` is generic over it, rather than
/// taking closures, so the forward and both backward loops are specialised and inlined: the
/// backward closure would otherwise make one indirect call per element (about a fifth of a
/// world-model training step went to those calls).
private protocol ElementwiseOperation {
    static var name: String { get }
    static func value(_ x: Float, _ y: Float) -> Float
    /// d(value)/dx times the upstream gradient g.
    static func gradientA(_ x: Float, _ y: Float, _ g: Float) -> Float
    /// d(value)/dy times the upstream gradient g.
    static func gradientB(_ x: Float, _ y: Float, _ g: Float) -> Float
}

private enum Add: ElementwiseOperation {
    static let name = "add"
    @inline(__always) static func value(_ x: Float, _ y: Float) -> Float { x + y }
    @inline(__always) static func gradientA(_ x: Float, _ y: Float, _ g: Float) -> Float { g }
    @inline(__always) static func gradientB(_ x: Float, _ y: Float, _ g: Float) -> Float { g }
}

private enum Subtract: ElementwiseOperation {
    static let name = "sub"
    @inline(__always) static func value(_ x: Float, _ y: Float) -> Float { x - y }
    @inline(__always) static func gradientA(_ x: Float, _ y: Float, _ g: Float) -> Float { g }
    @inline(__always) static func gradientB(_ x: Float, _ y: Float, _ g: Float) -> Float { -g }
}

private enum Multiply: ElementwiseOperation {
    static let name = "mul"
    @inline(__always) static func value(_ x: Float, _ y: Float) -> Float { x * y }
    @inline(__always) static func gradientA(_ x: Float, _ y: Float, _ g: Float) -> Float { g * y }
    @inline(__always) static func gradientB(_ x: Float, _ y: Float, _ g: Float) -> Float { g * x }
}

private enum Divide: ElementwiseOperation {
    static let name = "div"
    @inline(__always) static func value(_ x: Float, _ y: Float) -> Float { x / y }
    @inline(__always) static func gradientA(_ x: Float, _ y: Float, _ g: Float) -> Float { g / y }
    @inline(__always) static func gradientB(_ x: Float, _ y: Float, _ g: Float) -> Float { -g * x / (y * y) }
}

/// Applies `Operation` elementwise under broadcasting, recording its backward.
@inline(__always)
private func binary<Operation: ElementwiseOperation>(_: Operation.Type, _ a: Tensor, _ b: Tensor) -> Tensor {
    let plan = Broadcast(Operation.name, a.shape, b.shape)
    let out = Tensor(uninitializedShape: plan.shape)
    let x = a.data, y = b.data, z = out.data
    plan.forEach { o, i, j in z[o] = Operation.value(x[i], y[j]) }
    return out.recorded(Operation.name, [a, b]) { _, grad in
        let g = grad.data, x = a.data, y = b.data
        if a.requiresGrad {
            let ga = a.gradData
            plan.forEach { o, i, j in ga[i] += Operation.gradientA(x[i], y[j], g[o]) }
        }
        if b.requiresGrad {
            let gb = b.gradData
            plan.forEach { o, i, j in gb[j] += Operation.gradientB(x[i], y[j], g[o]) }
        }
    }
}

public func + (a: Tensor, b: Tensor) -> Tensor { binary(Add.self, a, b) }
public func - (a: Tensor, b: Tensor) -> Tensor { binary(Subtract.self, a, b) }
public func * (a: Tensor, b: Tensor) -> Tensor { binary(Multiply.self, a, b) }
public func / (a: Tensor, b: Tensor) -> Tensor { binary(Divide.self, a, b) }

/// y = x * scale + shift, the one kernel behind every tensor-scalar operator.
public func affine(_ a: Tensor, scale: Float, shift: Float) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let x = a.data, y = out.data
    for i in 0..<a.count { y[i] = x[i] * scale + shift }
    return out.recorded("affine", [a]) { _, grad in
        let g = grad.data, ga = a.gradData
        for i in 0..<a.count { ga[i] += g[i] * scale }
    }
}

public func + (a: Tensor, s: Float) -> Tensor { affine(a, scale: 1, shift: s) }
public func + (s: Float, a: Tensor) -> Tensor { affine(a, scale: 1, shift: s) }
public func - (a: Tensor, s: Float) -> Tensor { affine(a, scale: 1, shift: -s) }
public func - (s: Float, a: Tensor) -> Tensor { affine(a, scale: -1, shift: s) }
public func * (a: Tensor, s: Float) -> Tensor { affine(a, scale: s, shift: 0) }
public func * (s: Float, a: Tensor) -> Tensor { affine(a, scale: s, shift: 0) }
public func / (a: Tensor, s: Float) -> Tensor { affine(a, scale: 1 / s, shift: 0) }
public prefix func - (a: Tensor) -> Tensor { affine(a, scale: -1, shift: 0) }
