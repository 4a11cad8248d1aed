import Testing
import Tensor
@testable import WorldModel

/// The world model's state at a frame, for a policy to read: the same whether the frame came
/// from a full forward, a reset prompt, a real step appended, or an imagined step.
@Suite struct FrameStateTests {
    /// Row `r` of rows of `width`.
    func row(_ values: [Int], _ r: Int, _ width: Int) -> [Int] { Array(values[(r * width)..<((r + 1) * width)]) }

    /// Every frame's state in a full forward over `tokens` ([B, T]), [B, frames, C].
    func states(_ model: WorldModel, _ tokens: [Int], batch: Int) -> Tensor {
        withoutGrad {
            var r = RandomGenerator(seed: 0)
            return model.forward(tokens: tokens, batch: batch, using: &r).frameStates
        }
    }

    /// The full forward's state of the last frame in `tokens` ([B, T]), B x C.
    func lastState(_ model: WorldModel, _ tokens: [Int], batch: Int) -> [Float] {
        let all = states(model, tokens, batch: batch)
        let (n, c) = (all.shape[1], all.shape[2])
        let values = all.values
        var last = [Float]()
        for r in 0..<batch {
            let end: Int = (r + 1) * n * c
            last += values[(end - c)..<end]
        }
        return last
    }

    func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-4 }
    }

    @Test func statesArePositionsBeforeEachFramesLastToken() {
        var rng = RandomGenerator(seed: 5)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let k = smallConfig.tokensPerFrame
        let tokens = randomTokens(model, batch: 2, length: 2 * (k + 1) + k, seed: 6)  // 3 frames
        #expect(states(model, tokens, batch: 2).shape == [2, 3, smallConfig.embeddingWidth])
        #expect(model.framePosition == k - 2)
    }

    @Test func appendedRealStepsAndResetsGiveTheFullForwardsStates() {
        var rng = RandomGenerator(seed: 7)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let (batch, k) = (2, smallConfig.tokensPerFrame)
        let frames = (0..<4).map { randomTokens(model, batch: batch, length: k, seed: 10 + UInt64($0)) }
        let actions = [[0, 2], [1, 1], [2, 0]]
        let imagination = WorldModelImagination(model: model, batch: batch, contextFrames: 2)
        imagination.reset(frameTokens: frames[0])
        var sequence: [[Int]] = (0..<batch).map { row(frames[0], $0, k) }
        #expect(close(imagination.frameStates, lastState(model, sequence.flatMap { $0 }, batch: batch)))
        for step in 0..<2 {
            imagination.append(actions: actions[step], frames: frames[step + 1])
            for r in 0..<batch { sequence[r] += [actions[step][r]] + row(frames[step + 1], r, k) }
            #expect(close(imagination.frameStates, lastState(model, sequence.flatMap { $0 }, batch: batch)), "step \(step)")
        }
        // A third step does not fit 3 blocks: the context restarts from the latest 2 frames,
        // then takes the step.
        imagination.append(actions: actions[2], frames: frames[3])
        var restarted = [Int]()
        for r in 0..<batch {
            restarted += row(frames[1], r, k) + [actions[1][r]] + row(frames[2], r, k) + [actions[2][r]] + row(frames[3], r, k)
        }
        #expect(close(imagination.frameStates, lastState(model, restarted, batch: batch)))

        // A reset asked for every frame's state gets the full forward's.
        var stacked = [Int](), between = [Int]()
        for r in 0..<batch {
            for f in 0..<3 { stacked += row(frames[f], r, k) }
            between += [actions[0][r], actions[1][r]]
        }
        imagination.reset(frames: stacked, actions: between, count: 3, statesOfAllFrames: true)
        let full = states(model, sequence.flatMap { $0 }, batch: batch)
        #expect(close(imagination.resetStates, full.values))
        // More frames than the context holds: read in windows of 3, each starting afresh.
        var six = [Int](), five = [Int]()
        for r in 0..<batch {
            for f in [0, 1, 2, 3, 0, 1] { six += row(frames[f], r, k) }
            five += [0, 1, 2, 0, 1]
        }
        imagination.reset(frames: six, actions: five, count: 6, statesOfAllFrames: true)
        #expect(imagination.resetStates.count == batch * 6 * smallConfig.embeddingWidth)
        let c = smallConfig.embeddingWidth
        var secondWindow = [Int]()
        for r in 0..<batch { secondWindow += row(frames[3], r, k) + [0] + row(frames[0], r, k) + [1] + row(frames[1], r, k) }
        let expected = states(model, secondWindow, batch: batch).values
        for r in 0..<batch {
            #expect(close(Array(imagination.resetStates[((r * 6 + 3) * c)..<((r * 6 + 6) * c)]),
                          Array(expected[(r * 3 * c)..<((r + 1) * 3 * c)])))
        }
    }

    @Test func imaginedStepsGiveTheFullForwardsStateOfTheSampledFrame() {
        var rng = RandomGenerator(seed: 8)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let (batch, k) = (2, smallConfig.tokensPerFrame)
        let first = randomTokens(model, batch: batch, length: k, seed: 9)
        let imagination = WorldModelImagination(model: model, batch: batch)
        imagination.reset(frameTokens: first)
        var sampler = RandomGenerator(seed: 3)
        let step = imagination.step(actions: [1, 2], using: &sampler)
        var sequence = [Int]()
        for r in 0..<batch { sequence += row(first, r, k) + [[1, 2][r]] + row(step.frameTokens, r, k) }
        #expect(close(imagination.frameStates, lastState(model, sequence, batch: batch)))
    }
}
