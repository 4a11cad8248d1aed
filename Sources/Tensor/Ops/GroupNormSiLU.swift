// silu(groupNorm(x)) in one pass when no graph is recorded: the tokenizer's inference path
// applies the pair before most convolutions, and fusing saves writing and re-reading x.

/// `silu(groupNorm(x, ...))`; fused when recording is off or nothing needs a gradient, else
/// the two differentiable ops. Same arithmetic either way.
public func groupNormSiLU(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
    let recording = GradMode.isEnabled && ([x] + [weight, bias].compactMap { $0 }).contains(where: \.requiresGrad)
    guard !recording, x.rank >= 2, groups > 0, x.shape[1] % groups == 0 else {
        return silu(groupNorm(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon))
    }
    let n = x.shape[0], c = x.shape[1], spatial = x.count / Swift.max(n * c, 1)
    let perGroup = c / groups
    for p in [weight, bias].compactMap({ $0 }) {
        require(p.shape == [c], "groupNormSiLU: parameter \(describe(p.shape)) for input \(describe(x.shape))")
    }
    let (mean, rstd) = groupStatistics(x.data, groups: n * groups, size: perGroup * spatial, epsilon: epsilon)
    let out = Tensor(uninitializedShape: x.shape)
    let w = weight?.data, b = bias?.data
    let xp = UncheckedSendable(x.data), yp = UncheckedSendable(out.data)
    let one = SIMD8<Float>(repeating: 1)
    parallelChunks(n * c, costPerItem: 20 * spatial) { range in
        for nc in range {
            let ch = nc % c, gi = (nc / c) * groups + ch / perGroup
            let scale = rstd[gi] * (w?[ch] ?? 1), shift = (b?[ch] ?? 0) - mean[gi] * scale
            let s8 = SIMD8<Float>(repeating: scale), t8 = SIMD8<Float>(repeating: shift)
            map8(xp.value + nc * spatial, yp.value + nc * spatial, count: spatial) { v in
                let h = v * s8 + t8
                return h / (one + exp8(-h))
            }
        }
    }
    return out
}
