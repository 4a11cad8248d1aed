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
    /// `step` for each of `actions` in turn, stopping after a frame that ends the episode; the
    /// summed result and the number of frames run. Draws the last frame run into `last` and,
    /// when all ran and there are two or more, the one before it into `previous`.
    ///
    /// One agent step of `MaxAndSkip`: an ALE game behind its bridge serves it in one exchange
    /// instead of one per frame. Wrappers pass it on with their per-frame rules applied.
    func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int)
    /// Lives left (ALE's `lives()`).
    var lives: Int { get }
}

extension FrameEnvironment {
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int) {
        var total = FrameStep()
        for (index, action) in actions.enumerated() {
            let result = step(action)
            total.reward += result.reward
            total.terminated = result.terminated
            total.truncated = result.truncated
            if index == actions.count - 1 || result.isEnd {
                render(into: &last)
                return (total, index + 1)
            }
            if index == actions.count - 2 { render(into: &previous) }
        }
        return (total, 0)
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
