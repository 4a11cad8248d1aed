import Tensor

/// A parameterless stage of a PyTorch `nn.Sequential` (an activation or a dropout).
///
/// IRIS's MLPs are `nn.Sequential(Linear, GELU, Linear, Dropout)` and its heads
/// `nn.Sequential(Linear, ReLU, Linear)`, so their Linears are named `.0` and `.2`. Holding
/// the stages in an array with these markers in between gives the same dotted names under
/// `Module`'s reflection, so checkpoints line up with IRIS's state_dict keys.
final class Stage: Module {
    enum Kind { case relu, gelu, dropout }
    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }
}

extension Array where Element == Module {
    /// The Linear at `index` of a Sequential-like stage list.
    func linear(_ index: Int) -> Linear {
        guard let layer = self[index] as? Linear else { requireFailure("stage \(index) is not a Linear") }
        return layer
    }
}
