import Foundation

// LayerNorm and GroupNorm. Forward keeps the per-group mean and 1/std for backward.

/// Sum of `f` over `count` values, sixteen lanes at a time (the tail one by one): vectorised,
/// and its partial sums reassociate the scalar chain (no worse rounding).
@inline(__always)
private func sum8(_ x: UnsafePointer<Float>, count: Int, _ f: (SIMD8<Float>) -> SIMD8<Float>) -> Float {
    let source = UnsafeRawPointer(x)
    var a = SIMD8<Float>(repeating: 0), b = a
    var i = 0
    while i + 16 <= count {
        a += f(source.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
        b += f(source.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self))
        i += 16
    }
    var total = (a + b).sum()
    while i < count {
        total += f(SIMD8<Float>(repeating: x[i]))[0]
        i += 1
    }
    return total
}

/// Normalises `count` groups of `size` contiguous values; returns (mean, rstd) per group.
func groupStatistics(_ x: UnsafePointer<Float>, groups: Int, size: Int, epsilon: Float) -> ([Float], [Float]) {
    var mean = [Float](repeating: 0, count: groups), rstd = mean
    mean.withUnsafeMutableBufferPointer { mean in
        rstd.withUnsafeMutableBufferPointer { rstd in
            let m = UncheckedSendable(mean.baseAddress!), r = UncheckedSendable(rstd.baseAddress!)
            parallelChunks(groups, costPerItem: 3 * size) { range in
                for gi in range {
                    let xs = x + gi * size
                    let mu = sum8(xs, count: size) { $0 } / Float(size)
                    let mu8 = SIMD8<Float>(repeating: mu)
                    let sq = sum8(xs, count: size) { let d = $0 - mu8; return d * d }
                    m.value[gi] = mu
                    r.value[gi] = 1 / Foundation.sqrt(sq / Float(size) + epsilon)
                }
            }
        }
    }
    return (mean, rstd)
}

/// Layer normalisation over the last dimension, with optional elementwise affine
/// `weight` and `bias` of that width (torch.nn.LayerNorm).
public func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
    let (rows, d) = x.rows
    for p in [weight, bias].compactMap({ $0 }) {
        require(p.shape == [d], "layerNorm: parameter \(describe(p.shape)) for input \(describe(x.shape))")
    }
    let (mean, rstd) = groupStatistics(x.data, groups: rows, size: d, epsilon: epsilon)
    let out = Tensor(uninitializedShape: x.shape)
    // Absent affine parameters act as ones and zeros.
    let ones = Storage(uninitialized: d), zeros = Storage(zeros: d)
    ones.pointer.update(repeating: 1, count: d)
    let w = UncheckedSendable(UnsafePointer(weight?.data ?? ones.pointer))
    let b = UncheckedSendable(UnsafePointer(bias?.data ?? zeros.pointer))
    let xp = UncheckedSendable(x.data), yp = UncheckedSendable(out.data)
    parallelChunks(rows, costPerItem: 3 * d) { range in
        for r in range {
            let xs = xp.value + r * d, ys = yp.value + r * d, mu = mean[r], s = rstd[r]
            for j in 0..<d { ys[j] = (xs[j] - mu) * s * w.value[j] + b.value[j] }
        }
    }
    return out.recorded("layerNorm", [x] + [weight, bias].compactMap { $0 }) { _, grad in
        withExtendedLifetime(ones) {}
        let g = UncheckedSendable(grad.data)
        let parts = Swift.max(1, Swift.min(Compute.threadCount, rows))
        // Per-thread partial sums of the parameter gradients, added in a fixed order.
        let partials = Storage(zeros: 2 * d * parts)
        let pp = UncheckedSendable(partials.pointer)
        let gx = UncheckedSendable(x.requiresGrad ? x.gradData : nil)
        parallelChunks(parts, costPerItem: rows * d * 8 / parts) { range in
            for part in range {
                let gw = pp.value + 2 * d * part, gb = gw + d
                for r in chunk(part, of: parts, count: rows) {
                    let xs = xp.value + r * d, gs = g.value + r * d, mu = mean[r], s = rstd[r]
                    var meanDy: Float = 0, meanDyXhat: Float = 0
                    for j in 0..<d {
                        let xhat = (xs[j] - mu) * s, dy = gs[j] * w.value[j]
                        meanDy += dy
                        meanDyXhat += dy * xhat
                        gw[j] += gs[j] * xhat
                        gb[j] += gs[j]
                    }
                    guard let dx = gx.value else { continue }
                    meanDy /= Float(d); meanDyXhat /= Float(d)
                    let dxs = dx + r * d
                    for j in 0..<d {
                        let xhat = (xs[j] - mu) * s
                        dxs[j] += s * (gs[j] * w.value[j] - meanDy - xhat * meanDyXhat)
                    }
                }
            }
        }
        for (parameter, offset) in [(weight, 0), (bias, d)] {
            guard let parameter, parameter.requiresGrad else { continue }
            let target = parameter.gradData
            for part in 0..<parts { for j in 0..<d { target[j] += pp.value[2 * d * part + offset + j] } }
        }
    }
}

