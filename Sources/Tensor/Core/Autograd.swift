/// Whether differentiable ops record the graph. Off inside `withoutGrad`.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` with recording off: ops build no graph and keep no activations alive, as
/// inference should.
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false) { try body() }
}

/// How a tensor was made: its inputs, and a function that adds the gradient of each input
/// (`+=`, so fan-out accumulates) given the output and its gradient.
final class GradNode {
    let op: String
    let inputs: [Tensor]
    let backward: (_ output: Tensor, _ gradient: Tensor) -> Void

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor, Tensor) -> Void) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches `backward` to this freshly computed result if recording is on and any input
    /// needs a gradient. Call it last in an op, after the forward values are written.
    @discardableResult
    func recorded(_ op: String, _ inputs: [Tensor],
                  backward: @escaping (_ output: Tensor, _ gradient: Tensor) -> Void) -> Tensor {
        if GradMode.isEnabled && inputs.contains(where: \.requiresGrad) {
            requiresGrad = true
            gradNode = GradNode(op: op, inputs: inputs, backward: backward)
        }
        return self
    }

    /// This tensor's gradient buffer, created zero-filled on first use. Backward functions
    /// add into it.
    var gradData: UnsafeMutablePointer<Float> {
        if let grad { return grad.data }
        let g = Tensor(shape: shape, storage: Storage(zeros: count))
        grad = g
        return g.data
    }

    /// Backpropagates from this tensor: a scalar by default, or any tensor given the
    /// gradient of the loss with respect to it.
    ///
    /// Afterwards the graph is released (activations freed) and only leaf tensors (those not
    /// made by an op, such as parameters) keep their `grad`.
    public func backward(gradient: Tensor? = nil) {
        require(requiresGrad, "backward: tensor does not require grad (no parameter reached it, or it was made without grad)")
        if let gradient {
            require(gradient.shape == shape, "backward: gradient shape \(describe(gradient.shape)) for tensor \(describe(shape))")
            let g = gradData
            for i in 0..<count { g[i] += gradient.data[i] }
        } else {
            require(count == 1, "backward: tensor of shape \(describe(shape)) is not a scalar; pass gradient:")
            gradData[0] += 1
        }
        var order = topologicalOrder()
        while let tensor = order.popLast() {
            guard let node = tensor.gradNode else { continue }   // a leaf: keeps its gradient
            if let grad = tensor.grad { node.backward(tensor, grad) }
            // Every consumer of this tensor ran before it, so its gradient is spent: free it and
            // what its backward kept now rather than at the end, which halves the peak memory
            // of a deep network (its activations and gradients are never all alive at once).
            tensor.gradNode = nil
            tensor.grad = nil
        }
    }

    /// Tensors reachable through recorded ops, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep graphs (long imagined rollouts) would overflow a recursive one.
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (tensor, inputsDone) = stack.popLast() {
            if inputsDone { order.append(tensor); continue }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in tensor.gradNode?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// Forgets the accumulated gradient (optimizers call this between steps).
    public func zeroGrad() { grad = nil }
}
