import Testing
@testable import Tensor

/// Expects the child process of an exit test to have printed `text` on stderr.
/// (Exit-test bodies cannot capture context, so each test spells its body inline.)
private func expectMessage(_ result: ExitTest.Result?, mentions text: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains(text), "stderr was: \(message)", sourceLocation: sourceLocation)
}

@Suite("Bad shapes stop with a message naming the op and the shapes")
struct ShapeErrorTests {
    @Test func matmulInnerDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
        }
        expectMessage(result, mentions: "matmul: inner dimensions differ in [2, 3] x [4, 5]")
    }

    @Test func broadcastMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        expectMessage(result, mentions: "add: shapes [2, 3] and [4] do not broadcast")
    }

    @Test func convolutionChannels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor.zeros([1, 3, 8, 8]), weight: Tensor.zeros([4, 2, 3, 3]))
        }
        expectMessage(result, mentions: "conv2d: input [1, 3, 8, 8] and weight [4, 2, 3, 3] do not match")
    }

    @Test func reshapeCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped([4, 2])
        }
        expectMessage(result, mentions: "reshape: shape [2, 3] (6 elements) cannot become [4, 2]")
    }

    @Test func attentionShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = attention(query: Tensor.zeros([1, 2, 3, 4]), key: Tensor.zeros([1, 2, 3, 5]), value: Tensor.zeros([1, 2, 3, 5]), causal: true)
        }
        expectMessage(result, mentions: "attention: query [1, 2, 3, 4], key [1, 2, 3, 5]")
    }

    @Test func crossEntropyTargets() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor.zeros([2, 5]), targets: [1, 7])
        }
        expectMessage(result, mentions: "crossEntropy: target 7 out of range for 5 classes")
    }

    @Test func linearInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var rng = RandomGenerator(seed: 0)
            _ = Linear(4, 2, using: &rng)(Tensor.zeros([3, 5]))
        }
        expectMessage(result, mentions: "Linear: input [3, 5] for weight [2, 4]")
    }
}
