import Env
import Tensor
import Tokenizer
import WorldModel

/// The three models of an IRIS agent and their optimizers, named as IRIS's state_dict
/// (`tokenizer.*`, `world_model.*`, `actor_critic.*`).
public final class IrisAgent {
    public let tokenizer: Tokenizer
    public let worldModel: WorldModel
    public let actorCritic: ActorCritic
    public let tokenizerOptimizer: Adam
    public let worldModelOptimizer: Adam
    public let actorCriticOptimizer: Adam
    public let view: PolicyView

    public init(config: TrainerConfig, actionCount: Int, using rng: inout RandomGenerator) {
        tokenizer = Tokenizer(config: config.tokenizer, using: &rng)
        worldModel = WorldModel(config: config.worldModel, actionCount: actionCount, using: &rng)
        let tokenWidth = config.actorCritic.input == .worldModelEmbeddings
            ? config.worldModel.embeddingWidth : config.tokenizer.embeddingWidth
        actorCritic = ActorCritic(config: config.actorCritic, actionCount: actionCount, tokenWidth: tokenWidth,
                                  vocabularySize: config.tokenizer.vocabularySize, using: &rng)
        // IRIS: plain Adam for the tokenizer and the actor-critic, AdamW (decay on Linear
        // weights only) for the world model.
        tokenizerOptimizer = Adam([ParameterGroup(tokenizer.parameters)], learningRate: config.tokenizer.learningRate)
        worldModelOptimizer = Adam.adamW(worldModel, learningRate: config.worldModel.learningRate,
                                         weightDecay: config.worldModel.weightDecay)
        actorCriticOptimizer = Adam([ParameterGroup(actorCritic.parameters)], learningRate: config.actorCritic.learningRate)
        view = PolicyView(tokenizer: tokenizer, worldModel: worldModel, input: config.actorCritic.input)
    }

    static let prefixes = ["tokenizer", "world_model", "actor_critic"]
    var modules: [Module] { [tokenizer, worldModel, actorCritic] }
    var optimizers: [Adam] { [tokenizerOptimizer, worldModelOptimizer, actorCriticOptimizer] }

    /// Every weight under IRIS's names.
    public func namedWeights() -> [(name: String, tensor: Tensor)] {
        zip(Self.prefixes, modules).flatMap { prefix, module in
            module.namedParameters().map { (prefix + "." + $0.name, $0.tensor) }
        }
    }

    /// Every optimizer's moments and step counts, prefixed like the weights.
    public func namedOptimizerState() -> [(name: String, tensor: Tensor)] {
        zip(Self.prefixes, optimizers).flatMap { prefix, optimizer in
            optimizer.state().map { (prefix + "." + $0.name, $0.tensor) }
        }
    }

    /// Loads every model's weights; models named in `fresh` (by prefix, e.g. "actor_critic")
    /// keep their new initialisation and ignore the tensors saved for them.
    public func loadWeights(_ tensors: [String: Tensor], fresh: Set<String> = []) throws {
        try load(tensors, fresh: fresh, into: modules.map { module in { try module.load(state: $0) } })
    }

    public func loadOptimizerState(_ tensors: [String: Tensor], fresh: Set<String> = []) throws {
        try load(tensors, fresh: fresh, into: optimizers.map { optimizer in { try optimizer.load(state: $0) } })
    }

    private func load(_ tensors: [String: Tensor], fresh: Set<String>,
                      into loaders: [([String: Tensor]) throws -> Void]) throws {
        var parts = [[String: Tensor]](repeating: [:], count: Self.prefixes.count)
        for (name, tensor) in tensors {
            guard let dot = name.firstIndex(of: "."), let part = Self.prefixes.firstIndex(of: String(name[..<dot])) else {
                throw CheckpointError.unexpected([name])
            }
            parts[part][String(name[name.index(after: dot)...])] = tensor
        }
        for (prefix, (part, loader)) in zip(Self.prefixes, zip(parts, loaders)) where !fresh.contains(prefix) {
            try loader(part)
        }
    }
}

extension IrisAgent {
    /// A run's configuration and its latest (or best) weights, ready to act (eval mode).
    public static func load(run: RunDirectory, best: Bool = false) throws -> (TrainerConfig, IrisAgent) {
        let config = try run.readConfig()
        try config.validate()
        let directory = best ? run.bestCheckpoint : try Checkpoint.latest(in: run)
        let actions = try Env.AtariEnv(game: config.env.game, config: config.env.trainConfig).actionCount
        var rng = RandomGenerator(seed: config.common.seed)
        let agent = IrisAgent(config: config, actionCount: actions, using: &rng)
        try Checkpoint.loadWeights(into: agent, from: directory)
        for module in agent.modules { module.eval() }
        return (config, agent)
    }
}
