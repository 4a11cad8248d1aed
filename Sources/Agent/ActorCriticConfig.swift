/// Hyperparameters of the actor-critic trained in imagination (IRIS `config/actor_critic` and
/// `trainer.yaml` `training.actor_critic`).
public struct ActorCriticConfig: Codable, Equatable, Sendable {
    /// What the policy looks at.
    public enum Input: String, Codable, Sendable, CaseIterable {
        /// The tokenizer's reconstruction of the frame, through a conv trunk (IRIS).
        case pixels
        /// The codebook vectors of the frame's 16 tokens, through a per-token linear layer:
        /// imagination then needs no decoder, which is most of its cost on a CPU.
        case tokens
        /// The frame's 16 token ids, each looked up in a table of the actor-critic's own (as
        /// the world model embeds tokens). No decoder either; with finite scalar quantisation
        /// a code's vector is 3 level values, which one linear layer cannot unpack into
        /// "ball at this spot of the patch", while a table learns any meaning per code.
        case tokenIDs
        /// The world model's own embedding of each of the 16 tokens (its frame table, read as a
        /// constant and normalised per token), through a per-token linear layer. The world
        /// model learns what each code means for the game's future from every real frame; a
        /// table of the actor-critic's own learns it only from the policy gradient, code by code.
        case worldModelEmbeddings
        /// The 16 token ids through a table of its own (as `tokenIDs`) and, beside them, the
        /// world model's state at the frame (its last layer at the frame's second-to-last
        /// token, read without gradient; `WorldModelOutput.frameStates`), as STORM and
        /// DreamerV3 feed their policies the sequence model's state: the ball's direction, the
        /// paddle's lag and what comes next are in it, learnt from every world-model sample.
        /// In the real game the world model follows the episode step by step for it.
        case tokenIDsAndWorldModelState

        /// Whether the policy needs the world model's state at each frame.
        public var readsWorldModelState: Bool { self == .tokenIDsAndWorldModelState }
    }

    public var input = Input.pixels
    /// Channels of the four conv3x3 -> maxpool -> ReLU stages (pixel input).
    public var channels = [32, 32, 64, 64]
    /// Width each token's codebook vector is projected to, or of each token id's embedding
    /// (token inputs); 16 tokens x 64 = 1024, the same LSTM input width as the pixel trunk's
    /// 64 x 4 x 4.
    public var tokenProjectionWidth = 64
    public var lstmWidth = 512
    /// Real steps fed to the LSTM (no gradient) before imagining.
    public var burnIn = 20
    /// Imagined steps per rollout.
    public var horizon = 20
    /// Real frames (with the actions between them) the world model starts each rollout from,
    /// and keeps when its context fills up and restarts. IRIS: 1, and with its 20-block context
    /// a rollout never restarts. One frame does not show which way the ball moves, so the dream
    /// picks a direction at each start and restart (every 7 steps with the `cpu` preset's 8
    /// blocks). Every preset keeps 1: with 4, the `cpu` Pong run's dreams followed the real game
    /// no better (`iris probe --context 4`, README "Results").
    public var contextFrames = 1
    /// Discount. IRIS: 0.995; the `tiny` and `cpu` presets use 0.99 (see `TrainerConfig.cpu`).
    public var gamma: Float = 0.995
    public var lambda: Float = 0.95
    public var entropyWeight: Float = 0.001
    public var batchSize = 64
    public var learningRate: Float = 1e-4
    public var maxGradNorm: Float = 10

    public init() {}

    /// IRIS exactly.
    public static let paper = ActorCriticConfig()

    public func validate() throws {
        guard channels.count == 4, channels.allSatisfy({ $0 > 0 }) else {
            throw AgentError.invalidConfig("actorCritic.channels needs four positive widths (64 -> 4 by four 2x2 pools), got \(channels)")
        }
        guard horizon >= 2 else { throw AgentError.invalidConfig("actorCritic.horizon must be at least 2, got \(horizon)") }
        guard burnIn >= 0 else { throw AgentError.invalidConfig("actorCritic.burnIn must be >= 0, got \(burnIn)") }
        guard contextFrames >= 1, contextFrames <= burnIn + 1 else {
            throw AgentError.invalidConfig("actorCritic.contextFrames must lie in 1...burnIn + 1 = \(burnIn + 1), got \(contextFrames)")
        }
        guard batchSize >= 1, lstmWidth >= 1, tokenProjectionWidth >= 1 else {
            throw AgentError.invalidConfig("actorCritic batchSize, lstmWidth and tokenProjectionWidth must be positive")
        }
        guard (0...1).contains(gamma), (0...1).contains(lambda) else {
            throw AgentError.invalidConfig("actorCritic.gamma and lambda must lie in [0, 1]")
        }
        guard learningRate > 0, maxGradNorm > 0 else {
            throw AgentError.invalidConfig("actorCritic.learningRate and maxGradNorm must be positive")
        }
    }
}
