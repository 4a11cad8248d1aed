/// Hyperparameters of the actor-critic trained in imagination (IRIS `config/actor_critic` and
/// `trainer.yaml`).
public struct ActorCriticConfig: Codable, Equatable, Sendable {
    /// Real steps fed to the LSTM before imagining.
    public var burnIn = 20
    /// Imagined steps per rollout.
    public var horizon = 20
    public var gamma: Float = 0.995
    public var lambda: Float = 0.95
    public var entropyWeight: Float = 0.001

    public init() {}
}
