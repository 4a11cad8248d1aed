import Testing
import Tensor
@testable import WorldModel

@Suite("Imagination through the KV cache")
struct ImaginationTests {
    /// The cached sampler draws exactly what a sampler running a full forward over the whole
    /// context at every pass would draw, with the same generator, across context restarts.
    @Test func cachedSamplingEqualsFullForwardSampling() {
        var rng = RandomGenerator(seed: 31)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let (batch, k, steps) = (3, smallConfig.tokensPerFrame, 7)
        let firstFrame = randomTokens(model, batch: batch, length: k, seed: 32)
        let actionRows = (0..<steps).map { s in (0..<batch).map { ($0 + s) % 3 } }

        let imagination = WorldModelImagination(model: model, batch: batch)
        imagination.reset(frameTokens: firstFrame)
        var cachedRNG = RandomGenerator(seed: 33)
        var contexts: [Int] = []
        let cached = actionRows.map { actions in
            let step = imagination.step(actions: actions, using: &cachedRNG)
            contexts.append(imagination.contextLength)
            return step
        }
        // maxTokens 15: 4 -> 9 -> 14, then a restart from the current frame (4) before each
        // further step that would not fit.
        #expect(contexts == [9, 14, 9, 14, 9, 14, 9])

        var referenceRNG = RandomGenerator(seed: 33)
        let reference = referenceImagination(model, firstFrame: firstFrame, actionRows: actionRows, using: &referenceRNG)
        #expect(cached == reference)
        #expect(cachedRNG == referenceRNG)
        for step in cached {
            #expect(step.rewardSigns.allSatisfy { (-1...1).contains($0) } && step.ends.allSatisfy { $0 == 0 || $0 == 1 })
            #expect(step.frameTokens.count == batch * k && step.frameTokens.allSatisfy { (0..<16).contains($0) })
        }
    }

    /// Started from two frames and the action between them, the cached sampler draws what a
    /// full-forward sampler draws whose context restarts from the latest `contextFrames`
    /// frames and the actions between them.
    @Test(arguments: [1, 2])
    func restartsKeepTheLatestFrames(contextFrames: Int) {
        var rng = RandomGenerator(seed: 41)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let (batch, k, steps) = (2, smallConfig.tokensPerFrame, 6)
        let prompt = randomTokens(model, batch: batch, length: 2 * k + 1, seed: 42)  // f0 a0 f1 per row
        let width = 2 * k + 1
        var rowFrames: [[[Int]]] = [], frames: [Int] = [], actions: [Int] = []
        for row in 0..<batch {
            let first = Array(prompt[row * width..<row * width + k])
            let second = Array(prompt[row * width + k + 1..<(row + 1) * width])
            rowFrames.append([first, second])
            frames += first + second
            actions.append(prompt[row * width + k])
        }
        let actionRows = (0..<steps).map { s in (0..<batch).map { ($0 + 2 * s) % 3 } }

        let imagination = WorldModelImagination(model: model, batch: batch, contextFrames: contextFrames)
        imagination.reset(frames: frames, actions: actions, count: 2)
        #expect(imagination.contextLength == contextFrames * (k + 1) - 1)
        #expect(imagination.frameTokens == rowFrames.flatMap { $0[1] })
        var cachedRNG = RandomGenerator(seed: 43)
        let cached = actionRows.map { imagination.step(actions: $0, using: &cachedRNG) }

        var referenceRNG = RandomGenerator(seed: 43)
        let history = (0..<batch).map { (frames: rowFrames[$0], actions: [actions[$0]]) }
        let reference = referenceImagination(model, history: history, contextFrames: contextFrames,
                                             actionRows: actionRows, using: &referenceRNG)
        #expect(cached == reference)
        #expect(cachedRNG == referenceRNG)
    }

    @Test func skippingTheNextFrameFeedsOnlyTheAction() {
        var rng = RandomGenerator(seed: 34)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        let imagination = WorldModelImagination(model: model, batch: 2)
        imagination.reset(frameTokens: randomTokens(model, batch: 2, length: 4, seed: 35))
        let step = imagination.step(actions: [0, 2], predictNextFrame: false, using: &rng)
        #expect(step.frameTokens.isEmpty && step.rewardSigns.count == 2 && step.ends.count == 2)
        #expect(imagination.contextLength == 5)
    }

    /// IRIS's WorldModelEnv.step without a cache: every pass is a full forward over the
    /// context since the last restart, reading the last position's logits.
    private func referenceImagination(_ model: WorldModel, firstFrame: [Int], actionRows: [[Int]],
                                      using rng: inout RandomGenerator) -> [ImaginedStep] {
        let k = model.config.tokensPerFrame
        let history = (0..<actionRows[0].count).map { (frames: [Array(firstFrame[$0 * k..<($0 + 1) * k])], actions: [Int]()) }
        return referenceImagination(model, history: history, contextFrames: 1, actionRows: actionRows, using: &rng)
    }

    /// The same from each row's frames and the actions between them; a restart keeps the
    /// latest `contextFrames` frames.
    private func referenceImagination(_ model: WorldModel, history start: [(frames: [[Int]], actions: [Int])],
                                      contextFrames: Int, actionRows: [[Int]],
                                      using rng: inout RandomGenerator) -> [ImaginedStep] {
        let k = model.config.tokensPerFrame, batch = actionRows[0].count
        var history = start
        func latest() -> [[Int]] {
            history.map { row in
                let n = min(contextFrames, row.frames.count)
                var tokens: [Int] = []
                for (i, frame) in row.frames.suffix(n).enumerated() {
                    if i > 0 { tokens.append(row.actions[row.actions.count - n + i]) }
                    tokens += frame
                }
                return tokens
            }
        }
        var context = latest()
        func last(_ append: [Int]) -> WorldModelOutput {
            for row in 0..<batch { context[row].append(append[row]) }
            let n = context[0].count
            let out = withoutGrad { var r = RandomGenerator(seed: 0); return model.forward(tokens: context.flatMap { $0 }, batch: batch, using: &r) }
            func lastRow(_ t: Tensor) -> Tensor { t.shape[1] == 0 ? t : t.sliced(axis: 1, (t.shape[1] - 1)..<t.shape[1]) }
            _ = n
            return WorldModelOutput(observations: lastRow(out.observations), rewards: lastRow(out.rewards), ends: lastRow(out.ends),
                                    frameStates: lastRow(out.frameStates))
        }
        return actionRows.map { actions in
            if context[0].count + 1 + k > model.config.maxTokens { context = latest() }
            let first = last(actions)
            let rewards = sampleCategorical(logits: first.rewards, using: &rng).map { $0 - 1 }
            let ends = sampleCategorical(logits: first.ends, using: &rng)
            var next = [Int](repeating: 0, count: batch * k)
            var logits = first.observations
            for j in 0..<k {
                let token = sampleCategorical(logits: logits, using: &rng)
                for row in 0..<batch { next[row * k + j] = token[row] }
                logits = last(token).observations
            }
            for row in 0..<batch {
                history[row].frames.append(Array(next[row * k..<(row + 1) * k]))
                history[row].actions.append(actions[row])
            }
            return ImaginedStep(rewardSigns: rewards, ends: ends, frameTokens: next)
        }
    }
}
