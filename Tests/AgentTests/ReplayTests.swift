@testable import Agent
import Foundation
import Tensor
import Testing

/// An episode of `n` steps whose frame t is filled with byte t and action t, reward t.
func syntheticEpisode(_ n: Int, finished: Bool = true, tokens: Bool = false) -> Episode {
    var frames = [UInt8](), tokenValues = [Int32]()
    for t in 0..<n {
        frames += [UInt8](repeating: UInt8(t + 1), count: Episode.frameBytes)
        if tokens { tokenValues += [Int32](repeating: Int32(t), count: 16) }
    }
    var ends = [UInt8](repeating: 0, count: n)
    if finished { ends[n - 1] = 1 }
    return Episode(frames: frames, actions: (0..<n).map(Int32.init), rewards: (0..<n).map(Float.init), ends: ends,
                   tokens: tokenValues)
}

@Suite("Replay buffer")
struct ReplayTests {
    @Test("start-uniform windows pad on the right, end-uniform windows on the left")
    func padding() {
        let buffer = ReplayBuffer()
        buffer.restore(episodes: [syntheticEpisode(3)], hasTokens: false)
        var batch = SegmentBatch(batch: 2, length: 5, withTokens: false, tokensPerFrame: 16)
        buffer.copy(buffer.episodes[0], from: 1, into: &batch, row: 0)   // steps 1, 2, pad, pad, pad
        buffer.copy(buffer.episodes[0], from: -2, into: &batch, row: 1)  // pad, pad, steps 0, 1, 2
        #expect(batch.mask == [true, true, false, false, false, false, false, true, true, true])
        #expect(batch.actions == [1, 2, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(batch.ends == [0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(batch.frames[0] == 2 && batch.frames[Episode.frameBytes] == 3 && batch.frames[2 * Episode.frameBytes] == 0)
        #expect(batch.frames[7 * Episode.frameBytes] == 1 && batch.frames[6 * Episode.frameBytes + 5] == 0)
    }

    @Test("sampled windows hold consecutive steps of one episode and respect the window kind")
    func sampling() {
        let buffer = ReplayBuffer()
        buffer.restore(episodes: [syntheticEpisode(7), syntheticEpisode(2), syntheticEpisode(30, finished: false)],
                       hasTokens: false)
        var rng = RandomGenerator(seed: 3)
        for window in [ReplayBuffer.Window.startUniform, .endUniform] {
            let batch = buffer.sample(batch: 64, length: 6, window: window, using: &rng)
            for row in 0..<64 {
                let mask = Array(batch.mask[(row * 6)..<(row * 6 + 6)])
                let actions = Array(batch.actions[(row * 6)..<(row * 6 + 6)])
                let real = zip(mask, actions).filter(\.0).map(\.1)
                #expect(!real.isEmpty)
                #expect(zip(real, real.dropFirst()).allSatisfy { $1 == $0 + 1 })
                if window == .startUniform { #expect(mask[0]) } else { #expect(mask[5]) }
            }
        }
        var first = RandomGenerator(seed: 9), second = RandomGenerator(seed: 9)
        #expect(buffer.sample(batch: 64, length: 6, window: .startUniform, using: &first).actions
                == buffer.sample(batch: 64, length: 6, window: .startUniform, using: &second).actions)
    }

    @Test("episode files round-trip and damage is detected")
    func store() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iris-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let buffer = ReplayBuffer()
        buffer.restore(episodes: [syntheticEpisode(4, tokens: true), syntheticEpisode(6, finished: false, tokens: true)],
                       hasTokens: true)
        for index in buffer.episodes.indices { buffer.markModified(index) }
        try ReplayStore.save(buffer, to: directory)
        let loaded = try ReplayStore.load(from: directory, lengths: [4, 5])
        #expect(loaded[0] == buffer.episodes[0])
        #expect(loaded[1] == buffer.episodes[1].truncated(to: 5))
        // Flip one byte in the middle of a file: the checksum catches it.
        let url = ReplayStore.url(directory, episode: 1)
        var data = try Data(contentsOf: url)
        data[data.count / 2] ^= 0xFF
        try data.write(to: url)
        #expect(throws: AgentError.self) { try ReplayStore.load(from: directory, lengths: [4, 5]) }
        // A truncated file too.
        try Data(data.prefix(100)).write(to: url)
        #expect(throws: AgentError.self) { try ReplayStore.load(from: directory, lengths: [4, 5]) }
    }

    @Test("burn-in updates only the rows of real steps")
    func maskedState() {
        let old = RecurrentState(h: Tensor(shape: [2, 2], values: [1, 2, 3, 4]), c: Tensor(shape: [2, 2], values: [5, 6, 7, 8]))
        let new = RecurrentState(h: Tensor(shape: [2, 2], values: [9, 9, 9, 9]), c: Tensor(shape: [2, 2], values: [0, 0, 0, 0]))
        let mixed = old.updated(with: new, where: [false, true])
        #expect(mixed.h.values == [1, 2, 9, 9] && mixed.c.values == [5, 6, 0, 0])
        #expect(old.reset(rows: [0]).h.values == [0, 0, 3, 4])
    }
}
