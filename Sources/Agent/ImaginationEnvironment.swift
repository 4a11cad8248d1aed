import Tensor

/// What imagination needs of an environment: batched rows of token frames that actions step
/// forward. The world model (`WorldModelEnv`) is the one the agent uses; tests drive
/// `ImaginedRollout` with hand-made worlds whose best policy is known.
public protocol ImaginationEnvironment: AnyObject {
    /// Turns token frames into the policy's input.
    var view: PolicyView { get }
    /// The current frames' tokens, [B * tokensPerFrame].
    var tokens: [Int] { get }
    /// Starts `batch` rows from `count` consecutive frames' tokens per row, [batch, count, K],
    /// and the actions between them, [batch, count - 1]; the last frame is the current one.
    func reset(frames: [Int], actions: [Int], count: Int, batch: Int)
    /// One step for every row: the reward signs and end flags; the next frames unless
    /// `predictNextFrame` is false (a rollout's last step needs none).
    func step(actions: [Int], predictNextFrame: Bool, using rng: inout RandomGenerator) -> (rewards: [Float], ends: [Bool])
    /// The policy's input for the current frames.
    func observation() -> Tensor
    /// The world model's state at frame `t` of the frames the last `reset` was given, [B * C],
    /// for a policy that reads it during burn-in; empty when there is none.
    func resetStates(frame t: Int) -> [Float]
}

extension ImaginationEnvironment {
    public func resetStates(frame t: Int) -> [Float] { [] }

    /// Starts `batch` rows from one frame each, [batch * K].
    public func reset(tokens: [Int], batch: Int) { reset(frames: tokens, actions: [], count: 1, batch: batch) }
}

extension WorldModelEnv: ImaginationEnvironment {}