/// Group normalisation of x [N, C, spatial...] over `groups` groups of channels, with
/// per-channel affine `weight` and `bias` (torch.nn.GroupNorm).
public func groupNorm(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
    require(x.rank >= 2 && groups > 0 && x.shape[1] % groups == 0,
            "groupNorm: \(groups) groups for input \(describe(x.shape)) (channels must divide evenly)")
    let n = x.shape[0], c = x.shape[1], spatial = x.count / Swift.max(n * c, 1)
    let perGroup = c / groups, size = perGroup * spatial
    for p in [weight, bias].compactMap({ $0 }) {
        require(p.shape == [c], "groupNorm: parameter \(describe(p.shape)) for input \(describe(x.shape))")
    }
    let (mean, rstd) = groupStatistics(x.data, groups: n * groups, size: size, epsilon: epsilon)
    let out = Tensor(uninitializedShape: x.shape)
    let w = weight?.data, b = bias?.data
    let xp = UncheckedSendable(x.data), yp = UncheckedSendable(out.data)
    parallelChunks(n * c, costPerItem: 2 * spatial) { range in
        for nc in range {
            let ch = nc % c, gi = (nc / c) * groups + ch / perGroup
            let scale = rstd[gi] * (w?[ch] ?? 1), shift = (b?[ch] ?? 0) - mean[gi] * scale
            let xs = xp.value + nc * spatial, ys = yp.value + nc * spatial
            for i in 0..<spatial { ys[i] = xs[i] * scale + shift }
        }
    }
    return out.recorded("groupNorm", [x] + [weight, bias].compactMap { $0 }) { _, grad in
        let g = grad.data
        if x.requiresGrad {
            let gx = UncheckedSendable(x.gradData), gp = UncheckedSendable(g)
            parallelChunks(n * groups, costPerItem: 4 * size) { range in
                for gi in range {
                    let base = gi * size, mu = mean[gi], s = rstd[gi], firstChannel = (gi % groups) * perGroup
                    var meanDy: Float = 0, meanDyXhat: Float = 0
                    for k in 0..<perGroup {
                        let wc = w?[firstChannel + k] ?? 1
                        for i in 0..<spatial {
                            let at = base + k * spatial + i
                            let dy = gp.value[at] * wc
                            meanDy += dy
                            meanDyXhat += dy * (xp.value[at] - mu) * s
                        }
                    }
                    meanDy /= Float(size); meanDyXhat /= Float(size)
                    for k in 0..<perGroup {
                        let wc = w?[firstChannel + k] ?? 1
                        for i in 0..<spatial {
                            let at = base + k * spatial + i
                            let xhat = (xp.value[at] - mu) * s
                            gx.value[at] += s * (gp.value[at] * wc - meanDy - xhat * meanDyXhat)
                        }
                    }
                }
            }
        }
        let gw = weight.flatMap { $0.requiresGrad ? $0.gradData : nil }
        let gb = bias.flatMap { $0.requiresGrad ? $0.gradData : nil }
        if gw != nil || gb != nil {
            for nc in 0..<(n * c) {
                let ch = nc % c, gi = (nc / c) * groups + ch / perGroup, mu = mean[gi], s = rstd[gi]
                let xs = x.data + nc * spatial, gs = g + nc * spatial
                var dw: Float = 0, db: Float = 0
                for i in 0..<spatial { dw += gs[i] * (xs[i] - mu) * s; db += gs[i] }
                gw?[ch] += dw
                gb?[ch] += db
            }
        }
    }
}
