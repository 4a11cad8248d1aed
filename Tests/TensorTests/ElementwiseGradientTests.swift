import Foundation
import Testing
@testable import Tensor

@Suite("Elementwise ops: values and gradients")
struct ElementwiseGradientTests {
    @Test("broadcasting arithmetic", arguments: [
        ([2, 3, 4], [2, 3, 4]),   // same shape
        ([2, 3, 4], [4]),         // bias over the last axis
        ([2, 3, 4], [3, 1]),      // middle broadcast
        ([2, 1, 4], [3, 1]),      // both broadcast
        ([4], [2, 3, 4]),         // left operand broadcasts
        ([2, 3], []),             // scalar tensor
    ])
    func broadcasting(shapes: ([Int], [Int])) {
        let a = randomTensor(shapes.0, seed: 1), b = randomTensor(shapes.1, 0.5, 1.5, seed: 2)
        expectGradientsMatch([a, b]) { $0[0] + $0[1] }
        expectGradientsMatch([a, b]) { $0[0] - $0[1] }
        expectGradientsMatch([a, b]) { $0[0] * $0[1] }
        expectGradientsMatch([a, b]) { $0[0] / $0[1] }
    }

    @Test func broadcastValues() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], values: [10, 20, 30])
        #expect((a + b).values == [11, 22, 33, 14, 25, 36])
        #expect((a * Tensor(shape: [2, 1], values: [2, 3])).values == [2, 4, 6, 12, 15, 18])
        #expect((a - b).shape == [2, 3])
    }

    @Test func scalarOperators() {
        let a = randomTensor([3, 4], seed: 3)
        expectGradientsMatch([a]) { 2 * $0[0] + 1 }
        expectGradientsMatch([a]) { 1 - $0[0] / 4 }
        expectGradientsMatch([a]) { -$0[0] - 3 }
        #expect((Tensor(shape: [2], values: [1, 2]) * 3 - 1).values == [2, 5])
    }

    @Test("activations", arguments: ["relu", "gelu", "silu", "sigmoid", "tanh", "exp", "square", "abs", "clamp"])
    func activation(name: String) {
        // Values kept away from the kinks of relu, abs and clamp (finite differences step 1e-2).
        let x = Tensor(shape: [12], values: [-2.1, -1.3, -0.71, -0.33, -0.12, 0.15, 0.42, 0.77, 1.21, 1.64, 2.3, 3.05],
                       requiresGrad: true)
        let f: (Tensor) -> Tensor = switch name {
        case "relu": relu
        case "gelu": gelu
        case "silu": silu
        case "sigmoid": sigmoid
        case "tanh": tanh
        case "exp": exp
        case "square": square
        case "abs": abs
        default: { clamp($0, -1, 1) }
        }
        expectGradientsMatch([x]) { f($0[0]) }
    }

    @Test func logAndSqrtOnPositiveInputs() {
        let x = randomTensor([3, 5], 0.5, 2, seed: 4)
        expectGradientsMatch([x]) { log($0[0]) }
        expectGradientsMatch([x]) { sqrt($0[0]) }
    }

    @Test func knownValues() {
        let x = Tensor(shape: [3], values: [-1, 0, 2])
        expectClose(gelu(x).values, [-0.15865526, 0, 1.9544997])   // torch.nn.functional.gelu
        expectClose(silu(x).values, [-0.26894142, 0, 1.7615942])
        expectClose(sigmoid(x).values, [0.26894142, 0.5, 0.880797])
        #expect(relu(x).values == [0, 0, 2])
    }

    @Test func fanOutAccumulates() {
        // y = x * x + x: dy/dx = 2x + 1, with x used three times.
        let x = Tensor(shape: [3], values: [1, -2, 0.5], requiresGrad: true)
        (x * x + x).sum().backward()
        #expect(x.grad?.values == [3, -3, 2])
    }
}

@Suite("Vector math kernels")
struct VectorMathTests {
    @Test func erfMatchesLibm() {
        var worst: Double = 0
        var x: Float = -7
        while x < 7 {
            let lanes = erf8(SIMD8<Float>((0..<8).map { x + Float($0) * 0.0003 }))
            for lane in 0..<8 { worst = max(worst, abs(Double(lanes[lane]) - erf(Double(x + Float(lane) * 0.0003)))) }
            x += 0.0024
        }
        #expect(worst < 5e-7)
    }

    @Test func expMatchesLibm() {
        var worst: Double = 0
        var x: Float = -80
        while x < 80 {
            let lanes = exp8(SIMD8<Float>(repeating: x))
            worst = max(worst, abs(Double(lanes[0]) / exp(Double(x)) - 1))
            x += 0.01
        }
        #expect(worst < 3e-7)
    }

    @Test func geluOnLongTensorsMatchesTheFormula() {
        let x = randomTensor([1003], -5, 5, seed: 3)
        let y = gelu(x).values
        for (i, v) in x.values.enumerated() {
            let exact = 0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))
            #expect(abs(Double(y[i]) - exact) < 2e-6)
        }
    }
}
