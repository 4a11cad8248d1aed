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
                                  vocabularySize: config.tokenizer.vocabularySize,
                                  stateWidth: config.worldModel.embeddingWidth, using: &rng)
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
    /// keep their new initialisation and ignore the tensors saved for them. IRIS's own extras
    /// (`irisExtras`) are checked and set aside; the notes say what was skipped.
    @discardableResult
    public func loadWeights(_ tensors: [String: Tensor], fresh: Set<String> = []) throws -> [String] {
        let (weights, notes) = try irisExtras(tensors)
        try load(weights, fresh: fresh, into: modules.map { module in { try module.load(state: $0) } })
        return notes
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
            // Each model sees its names without the prefix; its errors get it back, so the
            // message names the key as it is in the file.
            do { try loader(part) } catch let error as CheckpointError {
                switch error {
                case .missing(let what) where what.hasPrefix("parameter '"):
                    throw CheckpointError.missing("parameter '\(prefix)." + what.dropFirst("parameter '".count))
                case .missing(let what):
                    throw CheckpointError.missing("\(prefix) \(what)")
                case .shapeMismatch(let name, let expected, let found):
                    throw CheckpointError.shapeMismatch(name: "\(prefix).\(name)", expected: expected, found: found)
                case .unexpected(let names):
                    throw CheckpointError.unexpected(names.map { "\(prefix).\($0)" })
                }
            }
        }
    }

    /// `tensors` without the buffers IRIS's `state_dict` carries besides parameters, each
    /// checked against what this agent computes instead of storing (`attn.mask`: the causal
    /// mask over `maxTokens`; `head_*.indices`: the positions each head reads, IRIS's
    /// `Slicer`), and without `tokenizer.lpips.*` (IRIS's perceptual-loss network, fixed VGG
    /// features that only its tokenizer training uses). A buffer that disagrees is an error:
    /// a block-causal mask or other head positions would make the weights mean something else.
    func irisExtras(_ tensors: [String: Tensor]) throws -> (weights: [String: Tensor], notes: [String]) {
        let config = worldModel.config
        let k = config.tokensPerFrame, block = config.tokensPerBlock, t = config.maxTokens
        let observed = (0..<config.maxBlocks).flatMap { b in (0..<block).filter { $0 != k - 1 }.map { b * block + $0 } }
        let actions = (0..<config.maxBlocks).map { $0 * block + k }
        let indices = ["world_model.head_observations.indices": observed, "world_model.head_rewards.indices": actions,
                       "world_model.head_ends.indices": actions]
        var weights = tensors
        var lpips = 0, buffers = 0
        for (name, tensor) in tensors {
            if name.hasPrefix("tokenizer.lpips.") {
                weights[name] = nil
                lpips += 1
            } else if let expected = indices[name] {
                guard tensor.shape == [expected.count], tensor.values.map({ Int($0) }) == expected else {
                    throw AgentError.checkpointMismatch("\(name): IRIS head positions \(tensor.shape) differ from this world "
                        + "model's (\(expected.count) positions for tokensPerFrame \(k), maxBlocks \(config.maxBlocks))")
                }
                weights[name] = nil
                buffers += 1
            } else if name.hasPrefix("world_model.transformer.blocks."), name.hasSuffix(".attn.mask") {
                let layer = Int(name.dropFirst("world_model.transformer.blocks.".count).dropLast(".attn.mask".count))
                guard let layer, (0..<config.layers).contains(layer) else {
                    throw CheckpointError.unexpected([name])
                }
                let causal = tensor.shape == [t, t] && tensor.values.enumerated().allSatisfy { index, value in
                    value == (index % t <= index / t ? 1 : 0)
                }
                guard causal else {
                    throw AgentError.checkpointMismatch("\(name): this world model attends causally over maxTokens \(t); "
                        + "the checkpoint's mask \(tensor.shape) is not the [\(t), \(t)] lower-triangular one "
                        + "(IRIS's attention: 'causal', not 'block_causal')")
                }
                weights[name] = nil
                buffers += 1
            }
        }
        var notes: [String] = []
        if buffers > 0 { notes.append("checked and set aside \(buffers) IRIS buffers (attention masks, head indices)") }
        if lpips > 0 {
            notes.append("skipped \(lpips) tokenizer.lpips.* tensors (IRIS's perceptual-loss network, used only to train its tokenizer)")
        }
        return (weights, notes)
    }
}

extension IrisAgent {
    /// A run's configuration and its latest (or best) weights, ready to act (eval mode).
    public static func load(run: RunDirectory, best: Bool = false) throws -> (TrainerConfig, IrisAgent) {
        let config = try run.readConfig()
        try config.validate()
        let directory = best ? run.bestCheckpoint : try Checkpoint.latestWeights(in: run)
        let actions = try Env.AtariEnv(game: config.env.game, config: config.env.trainConfig).actionCount
        var rng = RandomGenerator(seed: config.common.seed)
        let agent = IrisAgent(config: config, actionCount: actions, using: &rng)
        try Checkpoint.loadWeights(into: agent, from: directory)
        for module in agent.modules { module.eval() }
        return (config, agent)
    }
}
