import Foundation

/// One step of an LSTM (torch.nn.LSTMCell): gates i, f, g, o from x W_ih^T + b_ih + h W_hh^T
/// + b_hh; c' = f c + i g; h' = o tanh(c'). All weights start uniform in +-1/sqrt(hidden).
public final class LSTMCell: Module {
    // PyTorch's names, so that IRIS checkpoints keep their keys (`actor_critic.lstm.weight_ih`).
    public let weight_ih: Tensor
    public let weight_hh: Tensor
    public let bias_ih: Tensor
    public let bias_hh: Tensor
    public let hiddenWidth: Int

    public init(_ inputWidth: Int, _ hiddenWidth: Int, using rng: inout RandomGenerator) {
        let bound = 1 / Foundation.sqrt(Float(hiddenWidth))
        weight_ih = .uniform([4 * hiddenWidth, inputWidth], -bound, bound, using: &rng, requiresGrad: true)
        weight_hh = .uniform([4 * hiddenWidth, hiddenWidth], -bound, bound, using: &rng, requiresGrad: true)
        bias_ih = .uniform([4 * hiddenWidth], -bound, bound, using: &rng, requiresGrad: true)
        bias_hh = .uniform([4 * hiddenWidth], -bound, bound, using: &rng, requiresGrad: true)
        self.hiddenWidth = hiddenWidth
    }

    public override var decayedParameters: [Tensor] { [weight_ih, weight_hh] }

    /// (h', c') from input x [B, in] and state h, c [B, hidden].
    public func callAsFunction(_ x: Tensor, state: (h: Tensor, c: Tensor)) -> (h: Tensor, c: Tensor) {
        lstmCell(x, hidden: state.h, cell: state.c, weightIH: weight_ih, weightHH: weight_hh, biasIH: bias_ih, biasHH: bias_hh)
    }
}

/// The LSTM cell as a function, composed from differentiable ops (so its gradient is theirs).
public func lstmCell(_ x: Tensor, hidden h: Tensor, cell c: Tensor, weightIH: Tensor, weightHH: Tensor,
                     biasIH: Tensor, biasHH: Tensor) -> (h: Tensor, c: Tensor) {
    let gates = matmul(x, weightIH, transposeB: true) + biasIH + matmul(h, weightHH, transposeB: true) + biasHH
    let parts = gates.chunked(4, axis: -1)
    let (i, f, g, o) = (sigmoid(parts[0]), sigmoid(parts[1]), tanh(parts[2]), sigmoid(parts[3]))
    let next = f * c + i * g
    return (o * tanh(next), next)
}
