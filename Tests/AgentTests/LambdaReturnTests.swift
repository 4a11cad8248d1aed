import Agent
import Testing

@Suite("Lambda-returns")
struct LambdaReturnTests {
    @Test("match values computed by hand, with an end cutting the bootstrap")
    func byHand() {
        // One row, H = 4, gamma 0.9, lambda 0.5.
        // G3 = V3 = 4
        // G2 = r2 + 0.9 * (0.5 * V3 + 0.5 * G3) = 1 + 0.9 * 4 = 4.6
        // G1 = r1 + 0 (end at t=1) = 0
        // G0 = r0 + 0.9 * (0.5 * V1 + 0.5 * G1) = 0.5 + 0.9 * (0.5 * 2 + 0) = 1.4
        let returns = lambdaReturns(rewards: [0.5, 0, 1, 7], values: [1, 2, 3, 4], ends: [false, true, false, false],
                                    horizon: 4, gamma: 0.9, lambda: 0.5)
        let expected: [Float] = [1.4, 0, 4.6, 4]
        for (a, b) in zip(returns, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test("lambda 1 gives discounted returns bootstrapped from the last value; rows are independent")
    func monteCarlo() {
        let returns = lambdaReturns(rewards: [1, 1, 1, 0, 0, 0], values: [0, 0, 10, 5, 5, 5], ends: [Bool](repeating: false, count: 6),
                                    horizon: 3, gamma: 0.5, lambda: 1)
        // Row 0: G2 = 10, G1 = 1 + 5 = 6, G0 = 1 + 3 = 4. Row 1: 5, 2.5, 1.25.
        let expected: [Float] = [4, 6, 10, 1.25, 2.5, 5]
        for (a, b) in zip(returns, expected) { #expect(abs(a - b) < 1e-6) }
    }
}
