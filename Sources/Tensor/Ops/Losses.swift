import Foundation

// Loss functions, each reduced to a scalar mean.

/// Mean cross-entropy between `logits` [..., C] and integer class `targets` (one per row);
/// rows whose target is `ignoreIndex` count for nothing (as torch's ignore_index, default
/// -100). With every row ignored the loss is 0 rather than torch's NaN.
public func crossEntropy(logits: Tensor, targets: [Int], ignoreIndex: Int = -100) -> Tensor {
    let (rows, n) = logits.rows
    require(targets.count == rows,
            "crossEntropy: \(targets.count) targets for logits of shape \(describe(logits.shape)) (\(rows) rows)")
    for t in targets where t != ignoreIndex {
        require(t >= 0 && t < n, "crossEntropy: target \(t) out of range for \(n) classes")
    }
    let probabilities = Tensor(uninitializedShape: logits.shape)
    softmaxRows(logits.data, probabilities.data, rows: rows, length: n)
    let valid = targets.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : 1) }
    var total: Float = 0
    for (r, t) in targets.enumerated() where t != ignoreIndex {
        total -= Foundation.log(Swift.max(probabilities.data[r * n + t], Float.leastNormalMagnitude))
    }
    let scale = valid > 0 ? 1 / Float(valid) : 0
    let out = Tensor(total * scale)
    return out.recorded("crossEntropy", [logits]) { _, grad in
        let g = grad.data[0] * scale, p = probabilities.data, gx = logits.gradData
        for (r, t) in targets.enumerated() where t != ignoreIndex {
            for j in 0..<n { gx[r * n + j] += g * p[r * n + j] }
            gx[r * n + t] -= g
        }
    }
}

/// Mean |prediction - target|.
public func l1Loss(_ prediction: Tensor, _ target: Tensor) -> Tensor {
    pairLoss("l1Loss", prediction, target, { abs($0) }, { d in d > 0 ? 1 : (d < 0 ? -1 : 0) })
}

/// Mean (prediction - target)^2.
public func mseLoss(_ prediction: Tensor, _ target: Tensor) -> Tensor {
    pairLoss("mseLoss", prediction, target, { $0 * $0 }, { 2 * $0 })
}

/// Mean of `f(prediction - target)`; `df` is f's derivative.
@inline(__always)
private func pairLoss(_ op: String, _ p: Tensor, _ t: Tensor,
                      _ f: (Float) -> Float, _ df: @escaping (Float) -> Float) -> Tensor {
    require(p.shape == t.shape, "\(op): prediction \(describe(p.shape)) and target \(describe(t.shape)) differ")
    let n = p.count
    var total: Float = 0
    for i in 0..<n { total += f(p.data[i] - t.data[i]) }
    let scale = 1 / Float(Swift.max(n, 1))
    return Tensor(total * scale).recorded(op, [p, t]) { _, grad in
        let g = grad.data[0] * scale
        if p.requiresGrad { let gp = p.gradData; for i in 0..<n { gp[i] += g * df(p.data[i] - t.data[i]) } }
        if t.requiresGrad { let gt = t.gradData; for i in 0..<n { gt[i] -= g * df(p.data[i] - t.data[i]) } }
    }
}
