import Tokenizer
import WorldModel

extension TrainerConfig {
    /// The product's default: `iris train --env pong --steps 100k` within 4 hours on a 2-core
    /// CPU. IRIS's paper configuration needs about 2 EFLOP per run (iris-reference.md 7.1),
    /// thousands of CPU hours, so this preset cuts the work about 200x. Each deviation:
    /// - The tokenizer and the world model are the smaller `.cpu` presets of their modules
    ///   (see their doc comments).
    /// - The tokenizer trains for the first `tokenizerEpochs` epochs only, then freezes: every
    ///   stored frame is encoded once, instead of re-encoding every sampled batch (the
    ///   largest cost of IRIS's world-model and actor-critic steps).
    /// - The actor-critic reads the 16 tokens' codebook vectors instead of decoded frames, so
    ///   imagination runs no decoder (IRIS's most expensive part on a CPU).
    /// - Far fewer gradient steps per epoch, smaller batches, a shorter burn-in and horizon.
    /// - No training-only epochs after the 100k steps.
    /// - Evaluation: fewer episodes, less often (a Pong test episode is thousands of steps).
    public static var cpu: TrainerConfig {
        var actorCritic = ActorCriticConfig()
        actorCritic.input = .tokens
        actorCritic.burnIn = 8
        actorCritic.horizon = 15
        actorCritic.batchSize = 32
        actorCritic.lstmWidth = 256
        var config = TrainerConfig(tokenizer: .cpu, worldModel: .cpu, actorCritic: actorCritic)
        config.common.extraEpochs = 0
        config.training.tokenizer = ComponentSchedule(startAfterEpochs: 5, stepsPerEpoch: 50, stopAfterEpochs: tokenizerEpochs)
        config.training.worldModel = ComponentSchedule(startAfterEpochs: tokenizerEpochs, stepsPerEpoch: 40)
        config.training.actorCritic = ComponentSchedule(startAfterEpochs: tokenizerEpochs + 10, stepsPerEpoch: 10)
        config.evaluation.every = 25
        config.evaluation.episodes = 4
        config.evaluation.envs = 4
        config.evaluation.finalEpisodes = 16
        config.evaluation.mediaEvery = 25
        return config
    }

    /// Epochs the cpu preset's tokenizer trains (10k real frames seen by then).
    static let tokenizerEpochs = 50
}
