/// N copies of a game stepped together, the shape the collector wants: one action per
/// environment in, one contiguous batch of observations out.
///
/// An environment whose episode ends is reset at once (Gymnasium's same-step auto-reset): the
/// returned observation is the new episode's first one, the last observation of the finished
/// episode is in `VectorStep.finalObservations`, and its score and length in `finishedEpisodes`.
public final class VectorEnv {
    public let envs: [AtariEnv]
    private var episodeReturns: [Float]
    private var episodeLengths: [Int]

    public init(game name: String, count: Int, config: EnvConfig = .train) throws {
        guard count >= 1 else { throw EnvError.invalidConfiguration("a VectorEnv needs at least one environment, got \(count)") }
        envs = try (0..<count).map { _ in try AtariEnv(game: name, config: config) }
        episodeReturns = [Float](repeating: 0, count: count)
        episodeLengths = [Int](repeating: 0, count: count)
    }

    public var count: Int { envs.count }
    public var actionCount: Int { envs[0].actionCount }
    public var observationByteCount: Int { envs[0].observationByteCount }

    /// Resets every environment, environment `i` with its own seed derived from `seed`, and
    /// returns the observations as `count` consecutive 64x64x3 blocks.
    public func reset(seed: UInt64) -> [UInt8] {
        var seeds = SeededGenerator(seed: seed, stream: 4)
        for (index, env) in envs.enumerated() {
            env.reset(seed: seeds.next())
            episodeReturns[index] = 0
            episodeLengths[index] = 0
        }
        return gatherObservations()
    }

    /// Steps environment `i` with `actions[i]`, auto-resetting those whose episode ended.
    public func step(_ actions: [Int]) throws -> VectorStep {
        guard actions.count == envs.count else {
            throw EnvError.invalidActionCount(given: actions.count, expected: envs.count)
        }
        for action in actions where !(0..<actionCount).contains(action) {
            throw EnvError.invalidAction(action: action, count: actionCount)
        }
        var result = VectorStep(count: envs.count)
        for (index, env) in envs.enumerated() {
            let step = try env.step(actions[index])
            result.rewards[index] = step.reward
            result.terminated[index] = step.terminated
            result.truncated[index] = step.truncated
            episodeReturns[index] += step.reward
            episodeLengths[index] += 1
            if step.isEnd {
                result.finalObservations[index] = step.observation
                result.finishedEpisodes.append(
                    FinishedEpisode(env: index, score: episodeReturns[index], length: episodeLengths[index]))
                episodeReturns[index] = 0
                episodeLengths[index] = 0
                env.reset()
            }
            result.lives[index] = env.lives
        }
        result.observations = gatherObservations()
        return result
    }

    private func gatherObservations() -> [UInt8] {
        let size = observationByteCount
        var batch = [UInt8](repeating: 0, count: size * envs.count)
        batch.withUnsafeMutableBufferPointer { destination in
            for (index, env) in envs.enumerated() {
                env.observation.withUnsafeBufferPointer { source in
                    (destination.baseAddress! + index * size).update(from: source.baseAddress!, count: size)
                }
            }
        }
        return batch
    }
}

/// What a `VectorEnv` step returns, one entry per environment.
public struct VectorStep: Sendable {
    /// `count` observations of 64x64x3 bytes, back to back (after any auto-reset).
    public var observations: [UInt8] = []
    public var rewards: [Float]
    public var terminated: [Bool]
    public var truncated: [Bool]
    public var lives: [Int]
    /// The last observation of each episode that ended in this step, by environment index.
    public var finalObservations: [Int: [UInt8]] = [:]
    /// Score (sum of rewards) and length (agent steps) of each episode that ended in this step.
    public var finishedEpisodes: [FinishedEpisode] = []

    init(count: Int) {
        rewards = [Float](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = [Bool](repeating: false, count: count)
        lives = [Int](repeating: 0, count: count)
    }
}

/// One ended episode of a `VectorEnv` environment (under episodic life: one life).
public struct FinishedEpisode: Equatable, Sendable {
    public var env: Int
    public var score: Float
    public var length: Int

    public init(env: Int, score: Float, length: Int) {
        self.env = env
        self.score = score
        self.length = length
    }
}
