import Foundation

// Elementwise functions. Each backward uses the input x, the output y or both.

/// Applies `f` elementwise; `df(x, y)` is the derivative at input x with output y. When a
/// gradient will be wanted, the derivatives are computed in the forward loop and kept, so the
/// backward is a plain multiply-add: a backward that captured `df` would call it through a
/// closure for every element.
@inline(__always)
private func unary(_ op: String, _ a: Tensor, _ f: (Float) -> Float, _ df: (Float, Float) -> Float) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let x = a.data, y = out.data, n = a.count
    for i in 0..<n { y[i] = f(x[i]) }
    guard GradMode.isEnabled && a.requiresGrad else { return out }
    let derivative = Storage(uninitialized: n)
    let d = derivative.pointer
    for i in 0..<n { d[i] = df(x[i], y[i]) }
    return out.recorded(op, [a]) { _, grad in
        let g = grad.data, ga = a.gradData, d = derivative.pointer
        for i in 0..<n { ga[i] += g[i] * d[i] }
    }
}

/// Adds `f(x, g)` to the input's gradient, eight lanes at a time (through a scratch buffer, as
/// the input's gradient may already hold contributions).
@inline(__always)
private func accumulateGradient(_ a: Tensor, _ grad: Tensor, _ f: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) {
    let local = Storage(uninitialized: a.count)
    map8(a.data, grad.data, local.pointer, count: a.count, f)
    let ga = a.gradData
    for i in 0..<a.count { ga[i] += local.pointer[i] }
}

public func relu(_ a: Tensor) -> Tensor {
    // Gradient 0 at x == 0, as PyTorch.
    unary("relu", a, { max($0, 0) }, { x, _ in x > 0 ? 1 : 0 })
}

/// GELU in its exact form, x * Phi(x) with the normal CDF written through erf: torch.nn.GELU's
/// default, which IRIS uses. Vectorised (erf and exp polynomials); the world model's MLPs
/// run it on millions of values per step.
public func gelu(_ a: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let half = SIMD8<Float>(repeating: 0.5), one = SIMD8<Float>(repeating: 1)
    let invSqrt2 = SIMD8<Float>(repeating: 0.70710678118654752)
    map8(a.data, out.data, count: a.count) { x in half * x * (one + erf8(x * invSqrt2)) }
    return out.recorded("gelu", [a]) { _, grad in
        // d/dx = Phi(x) + x * phi(x).
        let invSqrt2Pi = SIMD8<Float>(repeating: 0.39894228040143268)
        accumulateGradient(a, grad) { x, g in
            g * (half * (one + erf8(x * invSqrt2)) + x * invSqrt2Pi * exp8(-half * x * x))
        }
    }
}

/// SiLU (swish), x * sigmoid(x): the tokenizer's nonlinearity, vectorised.
public func silu(_ a: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let one = SIMD8<Float>(repeating: 1)
    map8(a.data, out.data, count: a.count) { x in x / (one + exp8(-x)) }
    return out.recorded("silu", [a]) { _, grad in
        accumulateGradient(a, grad) { x, g in
            let s = one / (one + exp8(-x))
            return g * s * (one + x * (one - s))
        }
    }
}

public func sigmoid(_ a: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let one = SIMD8<Float>(repeating: 1)
    map8(a.data, out.data, count: a.count) { x in one / (one + exp8(-x)) }
    return out.recorded("sigmoid", [a]) { out, grad in
        let y = out.data, g = grad.data, ga = a.gradData
        for i in 0..<a.count { ga[i] += g[i] * y[i] * (1 - y[i]) }
    }
}

public func tanh(_ a: Tensor) -> Tensor {
    unary("tanh", a, { Foundation.tanh($0) }) { _, y in 1 - y * y }
}

public func exp(_ a: Tensor) -> Tensor {
    unary("exp", a, { Foundation.exp($0) }) { _, y in y }
}

public func log(_ a: Tensor) -> Tensor {
    unary("log", a, { Foundation.log($0) }) { x, _ in 1 / x }
}

public func abs(_ a: Tensor) -> Tensor {
    unary("abs", a, { Swift.abs($0) }) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

public func square(_ a: Tensor) -> Tensor {
    unary("square", a, { $0 * $0 }) { x, _ in 2 * x }
}

public func sqrt(_ a: Tensor) -> Tensor {
    unary("sqrt", a, { Foundation.sqrt($0) }) { _, y in 0.5 / y }
}

/// Clamps into [low, high]; the gradient passes where the input lies inside.
public func clamp(_ a: Tensor, _ low: Float, _ high: Float) -> Tensor {
    unary("clamp", a, { min(max($0, low), high) }) { x, _ in x >= low && x <= high ? 1 : 0 }
}
