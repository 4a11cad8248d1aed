import Tensor

/// TD(lambda) returns of imagined rollouts, as IRIS's `compute_lambda_returns`.
///
/// For rows of H steps (row-major [B, H]): G_{H-1} = V_{H-1} and, going back,
/// G_t = r_t + gamma (1 - d_t) [(1 - lambda) V_{t+1} + lambda G_{t+1}]. An end cuts the
/// bootstrap but not the rollout, as in IRIS.
public func lambdaReturns(rewards: [Float], values: [Float], ends: [Bool], horizon H: Int,
                          gamma: Float, lambda: Float) -> [Float] {
    require(H >= 1 && rewards.count == values.count && ends.count == values.count && values.count % H == 0,
                 "lambdaReturns: rewards, values and ends must all be [B, \(H)]")
    var returns = [Float](repeating: 0, count: values.count)
    for row in 0..<(values.count / H) {
        let base = row * H
        var next = values[base + H - 1]
        returns[base + H - 1] = next
        for t in stride(from: H - 2, through: 0, by: -1) {
            let i = base + t
            let continuing: Float = ends[i] ? 0 : 1
            next = rewards[i] + gamma * continuing * ((1 - lambda) * values[i + 1] + lambda * next)
            returns[i] = next
        }
    }
    return returns
}
