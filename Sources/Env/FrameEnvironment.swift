/// A source of raw 60 Hz frames: a game in its emulator, or a wrapper around one.
///
/// The frame-level wrappers (sticky actions, time limit, no-op starts) all have this shape,
/// so they stack in any order, as gym wrappers do around ALE.
public protocol FrameEnvironment: AnyObject {
    /// Starts a new game; a seed makes it reproducible, `nil` continues the current seed stream.
    func reset(seed: UInt64?)
    /// Advances one raw frame with `action` held.
    func step(_ action: ALEAction) -> FrameStep
    /// Draws the current screen.
    func render(into frame: inout FrameBuffer)
    /// Lives left (ALE's `lives()`).
    var lives: Int { get }
}

/// What one raw frame (or, summed, one agent step) produced.
public struct FrameStep: Equatable, Sendable {
    /// Points scored (negative when the opponent scores).
    public var reward: Int
    /// The game is over (ALE's `game_over()`), or a life was lost under episodic life.
    public var terminated: Bool
    /// The episode was cut by the time limit.
    public var truncated: Bool

    public init(reward: Int = 0, terminated: Bool = false, truncated: Bool = false) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }

    public var isEnd: Bool { terminated || truncated }
}

/// The innermost environment: one game on the console, driven a frame at a time.
///
/// Each reset draws the game's seed from a generator, so that `reset(seed: nil)` starts a
/// different but reproducible game, as ALE's environments do after the first seeded reset.
public final class GameEmulator: FrameEnvironment {
    public let game: any Game
    private var seeds = SeededGenerator(seed: 0, stream: 1)

    public init(game: any Game) {
        self.game = game
    }

    public func reset(seed: UInt64?) {
        if let seed { seeds = SeededGenerator(seed: seed, stream: 1) }
        game.reset(seed: seeds.next())
    }

    public func step(_ action: ALEAction) -> FrameStep {
        let reward = game.step(action)
        return FrameStep(reward: reward, terminated: game.isOver)
    }

    public func render(into frame: inout FrameBuffer) {
        game.render(into: &frame)
    }

    public var lives: Int { game.lives }
}
