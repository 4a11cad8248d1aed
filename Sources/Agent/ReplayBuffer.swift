import Tensor

/// Every real step the agent has taken, as episodes, and the sampling IRIS trains from.
///
/// Batches pick episodes uniformly (IRIS's `random.choices`, which over-weights short lives)
/// and then a window in each: starting uniformly with padding on the right (tokenizer and
/// world model), or ending uniformly with padding on the left (actor-critic burn-in).
public final class ReplayBuffer {
    public enum Window: Sendable {
        /// start uniform in [0, len-1], stop = start + L (padding on the right).
        case startUniform
        /// stop uniform in [1, len], start = stop - L (padding on the left).
        case endUniform
    }

    public let tokensPerFrame: Int
    public private(set) var episodes: [Episode] = []
    /// Episodes changed since the last `markSaved()` (the checkpoint writes only these).
    public private(set) var modified: Set<Int> = []

    public init(tokensPerFrame: Int = 16) {
        self.tokensPerFrame = tokensPerFrame
    }

    public var stepCount: Int { episodes.reduce(0) { $0 + $1.count } }
    /// Whether every stored frame has its tokens (the tokenizer is frozen and has encoded them).
    public private(set) var hasTokens = false

    /// Appends a step to the open episode, opening one if the last has ended.
    func append(frame: UnsafeBufferPointer<UInt8>, action: Int, reward: Float, end: Bool, tokens: [Int32]?) {
        if episodes.isEmpty || episodes[episodes.count - 1].isFinished { episodes.append(Episode()) }
        let index = episodes.count - 1
        episodes[index].append(frame: frame, action: action, reward: reward, end: end,
                               tokens: hasTokens ? tokens : nil)
        if hasTokens {
            require(episodes[index].tokens.count == episodes[index].count * tokensPerFrame,
                         "ReplayBuffer: a step without tokens after the tokens were cached")
        }
        modified.insert(index)
    }

    /// The open (unfinished) episode, if any.
    public var openEpisode: Episode? { episodes.last.flatMap { $0.isFinished ? nil : $0 } }

    func markSaved() { modified.removeAll() }

    func markModified(_ index: Int) { modified.insert(index) }

    /// Replaces the contents (loading a checkpoint).
    func restore(episodes: [Episode], hasTokens: Bool) {
        self.episodes = episodes
        self.hasTokens = hasTokens
        modified.removeAll()
    }

    /// Encodes every stored frame once with `encode` (frames in, tokensPerFrame per frame out)
    /// in chunks of `chunk` frames; later steps must then come with their tokens.
    func cacheTokens(chunk: Int = 256, _ encode: (UnsafeBufferPointer<UInt8>, Int) -> [Int32]) {
        for index in episodes.indices {
            var tokens: [Int32] = []
            tokens.reserveCapacity(episodes[index].count * tokensPerFrame)
            episodes[index].frames.withUnsafeBufferPointer { frames in
                var start = 0
                while start < episodes[index].count {
                    let n = min(chunk, episodes[index].count - start)
                    let slice = UnsafeBufferPointer(rebasing: frames[(start * Episode.frameBytes)..<((start + n) * Episode.frameBytes)])
                    tokens.append(contentsOf: encode(slice, n))
                    start += n
                }
            }
            episodes[index].tokens = tokens
            modified.insert(index)
        }
        hasTokens = true
    }

    /// `batch` windows of `length` steps, drawn with `rng`.
    public func sample(batch: Int, length: Int, window: Window, using rng: inout RandomGenerator) -> SegmentBatch {
        require(!episodes.isEmpty, "ReplayBuffer.sample: the buffer is empty")
        var result = SegmentBatch(batch: batch, length: length, withTokens: hasTokens, tokensPerFrame: tokensPerFrame)
        for row in 0..<batch {
            let episode = episodes[Int(rng.next() % UInt64(episodes.count))]
            let start: Int
            switch window {
            case .startUniform: start = Int(rng.next() % UInt64(episode.count))
            case .endUniform: start = Int(rng.next() % UInt64(episode.count)) + 1 - length
            }
            copy(episode, from: start, into: &result, row: row)
        }
        return result
    }

    /// Steps start..<start+L of `episode` into row `row`, padding whatever falls outside.
    func copy(_ episode: Episode, from start: Int, into batch: inout SegmentBatch, row: Int) {
        let L = batch.length
        let lower = max(start, 0), upper = min(start + L, episode.count)
        guard lower < upper else { return }
        let offset = row * L + (lower - start)
        let n = upper - lower
        let bytes = Episode.frameBytes
        batch.frames.withUnsafeMutableBufferPointer { destination in
            episode.frames.withUnsafeBufferPointer { source in
                (destination.baseAddress! + offset * bytes).update(from: source.baseAddress! + lower * bytes, count: n * bytes)
            }
        }
        for i in 0..<n {
            batch.actions[offset + i] = Int(episode.actions[lower + i])
            batch.rewards[offset + i] = episode.rewards[lower + i]
            batch.ends[offset + i] = Int(episode.ends[lower + i])
            batch.mask[offset + i] = true
        }
        if batch.tokens != nil {
            let k = tokensPerFrame
            for i in 0..<(n * k) { batch.tokens![offset * k + i] = Int(episode.tokens[lower * k + i]) }
        }
    }
}
