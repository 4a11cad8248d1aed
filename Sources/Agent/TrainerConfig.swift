import Env
import Tokenizer
import WorldModel

/// Everything a training run depends on: IRIS's `trainer.yaml` plus the three model configs.
///
/// One Codable value, so a run directory's `config.json` is this struct, `--config file.json`
/// reads one, and `--set section.key=value` edits one field (`ConfigOverrides`).
public struct TrainerConfig: Codable, Equatable, Sendable {
    public var env = EnvironmentSettings()
    public var common = CommonSettings()
    public var collection = CollectionSettings()
    public var training = TrainingSchedule()
    public var evaluation = EvaluationSettings()
    public var tokenizer: TokenizerConfig
    public var worldModel: WorldModelConfig
    public var actorCritic: ActorCriticConfig

    public init(tokenizer: TokenizerConfig, worldModel: WorldModelConfig, actorCritic: ActorCriticConfig) {
        self.tokenizer = tokenizer
        self.worldModel = worldModel
        self.actorCritic = actorCritic
    }

    /// Epochs that collect real experience; the rest (`common.extraEpochs`) only train.
    public var collectionEpochs: Int { (common.envSteps + collection.stepsPerEpoch - 1) / collection.stepsPerEpoch }
    public var totalEpochs: Int { collectionEpochs + common.extraEpochs }

    public func validate() throws {
        // Sizes first: the models' own checks multiply them (tokensPerFrame = latentSize^2).
        try validateLimits()
        try tokenizer.validate()
        try worldModel.validate()
        try actorCritic.validate()
        guard worldModel.vocabularySize == tokenizer.vocabularySize, worldModel.tokensPerFrame == tokenizer.tokensPerFrame else {
            throw AgentError.invalidConfig("the world model reads the tokenizer's tokens: worldModel.vocabularySize "
                + "(\(worldModel.vocabularySize)) and tokensPerFrame (\(worldModel.tokensPerFrame)) must equal the tokenizer's "
                + "(\(tokenizer.vocabularySize), \(tokenizer.tokensPerFrame))")
        }
        guard actorCritic.contextFrames < worldModel.maxBlocks else {
            throw AgentError.invalidConfig("actorCritic.contextFrames (\(actorCritic.contextFrames)) must be below "
                + "worldModel.maxBlocks (\(worldModel.maxBlocks)): the context needs room for a step after them")
        }
        guard common.envSteps >= 1, collection.stepsPerEpoch >= 1, common.extraEpochs >= 0 else {
            throw AgentError.invalidConfig("common.envSteps and collection.stepsPerEpoch must be positive, common.extraEpochs >= 0")
        }
        guard (0...1).contains(collection.epsilon), collection.temperature > 0, evaluation.temperature > 0 else {
            throw AgentError.invalidConfig("collection.epsilon must lie in [0, 1] and temperatures must be positive")
        }
        guard evaluation.every >= 0, evaluation.episodes >= 0, evaluation.finalEpisodes >= 0, evaluation.envs >= 1 else {
            throw AgentError.invalidConfig("evaluation.every, episodes and finalEpisodes must be >= 0 and envs >= 1")
        }
        for (name, schedule) in [("tokenizer", training.tokenizer), ("worldModel", training.worldModel),
                                 ("actorCritic", training.actorCritic)] {
            guard schedule.startAfterEpochs >= 0, schedule.stepsPerEpoch >= 0, schedule.stopAfterEpochs >= 0 else {
                throw AgentError.invalidConfig("training.\(name): epochs and steps must be >= 0")
            }
        }
        guard (0...1).contains(env.stickyActionProbability) else {
            throw AgentError.invalidConfig("env.stickyActionProbability must lie in [0, 1]")
        }
        guard evaluation.every == 0 || evaluation.episodes >= 1 else {
            throw AgentError.invalidConfig("evaluation.episodes is 0 while evaluation.every is \(evaluation.every): "
                + "no evaluation would run and no best checkpoint be kept; set evaluation.every=0 to evaluate only at the end")
        }
    }

