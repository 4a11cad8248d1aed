import Testing
import Tensor
@testable import WorldModel

@Suite("KV-cache decoding equals full forwards")
struct KVCacheTests {
    /// Feeding a sequence through the cache in chunks gives the logits of one full forward.
    @Test(arguments: [[1], [3], [4, 1, 2, 5, 3], [16]])
    func incrementalEqualsFull(chunks: [Int]) {
        var rng = RandomGenerator(seed: 3)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let (batch, length) = (3, smallConfig.maxTokens)
        let tokens = randomTokens(model, batch: batch, length: length, seed: 4)
        let full = withoutGrad { model.forward(tokens: tokens, batch: batch, using: &rng) }

        let cache = KVCache(config: model.config, batch: batch)
        var parts: [WorldModelOutput] = []
        var start = 0, next = 0
        while start < length {
            let n = min(chunks[next % chunks.count], length - start)
            next += 1
            let piece = (0..<batch).flatMap { row in tokens[(row * length + start)..<(row * length + start + n)] }
            parts.append(model.forward(tokens: piece, batch: batch, cache: cache))
            start += n
            #expect(cache.size == start)
        }
        expectSame(parts, full)
    }

    /// After a restart, cached decoding over the new context equals a fresh full forward over
    /// it: nothing stale from the old context leaks into the new one.
    @Test func restartEqualsFreshForward() {
        var rng = RandomGenerator(seed: 5)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        model.eval()
        let batch = 2, length = smallConfig.maxTokens
        let cache = KVCache(config: model.config, batch: batch)
        _ = model.forward(tokens: randomTokens(model, batch: batch, length: length, seed: 6), batch: batch, cache: cache)
        #expect(cache.size == length)
        cache.reset()
        // The truncated context: one frame (4 tokens) then a block and a half, fed 1 and 2 at a time.
        let context = randomTokens(model, batch: batch, length: 11, seed: 7)
        let full = withoutGrad { model.forward(tokens: context, batch: batch, using: &rng) }
        var parts: [WorldModelOutput] = []
        for range in [0..<4, 4..<5, 5..<7, 7..<8, 8..<10, 10..<11] {
            let piece = (0..<batch).flatMap { row in context[(row * 11 + range.lowerBound)..<(row * 11 + range.upperBound)] }
            parts.append(model.forward(tokens: piece, batch: batch, cache: cache))
        }
        expectSame(parts, full)
    }

    /// A full forward starting mid-sequence (IRIS `prev_steps`) selects its heads by absolute
    /// position: starting at the last frame token, the first row has no observation logits.
    @Test func headsFollowAbsolutePositions() {
        var rng = RandomGenerator(seed: 8)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        let k = smallConfig.tokensPerFrame
        // Positions 3 (last frame token), 4 (action), 5 (frame token 0).
        let tokens = [1, 2, 3]
        let out = withoutGrad { model.forward(tokens: tokens, batch: 1, start: k - 1, using: &rng) }
        #expect(out.observations.shape == [1, 2, smallConfig.vocabularySize])
        #expect(out.rewards.shape == [1, 1, 3] && out.ends.shape == [1, 1, 2])
    }

    private func expectSame(_ parts: [WorldModelOutput], _ full: WorldModelOutput,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        func joined(_ pick: (WorldModelOutput) -> Tensor) -> [Float] {
            concat(parts.map(pick).filter { $0.shape[1] > 0 }, axis: 1).values
        }
        expectClose(joined(\.observations), full.observations.values, relative: 1e-5, "observations", sourceLocation: sourceLocation)
        expectClose(joined(\.rewards), full.rewards.values, relative: 1e-5, "rewards", sourceLocation: sourceLocation)
        expectClose(joined(\.ends), full.ends.values, relative: 1e-5, "ends", sourceLocation: sourceLocation)
    }
}
