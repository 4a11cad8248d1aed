import Testing
@testable import Tensor

/// Outcome of comparing analytic gradients with central finite differences.
struct GradientCheckResult: CustomStringConvertible {
    /// Largest |analytic - numeric| over all checked elements, divided by the largest
    /// |numeric| (so the measure is scale-free).
    var relativeError: Double
    var worst: String

    var description: String { "relative error \(relativeError) at \(worst)" }
}

/// Checks the gradients `f` gives its `inputs` against finite differences.
///
/// The scalar objective is sum(f(inputs) * w) with fixed random weights w, evaluated in Double
/// from the Float outputs so the differences are not drowned by rounding in the sum. Inputs
/// must require grad.
func gradientCheck(_ inputs: [Tensor], step: Float = 1e-2, seed: UInt64 = 7,
                   _ f: ([Tensor]) -> Tensor) -> GradientCheckResult {
    var rng = RandomGenerator(seed: seed)
    let probe = withoutGrad { f(inputs) }
    let weights = (0..<probe.count).map { _ in Double(rng.uniform(-1, 1)) }
    func objective() -> Double {
        withoutGrad {
            let y = f(inputs).values
            return zip(y, weights).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
    }
    for x in inputs { x.zeroGrad() }
    let y = f(inputs)
    y.backward(gradient: Tensor(shape: y.shape, values: weights.map { Float($0) }))
    var worstError = 0.0, largest = 1e-6, worst = "nowhere"
    for (n, x) in inputs.enumerated() {
        let analytic = x.grad?.values ?? Array(repeating: 0, count: x.count)
        for i in 0..<x.count {
            let original = x.data[i]
            x.data[i] = original + step
            let plus = objective()
            x.data[i] = original - step
            let minus = objective()
            x.data[i] = original
            let numeric = (plus - minus) / (2 * Double(step))
            largest = Swift.max(largest, abs(numeric))
            let error = abs(numeric - Double(analytic[i]))
            if error > worstError { worstError = error; worst = "input \(n) element \(i): analytic \(analytic[i]), numeric \(numeric)" }
        }
    }
    return GradientCheckResult(relativeError: worstError / largest, worst: worst)
}

/// Asserts that `f`'s gradients match finite differences within `tolerance`.
func expectGradientsMatch(_ inputs: [Tensor], tolerance: Double = 5e-3, step: Float = 1e-2,
                          sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor) {
    let result = gradientCheck(inputs, step: step, f)
    #expect(result.relativeError < tolerance, "\(result)", sourceLocation: sourceLocation)
}

/// A tensor of uniform values in [low, high) that requires grad.
func randomTensor(_ shape: [Int], _ low: Float = -1, _ high: Float = 1, seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return .uniform(shape, low, high, using: &rng, requiresGrad: true)
}

/// Asserts two value arrays agree within a relative tolerance of the larger magnitude.
func expectClose(_ actual: [Float], _ expected: [Float], relative: Float = 1e-5, absolute: Float = 1e-6,
                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    let scale = expected.reduce(0) { Swift.max($0, abs($1)) }
    var worst: Float = 0, at = 0
    for (i, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > worst { worst = abs(a - e); at = i }
    #expect(worst <= absolute + relative * scale,
            "\(what): max difference \(worst) at \(at) (scale \(scale))", sourceLocation: sourceLocation)
}
