// Broadcasting arithmetic between tensors, and with scalars.

/// Applies `f` elementwise under broadcasting; `da`/`db` give each input's local gradient
/// times the upstream gradient `g`, from (a, b, g).
@inline(__always)
private func binary(_ op: String, _ a: Tensor, _ b: Tensor,
                    _ f: @escaping (Float, Float) -> Float,
                    da: @escaping (Float, Float, Float) -> Float,
                    db: @escaping (Float, Float, Float) -> Float) -> Tensor {
    let plan = Broadcast(op, a.shape, b.shape)
    let out = Tensor(uninitializedShape: plan.shape)
    let x = a.data, y = b.data, z = out.data
    plan.forEach { o, i, j in z[o] = f(x[i], y[j]) }
    return out.recorded(op, [a, b]) { _, grad in
        let g = grad.data, x = a.data, y = b.data
        if a.requiresGrad {
            let ga = a.gradData
            plan.forEach { o, i, j in ga[i] += da(x[i], y[j], g[o]) }
        }
        if b.requiresGrad {
            let gb = b.gradData
            plan.forEach { o, i, j in gb[j] += db(x[i], y[j], g[o]) }
        }
    }
}

public func + (a: Tensor, b: Tensor) -> Tensor {
    binary("add", a, b, { $0 + $1 }, da: { _, _, g in g }, db: { _, _, g in g })
}

public func - (a: Tensor, b: Tensor) -> Tensor {
    binary("sub", a, b, { $0 - $1 }, da: { _, _, g in g }, db: { _, _, g in -g })
}

public func * (a: Tensor, b: Tensor) -> Tensor {
    binary("mul", a, b, { $0 * $1 }, da: { _, y, g in g * y }, db: { x, _, g in g * x })
}

public func / (a: Tensor, b: Tensor) -> Tensor {
    binary("div", a, b, { $0 / $1 }, da: { _, y, g in g / y }, db: { x, y, g in -g * x / (y * y) })
}

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
