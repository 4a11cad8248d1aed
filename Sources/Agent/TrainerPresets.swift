import Tokenizer
import WorldModel

/// The named configurations (ARCHITECTURE.md, "Presets").
public enum Preset: String, CaseIterable, Codable, Sendable {
    /// Seconds: tests and smoke runs.
    case tiny
    /// The default: 100k steps of Pong on a 2-core CPU within 4 hours.
    case cpu
    /// IRIS's published hyperparameters, exactly.
    case paper

    public var config: TrainerConfig {
        switch self {
        case .tiny: .tiny
        case .cpu: .cpu
        case .paper: .paper
        }
    }
}

extension TrainerConfig {
    /// IRIS exactly (config/trainer.yaml and the three model configs).
    public static var paper: TrainerConfig {
        TrainerConfig(tokenizer: .paper, worldModel: .paper, actorCritic: .paper)
    }

    /// A whole run in seconds, every code path exercised: the tokenizer freezes (so tokens get
    /// cached), the world model and the actor-critic train, evaluation and media happen.
    public static var tiny: TrainerConfig {
        var worldModel = WorldModelConfig.tiny
        worldModel.vocabularySize = TokenizerConfig.tiny.vocabularySize
        worldModel.tokensPerFrame = TokenizerConfig.tiny.tokensPerFrame
        var config = TrainerConfig(tokenizer: .tiny, worldModel: worldModel, actorCritic: .tiny)
        config.common.envSteps = 400
        config.common.extraEpochs = 1
        config.collection.stepsPerEpoch = 50
        config.training.tokenizer = ComponentSchedule(startAfterEpochs: 1, stepsPerEpoch: 4, stopAfterEpochs: 4)
        config.training.worldModel = ComponentSchedule(startAfterEpochs: 2, stepsPerEpoch: 4)
        config.training.actorCritic = ComponentSchedule(startAfterEpochs: 3, stepsPerEpoch: 3)
        config.evaluation.every = 4
        config.evaluation.episodes = 2
        config.evaluation.envs = 2
        config.evaluation.finalEpisodes = 2
        config.evaluation.mediaEvery = 4
        return config
    }
}

extension ActorCriticConfig {
    /// Small enough for tests: token input, a narrow LSTM, short burn-in and horizon, and the
    /// cpu preset's discount 0.99 (IRIS 0.995), with which Catch learns (`TrainerConfig.cpu`).
    public static var tiny: ActorCriticConfig {
        var config = ActorCriticConfig()
        config.gamma = 0.99
        config.input = .tokens
        config.tokenProjectionWidth = 8
        config.lstmWidth = 32
        config.burnIn = 4
        config.horizon = 6
        config.batchSize = 4
        config.learningRate = 1e-3
        return config
    }
}
