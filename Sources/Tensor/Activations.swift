import Foundation

// Elementwise functions. Each backward uses the input x, the output y or both.

/// Applies `f` elementwise; `df(x, y)` is the derivative at input x with output y.
@inline(__always)
private func unary(_ op: String, _ a: Tensor, _ f: (Float) -> Float,
                   _ df: @escaping (Float, Float) -> Float) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    let x = a.data, y = out.data, n = a.count
    for i in 0..<n { y[i] = f(x[i]) }
    return out.recorded(op, [a]) { out, grad in
        let x = a.data, y = out.data, g = grad.data, ga = a.gradData
        for i in 0..<n { ga[i] += g[i] * df(x[i], y[i]) }
    }
}

public func relu(_ a: Tensor) -> Tensor {
    // Gradient 0 at x == 0, as PyTorch.
    unary("relu", a, { max($0, 0) }, { x, _ in x > 0 ? 1 : 0 })
}

/// GELU in its exact form, x * Phi(x) with the normal CDF written through erf: torch.nn.GELU's
/// default, which IRIS uses.
public func gelu(_ a: Tensor) -> Tensor {
    let invSqrt2: Float = 0.70710678118654752
    let invSqrt2Pi: Float = 0.39894228040143268
    return unary("gelu", a, { x in 0.5 * x * (1 + erf(x * invSqrt2)) }) { x, _ in
        0.5 * (1 + erf(x * invSqrt2)) + x * invSqrt2Pi * exp(-0.5 * x * x)
    }
}

/// SiLU (swish), x * sigmoid(x): the tokenizer's nonlinearity.
public func silu(_ a: Tensor) -> Tensor {
    unary("silu", a, { x in x / (1 + exp(-x)) }) { x, _ in
        let s = 1 / (1 + exp(-x))
        return s * (1 + x * (1 - s))
    }
}

public func sigmoid(_ a: Tensor) -> Tensor {
    unary("sigmoid", a, { x in 1 / (1 + exp(-x)) }) { _, y in y * (1 - y) }
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