    /// Ranges beyond the checks of each model's config: sizes this CPU implementation cannot
    /// hold (`worldModel.layers=100000` would allocate until the machine gives up), counts whose
    /// arithmetic would overflow, and floats that must be finite. Each message names the key.
    func validateLimits() throws {
        func limit(_ key: String, _ value: Int, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else {
                throw AgentError.invalidConfigValue(key: key, value: "\(value)", reason: "must lie in \(range.lowerBound)...\(range.upperBound)")
            }
        }
        func finite(_ key: String, _ value: Float) throws {
            guard value.isFinite else { throw AgentError.invalidConfigValue(key: key, value: "\(value)", reason: "must be a finite number") }
        }
        try limit("common.envSteps", common.envSteps, 1...10_000_000_000)
        try limit("common.extraEpochs", common.extraEpochs, 0...1_000_000)
        try limit("common.threads", common.threads, 0...1024)
        try limit("collection.stepsPerEpoch", collection.stepsPerEpoch, 1...100_000_000)
        for (name, schedule) in [("tokenizer", training.tokenizer), ("worldModel", training.worldModel),
                                 ("actorCritic", training.actorCritic)] {
            try limit("training.\(name).startAfterEpochs", schedule.startAfterEpochs, 0...100_000_000)
            try limit("training.\(name).stopAfterEpochs", schedule.stopAfterEpochs, 0...100_000_000)
            try limit("training.\(name).stepsPerEpoch", schedule.stepsPerEpoch, 0...10_000_000)
        }
        try limit("evaluation.every", evaluation.every, 0...100_000_000)
        try limit("evaluation.episodes", evaluation.episodes, 0...1_000_000)
        try limit("evaluation.finalEpisodes", evaluation.finalEpisodes, 0...1_000_000)
        try limit("evaluation.envs", evaluation.envs, 1...1024)
        try limit("evaluation.mediaEvery", evaluation.mediaEvery, 0...100_000_000)
        try finite("collection.temperature", collection.temperature)
        try finite("evaluation.temperature", evaluation.temperature)
        let w = worldModel
        try limit("worldModel.vocabularySize", w.vocabularySize, 1...1 << 20)
        try limit("worldModel.tokensPerFrame", w.tokensPerFrame, 1...4096)
        try limit("worldModel.maxBlocks", w.maxBlocks, 1...4096)
        try limit("worldModel.layers", w.layers, 1...256)
        try limit("worldModel.heads", w.heads, 1...256)
        try limit("worldModel.embeddingWidth", w.embeddingWidth, 1...16384)
        try limit("worldModel.batchSize", w.batchSize, 1...65536)
        try limit("worldModel.maxTokens (tokensPerFrame + 1) x maxBlocks", w.maxTokens, 1...65536)
        let t = tokenizer
        try limit("tokenizer.vocabularySize", t.vocabularySize, 1...1 << 20)
        try limit("tokenizer.embeddingWidth", t.embeddingWidth, 1...16384)
        try limit("tokenizer.resolution", t.resolution, 1...1024)
        try limit("tokenizer.channels", t.channels, 1...4096)
        try limit("tokenizer.zChannels", t.zChannels, 1...16384)
        try limit("tokenizer.channelMultipliers count", t.channelMultipliers.count, 1...10)
        for multiplier in t.channelMultipliers { try limit("tokenizer.channelMultipliers", multiplier, 1...64) }
        try limit("tokenizer.residualBlocks", t.residualBlocks, 0...64)
        try limit("tokenizer.batchSize", t.batchSize, 1...65536)
        let a = actorCritic
        try limit("actorCritic.lstmWidth", a.lstmWidth, 1...65536)
        try limit("actorCritic.tokenProjectionWidth", a.tokenProjectionWidth, 1...65536)
        for channel in a.channels { try limit("actorCritic.channels", channel, 1...4096) }
        try limit("actorCritic.burnIn", a.burnIn, 0...10_000)
        try limit("actorCritic.horizon", a.horizon, 2...10_000)
        try limit("actorCritic.batchSize", a.batchSize, 1...65536)
        for (key, value) in [("worldModel.learningRate", w.learningRate), ("worldModel.maxGradNorm", w.maxGradNorm),
                             ("tokenizer.learningRate", t.learningRate), ("tokenizer.maxGradNorm", t.maxGradNorm),
                             ("actorCritic.learningRate", a.learningRate), ("actorCritic.maxGradNorm", a.maxGradNorm),
                             ("actorCritic.entropyWeight", a.entropyWeight)] {
            try finite(key, value)
        }
        // Weights, Adam's two moments and the gradient: 16 bytes a parameter. The transformer
        // dominates the world model (12 w^2 a layer), and each tokenizer level holds
        // 2 x (residualBlocks + 1) 3x3 convolutions in the encoder and as many in the decoder.
        let worldModelParameters = Double(w.layers) * 12 * Double(w.embeddingWidth) * Double(w.embeddingWidth)
            + Double(w.vocabularySize + w.maxTokens + 18) * Double(w.embeddingWidth) * 2
        let tokenizerParameters = t.channelMultipliers.reduce(0.0) { sum, multiplier in
            let c = Double(t.channels * multiplier)
            return sum + 4 * Double(t.residualBlocks + 1) * 9 * c * c
        } + Double(t.vocabularySize) * Double(t.embeddingWidth)
        let actorCriticParameters = 8 * Double(a.lstmWidth) * Double(a.lstmWidth + a.tokenProjectionWidth + 1024)
        let parameters = worldModelParameters + tokenizerParameters + actorCriticParameters
        guard parameters <= 1e9 else {
            throw AgentError.invalidConfig(String(format: "the models would hold about %.2g parameters (%.0f GB with "
                + "gradients and Adam's moments), beyond the 1e9 this CPU implementation can train; "
                + "reduce worldModel.layers / embeddingWidth or the tokenizer's channels", parameters, parameters * 16 / 1e9))
        }
    }
}

