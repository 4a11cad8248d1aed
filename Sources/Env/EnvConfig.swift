/// How a game is turned into what the agent sees: IRIS's preprocessing, with its train and
/// test presets (IRIS's `config/env/default.yaml`, and Experiments/ale/bridge_fixture.py, which
/// applies them to ALE's games in Python). Frame counts are raw 60 Hz frames.
public struct EnvConfig: Equatable, Sendable, Codable {
    /// Raw frames per agent step; the observation is the max of the last two.
    public var frameSkip = 4
    /// After a reset, U{1..noopMax} raw NOOP frames (0: none).
    public var noopMax: Int
    /// Episodes are truncated after this many raw frames.
    public var maxEpisodeFrames: Int
    /// Losing a life ends the agent's episode (training only).
    public var episodicLife: Bool
    /// Probability of repeating the previous raw frame's action (0 as IRIS, 0.25 = ALE v5).
    public var stickyActionProbability = 0.0
    /// Act with all 18 ALE actions instead of the game's minimal set.
    public var fullActionSpace = false
    /// Side of the square RGB observation.
    public var observationSize = 64
    /// Resize both frames and then max-pool (IRIS's exact order), instead of max-pooling first.
    public var resizeEachFrame = false

    public init(noopMax: Int, maxEpisodeFrames: Int, episodicLife: Bool) {
        self.noopMax = noopMax
        self.maxEpisodeFrames = maxEpisodeFrames
        self.episodicLife = episodicLife
    }

    /// IRIS's collection settings: 30 no-ops, 20,000-frame limit, episodic life.
    public static let train = EnvConfig(noopMax: 30, maxEpisodeFrames: 20_000, episodicLife: true)
    /// IRIS's evaluation settings: 1 no-op, 108,000-frame limit (30 minutes), full games.
    public static let test = EnvConfig(noopMax: 1, maxEpisodeFrames: 108_000, episodicLife: false)

    /// Throws on values the wrappers cannot serve (their own checks vanish in -Ounchecked builds).
    public func validate() throws {
        func check(_ ok: Bool, _ problem: String) throws {
            if !ok { throw EnvError.invalidConfiguration(problem) }
        }
        try check(frameSkip >= 1, "frame skip \(frameSkip) must be at least 1")
        try check(noopMax >= 0, "noopMax \(noopMax) must not be negative")
        try check(maxEpisodeFrames > 0, "maxEpisodeFrames \(maxEpisodeFrames) must be positive")
        try check((0...1).contains(stickyActionProbability),
                  "sticky action probability \(stickyActionProbability) must be in [0, 1]")
        try check(observationSize >= 1, "observation size \(observationSize) must be positive")
    }
}
