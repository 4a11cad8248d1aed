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
    /// `step` then `render`: one exchange instead of two for an ALE game behind its bridge, so
    /// `MaxAndSkip` uses it for the frames it observes. Wrappers forward it.
    func step(_ action: ALEAction, renderingInto frame: inout FrameBuffer) -> FrameStep
    /// Lives left (ALE's `lives()`).
    var lives: Int { get }
}

extension FrameEnvironment {
    public func step(_ action: ALEAction, renderingInto frame: inout FrameBuffer) -> FrameStep {
        let result = step(action)
        render(into: &frame)
        return result
    }
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
