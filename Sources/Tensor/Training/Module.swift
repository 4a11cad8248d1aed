/// A network part with named parameters, like torch.nn.Module.
///
/// Subclasses declare parameters as stored `Tensor` properties and children as stored
/// `Module` properties (also in arrays or optionals); reflection finds them, in declaration
/// order, under dotted names such as `blocks.0.attention.query.weight`. Every stored tensor of
/// a module is persistent state that checkpoints save: keep scratch tensors elsewhere.
open class Module {
    /// Training mode (dropout active). Set the whole tree with `train()` / `eval()`.
    public var isTraining = true

    public init() {}

    /// Parameters of this module alone that AdamW decays (Linear and Conv weights); biases,
    /// norms and embeddings are not decayed, as in IRIS and minGPT.
    open var decayedParameters: [Tensor] { [] }

    // MARK: - Traversal

    /// Every parameter of the tree under its dotted name, in a stable order.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = []
        visit(prefix: "") { name, value in
            if let t = value as? Tensor { result.append((name, t)) }
        }
        return result
    }

    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// This module and every module below it.
    public func modules() -> [Module] {
        var result: [Module] = [self]
        visit(prefix: "") { _, value in if let m = value as? Module { result.append(m) } }
        return result
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Calls `body` for each tensor and module reachable from this module's stored properties.
    private func visit(prefix: String, _ body: (String, Any) -> Void) {
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let m = mirror { levels.append(m); mirror = m.superclassMirror }
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label else { continue }
                Module.visitValue(child.value, name: prefix + label, body)
            }
        }
    }

    private static func visitValue(_ value: Any, name: String, _ body: (String, Any) -> Void) {
        if let tensor = value as? Tensor {
            body(name, tensor)
        } else if let module = value as? Module {
            body(name, module)
            module.visit(prefix: name + ".", body)
        } else {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let some = mirror.children.first { visitValue(some.value, name: name, body) }
            case .collection:
                for (i, element) in mirror.children.enumerated() { visitValue(element.value, name: "\(name).\(i)", body) }
            default:
                break
            }
        }
    }

    // MARK: - Modes

    /// Training mode for the whole tree.
    public func train() { for m in modules() { m.isTraining = true } }

    /// Evaluation mode for the whole tree (dropout off).
    public func eval() { for m in modules() { m.isTraining = false } }

    /// Stops gradients to every parameter (a frozen tokenizer, say).
    public func freeze() { for p in parameters { p.requiresGrad = false } }

    public func unfreeze() { for p in parameters { p.requiresGrad = true } }

    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
