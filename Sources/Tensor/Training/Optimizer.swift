import Foundation

/// Parameters that share a weight decay.
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var weightDecay: Float

    public init(_ parameters: [Tensor], weightDecay: Float = 0) {
        self.parameters = parameters
        self.weightDecay = weightDecay
    }

    /// Two groups for a model: decayed weights (Linear, Conv) and everything else (biases,
    /// norms, embeddings) without decay, as minGPT's `configure_optimizers` in IRIS.
    public static func split(_ model: Module, weightDecay: Float) -> [ParameterGroup] {
        let decayed = Set(model.modules().flatMap(\.decayedParameters).map(ObjectIdentifier.init))
        let all = model.parameters
        return [
            ParameterGroup(all.filter { decayed.contains(ObjectIdentifier($0)) }, weightDecay: weightDecay),
            ParameterGroup(all.filter { !decayed.contains(ObjectIdentifier($0)) }, weightDecay: 0),
        ]
    }
}

/// Adam with PyTorch's semantics (bias-corrected moments, eps outside the square root, a
/// step count per parameter). `decoupledWeightDecay` gives AdamW (decay applied to the weights
/// directly, torch.optim.AdamW); otherwise decay is added to the gradient (torch.optim.Adam).
public final class Adam {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public let decoupledWeightDecay: Bool
    public let groups: [ParameterGroup]

    /// Per parameter, in group order: first and second moments and the steps taken.
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]
    private var steps: [Int]

    public init(_ groups: [ParameterGroup], learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, decoupledWeightDecay: Bool = false) {
        self.groups = groups
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
        let all = groups.flatMap(\.parameters)
        firstMoments = all.map { Tensor.zeros($0.shape) }
        secondMoments = all.map { Tensor.zeros($0.shape) }
        steps = Array(repeating: 0, count: all.count)
    }

    /// AdamW over a model with minGPT's two groups.
    public static func adamW(_ model: Module, learningRate: Float, weightDecay: Float = 0.01,
                             beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) -> Adam {
        Adam(ParameterGroup.split(model, weightDecay: weightDecay), learningRate: learningRate,
             beta1: beta1, beta2: beta2, epsilon: epsilon, decoupledWeightDecay: true)
    }

    /// Updates every parameter that has a gradient (others are skipped, as in torch).
    public func step() {
        var index = 0
        for group in groups {
            for p in group.parameters {
                defer { index += 1 }
                guard let grad = p.grad else { continue }
                steps[index] += 1
                update(p, grad: grad.data, m: firstMoments[index].data, v: secondMoments[index].data,
                       step: steps[index], weightDecay: group.weightDecay)
            }
        }
    }

    private func update(_ p: Tensor, grad: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>,
                        v: UnsafeMutablePointer<Float>, step: Int, weightDecay: Float) {
        // Scalars in double, as torch computes them in Python.
        let lr = Double(learningRate)
        let correction1 = 1 - Foundation.pow(Double(beta1), Double(step))
        let correction2Root = Foundation.sqrt(1 - Foundation.pow(Double(beta2), Double(step)))
        let stepSize = Float(lr / correction1)
        let invRoot = Float(1 / correction2Root)
        let decayFactor = Float(1 - lr * Double(weightDecay))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let x = p.data
        let coupled = !decoupledWeightDecay && weightDecay != 0
        for i in 0..<p.count {
            var g = grad[i]
            if coupled { g += weightDecay * x[i] }
            if decoupledWeightDecay { x[i] *= decayFactor }
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            x[i] -= stepSize * m[i] / (v[i].squareRoot() * invRoot + eps)
        }
    }

    public func zeroGrad() { for group in groups { for p in group.parameters { p.zeroGrad() } } }

    // MARK: - State for checkpoints

    /// Moments and step counts, named by parameter position (`m.3`, `v.3`, `step.3`), so a
    /// resumed run continues the same trajectory.
    public func state() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = []
        for i in steps.indices {
            result.append(("m.\(i)", firstMoments[i]))
            result.append(("v.\(i)", secondMoments[i]))
            result.append(("step.\(i)", Tensor(shape: [1], values: [Float(steps[i])])))
        }
        return result
    }

    /// Restores what `state()` returned; throws if anything is missing or has the wrong shape.
    public func load(state: [String: Tensor]) throws {
        for i in steps.indices {
            guard let m = state["m.\(i)"], let v = state["v.\(i)"], let s = state["step.\(i)"] else {
                throw CheckpointError.missing("optimizer state for parameter \(i)")
            }
            guard m.shape == firstMoments[i].shape, v.shape == secondMoments[i].shape, s.count == 1 else {
                throw CheckpointError.shapeMismatch(name: "optimizer parameter \(i)", expected: firstMoments[i].shape, found: m.shape)
            }
            firstMoments[i].assign(m)
            secondMoments[i].assign(v)
            steps[i] = Int(s.item)
        }
    }
}

/// Scales all gradients so their global L2 norm is at most `maxNorm`
/// (torch.nn.utils.clip_grad_norm_). Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        for i in 0..<g.count { total += Double(g.data[i]) * Double(g.data[i]) }
    }
    let norm = Float(total.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for p in parameters {
            guard let g = p.grad else { continue }
            for i in 0..<g.count { g.data[i] *= coefficient }
        }
    }
    return norm
}
