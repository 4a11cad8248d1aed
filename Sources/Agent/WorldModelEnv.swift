import Tensor
import Tokenizer
import WorldModel

/// The world model as a batched environment: the agent's imagination and the viewer's dream
/// mode both drive this one type.
///
/// `reset` starts B rollouts from real frames' tokens; `step` feeds one action per row and
/// samples the reward sign, the end flag and the next frame token by token through the KV
/// cache (IRIS's `WorldModelEnv`). Frames are tokens throughout; `observation()` turns the
/// current ones into what the policy or a viewer needs.
public final class WorldModelEnv {
    public let worldModel: WorldModel
    public let view: PolicyView
    private var imagination: WorldModelImagination
    public private(set) var batch = 0
    /// The current frames' tokens, [B * 16].
    public private(set) var tokens: [Int] = []
    /// Cached positions per row; it drops when a step restarts the context from the current frame.
    public var contextLength: Int { imagination.contextLength }
    /// The most positions the context holds (the world model's `maxTokens`).
    public var contextCapacity: Int { worldModel.config.maxTokens }

    /// Frames the context keeps after a reset or a restart (`ActorCriticConfig.contextFrames`).
    public var contextFrames: Int { imagination.contextFrames }

    public init(worldModel: WorldModel, view: PolicyView, contextFrames: Int = 1) {
        self.worldModel = worldModel
        self.view = view
        imagination = WorldModelImagination(model: worldModel, batch: 1, contextFrames: contextFrames)
    }

    /// Starts `batch` rollouts from `count` consecutive frames' tokens per row, [batch, count,
    /// 16], and the actions between them, [batch, count - 1]; the last frame is the current one.
    public func reset(frames: [Int], actions: [Int], count: Int, batch: Int) {
        if imagination.batch != batch {
            imagination = WorldModelImagination(model: worldModel, batch: batch, contextFrames: contextFrames)
        }
        self.batch = batch
        withoutGrad {
            imagination.reset(frames: frames, actions: actions, count: count,
                              statesOfAllFrames: view.input.readsWorldModelState)
        }
        tokens = imagination.frameTokens
    }

    public func resetStates(frame t: Int) -> [Float] {
        guard view.input.readsWorldModelState else { return [] }
        let c = worldModel.config.embeddingWidth, states = imagination.resetStates
        let resetCount = states.count / (batch * c)
        var frame = [Float]()
        frame.reserveCapacity(batch * c)
        for row in 0..<batch {
            let start: Int = (row * resetCount + t) * c
            frame += states[start..<(start + c)]
        }
        return frame
    }

    /// One imagined step for every row: rewards are sampled signs (-1, 0, 1), ends sampled
    /// flags. With `predictNextFrame` false (a rollout's last step) the frame stays as it was,
    /// which saves 16 transformer passes.
    public func step(actions: [Int], predictNextFrame: Bool = true,
                     using rng: inout RandomGenerator) -> (rewards: [Float], ends: [Bool]) {
        let result = withoutGrad {
            imagination.step(actions: actions, predictNextFrame: predictNextFrame, using: &rng)
        }
        if predictNextFrame { tokens = result.frameTokens }
        return (result.rewardSigns.map(Float.init), result.ends.map { $0 != 0 })
    }

    /// The policy's input for the current frames.
    public func observation() -> Tensor {
        view.input(tokens: tokens, count: batch, states: view.input.readsWorldModelState ? imagination.frameStates : [])
    }

    /// The world model's state at the current frames, [B * C].
    public var frameStates: [Float] { imagination.frameStates }

    /// The current frames decoded to pixels [B, 3, 64, 64] in [0, 1], for viewers and media.
    public func frames() -> Tensor { withoutGrad { view.tokenizer.decode(tokens: tokens, count: batch) } }
}