/// Which game, served how (the rest of IRIS's env settings are fixed: `EnvConfig.train/.test`).
public struct EnvironmentSettings: Codable, Equatable, Sendable {
    public var game = "pong"
    public var stickyActionProbability = 0.0
    public var fullActionSpace = false

    /// IRIS's training settings (life loss ends episodes, 30 no-op starts) with these applied.
    public var trainConfig: EnvConfig { applied(to: .train) }
    /// IRIS's test settings (whole games, one no-op start) with these applied.
    public var testConfig: EnvConfig { applied(to: .test) }

    private func applied(to base: EnvConfig) -> EnvConfig {
        var config = base
        config.stickyActionProbability = stickyActionProbability
        config.fullActionSpace = fullActionSpace
        return config
    }
}

public struct CommonSettings: Codable, Equatable, Sendable {
    public var seed: UInt64 = 0
    /// Real environment steps to collect (IRIS: 100k = 500 epochs x 200).
    public var envSteps = 100_000
    /// Epochs that train without collecting after the last collection (IRIS: 600 - 500).
    public var extraEpochs = 100
    /// Compute threads the run trains with, recorded when it starts so a resume uses the same
    /// (the reductions split by thread, so another count gives another, equally valid, run);
    /// 0 = not recorded (runs started before iris kept it): all cores.
    public var threads = 0
}

public struct CollectionSettings: Codable, Equatable, Sendable {
    public var stepsPerEpoch = 200
    /// Chance of a uniformly random action instead of the policy's.
    public var epsilon = 0.01
    public var temperature: Float = 1.0
}

/// When and how long each model trains, as IRIS's `training.<component>`.
public struct ComponentSchedule: Codable, Equatable, Sendable {
    /// Trains in epochs after this one (IRIS: tokenizer 5, world model 25, actor-critic 50).
    public var startAfterEpochs: Int
    /// Gradient steps per epoch.
    public var stepsPerEpoch: Int
    /// Stops training after this epoch; 0 = never. A tokenizer that stops is frozen for good,
    /// which lets the trainer encode each stored frame once instead of every time it is sampled.
    public var stopAfterEpochs = 0

    public init(startAfterEpochs: Int, stepsPerEpoch: Int, stopAfterEpochs: Int = 0) {
        self.startAfterEpochs = startAfterEpochs
        self.stepsPerEpoch = stepsPerEpoch
        self.stopAfterEpochs = stopAfterEpochs
    }

    /// Whether this component trains in `epoch` (1-based, as IRIS counts).
    public func trains(in epoch: Int) -> Bool {
        epoch > startAfterEpochs && stepsPerEpoch > 0 && (stopAfterEpochs == 0 || epoch <= stopAfterEpochs)
    }
}

public struct TrainingSchedule: Codable, Equatable, Sendable {
    public var tokenizer = ComponentSchedule(startAfterEpochs: 5, stepsPerEpoch: 200)
    public var worldModel = ComponentSchedule(startAfterEpochs: 25, stepsPerEpoch: 200)
    public var actorCritic = ComponentSchedule(startAfterEpochs: 50, stepsPerEpoch: 200)
}

/// Test episodes with IRIS's test settings (noop 1, whole games, temperature 0.5, epsilon 0).
public struct EvaluationSettings: Codable, Equatable, Sendable {
    /// Evaluate every this many epochs (0 = only the final evaluation).
    public var every = 5
    public var episodes = 16
    /// Environments played side by side (IRIS: 8), so the policy acts on batches.
    public var envs = 8
    public var temperature: Float = 0.5
    /// Episodes of the evaluation after the last epoch (IRIS's scripts/eval.py: 100).
    public var finalEpisodes = 100
    /// Write reconstruction and imagination strips to media/ every this many epochs (0 = never).
    public var mediaEvery = 5
}
