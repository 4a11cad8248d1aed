/// One game served the way IRIS sees Atari: a Gymnasium-like environment of 64x64 RGB
/// observations, agent steps of 4 frames, and integer action indices into the action set.
///
/// The wrapper chain, innermost first, is built in one place (`init`), in IRIS's order:
/// the game on its console, sticky actions, the time limit, no-op starts, max-and-skip
/// (with the resize), episodic life.
public final class AtariEnv {
    public let gameName: String
    public let config: EnvConfig
    /// The actions an index refers to: the game's minimal set, or all 18 ALE actions.
    public let actions: [ALEAction]
    public let game: any Game

    private let chain: EpisodicLife<NoopReset<TimeLimit<StickyActions<GameEmulator>>>>

    public init(game name: String, config: EnvConfig = .train) throws {
        try config.validate()
        let game = try GameRegistry.make(name)
        self.game = game
        gameName = game.registryName
        self.config = config
        actions = config.fullActionSpace ? ALEAction.allCases : game.minimalActions
        let emulator = GameEmulator(game: game)
        let sticky = StickyActions(emulator, probability: config.stickyActionProbability)
        let limited = TimeLimit(sticky, maxFrames: config.maxEpisodeFrames)
        let noopStarts = NoopReset(limited, maxNoops: config.noopMax)
        let skipping = MaxAndSkip(noopStarts, skip: config.frameSkip,
                                  observationSize: config.observationSize, resizeEachFrame: config.resizeEachFrame)
        chain = EpisodicLife(skipping, enabled: config.episodicLife)
    }

    public var actionCount: Int { actions.count }

    /// Bytes of one observation: `observationSize^2 * 3`.
    public var observationByteCount: Int { config.observationSize * config.observationSize * 3 }

    /// Starts an episode and returns its first observation (64x64x3 UInt8, row-major RGB).
    /// A seed makes the episode reproducible; `nil` continues the seed stream of the last seed.
    @discardableResult
    public func reset(seed: UInt64? = nil) -> [UInt8] {
        chain.reset(seed: seed)
        return chain.observation
    }

    /// One agent step with the action at index `action` of `actions`.
    public func step(_ action: Int) throws -> EnvStep {
        guard actions.indices.contains(action) else {
            throw EnvError.invalidAction(action: action, count: actions.count)
        }
        if let failure = game.failure { throw failure }
        let result = chain.step(actions[action])
        if let failure = game.failure { throw failure }
        return EnvStep(
            observation: chain.observation, reward: Float(result.reward),
            terminated: result.terminated, truncated: result.truncated, lives: chain.lives)
    }

    /// The latest observation.
    public var observation: [UInt8] { chain.observation }

    /// The latest raw 160x210 frame, for viewers and PNG dumps.
    public var rawFrame: FrameBuffer { chain.lastFrame }

    public var lives: Int { chain.lives }
}

/// The result of one agent step, as Gymnasium's `step` returns it.
public struct EnvStep: Sendable {
    /// 64x64x3 UInt8, row-major RGB.
    public var observation: [UInt8]
    /// Points of the 4 frames, unclipped.
    public var reward: Float
    /// The game ended, or (episodic life) a life was lost.
    public var terminated: Bool
    /// The time limit cut the episode.
    public var truncated: Bool
    public var lives: Int

    public var isEnd: Bool { terminated || truncated }
}
