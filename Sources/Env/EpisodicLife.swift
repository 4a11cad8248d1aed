/// Episodic life (training only): losing a life ends the agent's episode, which helps value
/// estimation, while the game itself goes on; the following reset is then a single NOOP agent
/// step, not a new game. Only the game's real end (or the time limit) triggers a real reset.
/// Disabled, it passes everything through (test settings).
public final class EpisodicLife<Inner: FrameEnvironment> {
    public let inner: MaxAndSkip<Inner>
    public let enabled: Bool
    private var knownLives = 0
    private var wasRealEnd = true

    public init(_ inner: MaxAndSkip<Inner>, enabled: Bool) {
        self.inner = inner
        self.enabled = enabled
    }

    /// A seed always starts a new game; without one, a reset after a lost life only steps on.
    public func reset(seed: UInt64?) {
        if !enabled || wasRealEnd || seed != nil {
            inner.reset(seed: seed)
        } else if inner.step(.noop).isEnd {
            inner.reset(seed: nil)
        }
        wasRealEnd = false
        knownLives = inner.lives
    }

    public func step(_ action: ALEAction) -> FrameStep {
        var result = inner.step(action)
        wasRealEnd = result.isEnd
        let lives = inner.lives
        if enabled && lives < knownLives && lives > 0 {
            result.terminated = true
        }
        knownLives = lives
        return result
    }

    public var lives: Int { inner.lives }
    public var observation: [UInt8] { inner.observation }
    public var lastFrame: FrameBuffer { inner.lastFrame }
}
