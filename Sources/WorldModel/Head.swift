import Tensor

/// Linear -> ReLU -> Linear on the positions of a block selected by a pattern (IRIS
/// `slicer.Head`). The stages sit in `head_module` so the Linears are `.0` and `.2`.
final class Head: Module {
    let head_module: [Module]   // snake_case: IRIS's state_dict key

    init(width: Int, outputs: Int, using rng: inout RandomGenerator) {
        head_module = [Linear(width, width, using: &rng), Stage(.relu), Linear(width, outputs, using: &rng)]
    }

    var outputs: Int { head_module.linear(2).weight.shape[0] }

    /// Logits [rows, outputs] for x [rows, C].
    func callAsFunction(_ x: Tensor) -> Tensor {
        head_module.linear(2)(relu(head_module.linear(0)(x)))
    }
}
