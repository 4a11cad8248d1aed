/// What can go wrong when restoring parameters or optimizer state.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    case unexpected([String])

    public var description: String {
        switch self {
        case .missing(let what): "checkpoint has no \(what)"
        case .shapeMismatch(let name, let expected, let found):
            "checkpoint tensor '\(name)' has shape \(describe(found)), the model expects \(describe(expected))"
        case .unexpected(let names): "checkpoint has tensors the model does not: \(names.sorted().joined(separator: ", "))"
        }
    }
}

extension Module {
    /// Copies parameter values from `state` (dotted names as `namedParameters()`); every
    /// parameter must be present with its shape, and nothing else may be.
    public func load(state: [String: Tensor]) throws {
        let named = namedParameters()
        for (name, tensor) in named {
            guard let source = state[name] else { throw CheckpointError.missing("parameter '\(name)'") }
            guard source.shape == tensor.shape else {
                throw CheckpointError.shapeMismatch(name: name, expected: tensor.shape, found: source.shape)
            }
            tensor.assign(source)
        }
        let known = Set(named.map(\.name))
        let extra = state.keys.filter { !known.contains($0) }
        if !extra.isEmpty { throw CheckpointError.unexpected(extra) }
    }
}
