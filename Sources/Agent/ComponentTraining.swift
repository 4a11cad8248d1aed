import Tensor
import Tokenizer
import WorldModel

/// `steps` gradient steps of one model, IRIS's `train_component`: zero the gradients, compute
/// the loss, backpropagate, clip the global norm, step; returns the losses averaged over steps.
///
/// A loss or gradient norm that is not finite throws `AgentError.diverged` before the optimizer
/// steps (`epoch` 0: the caller fills it in): one nan step would spread nan into every weight,
/// and a run that logs nan losses for hours and exits 0 looks like a success.
func trainComponent(_ module: Module, name: String, optimizer: Adam, steps: Int, maxGradNorm: Float,
                    loss: () -> (total: Tensor, metrics: [String: Float])) throws -> [String: Float] {
    module.train()
    defer { module.eval() }
    var sums: [String: Float] = [:]
    for step in 0..<steps {
        optimizer.zeroGrad()
        let (total, metrics) = loss()
        let value = total.item
        guard value.isFinite else {
            throw AgentError.diverged(model: name, quantity: "loss (\(value))", step: step + 1, epoch: 0)
        }
        total.backward()
        let norm = clipGradientNorm(module.parameters, maxNorm: maxGradNorm)
        guard norm.isFinite else {
            throw AgentError.diverged(model: name, quantity: "gradient norm (\(norm))", step: step + 1, epoch: 0)
        }
        optimizer.step()
        sums["total_loss", default: 0] += value
        for (name, value) in metrics { sums[name, default: 0] += value }
    }
    return sums.mapValues { $0 / Float(max(steps, 1)) }
}

extension Trainer {
    /// The tokens of a batch's frames: cached ones, or encoded now by the frozen tokenizer.
    func tokens(of batch: SegmentBatch) -> [Int] {
        if let tokens = batch.tokens { return tokens }
        return batch.frames.withUnsafeBufferPointer { agent.view.tokens(frames: $0, count: batch.batch * batch.length) }
    }

    func trainTokenizer(steps: Int) throws -> [String: Float] {
        let tokenizer = agent.tokenizer
        var usage = CodebookUsage(tokens: [], vocabularySize: config.tokenizer.vocabularySize)
        var metrics = try trainComponent(tokenizer, name: "tokenizer", optimizer: agent.tokenizerOptimizer, steps: steps,
                                     maxGradNorm: config.tokenizer.maxGradNorm) {
            let batch = buffer.sample(batch: config.tokenizer.batchSize, length: 1, window: .startUniform, using: &rng)
            let frames = batch.frames.withUnsafeBufferPointer { Tensor(frames: $0, count: batch.batch) }
            let losses = tokenizer.loss(frames: frames, using: &rng)
            usage = CodebookUsage(tokens: losses.tokens, vocabularySize: config.tokenizer.vocabularySize)
            return (losses.total, ["commitment_loss": losses.commitment, "reconstruction_loss": losses.reconstruction,
                                   "perceptual_loss": losses.perceptual, "foreground_match": losses.foregroundMatch])
        }
        metrics["codebook_distinct"] = Float(usage.distinctCodes)
        metrics["codebook_perplexity"] = usage.perplexity
        return metrics
    }

    func trainWorldModel(steps: Int) throws -> [String: Float] {
        let worldModel = agent.worldModel
        let L = config.worldModel.maxBlocks
        return try trainComponent(worldModel, name: "world model", optimizer: agent.worldModelOptimizer, steps: steps,
                              maxGradNorm: config.worldModel.maxGradNorm) {
            let batch = buffer.sample(batch: config.worldModel.batchSize, length: L, window: .startUniform, using: &rng)
            let losses = worldModel.loss(frameTokens: tokens(of: batch), actions: batch.actions, rewards: batch.rewards,
                                         ends: batch.ends, mask: batch.mask, batch: batch.batch, steps: L, using: &rng)
            return (losses.total, ["loss_obs": losses.observations, "loss_rewards": losses.rewards,
                                   "loss_ends": losses.ends])
        }
    }

    func trainActorCritic(steps: Int) throws -> [String: Float] {
        let ac = config.actorCritic
        var imaginedReturn: Float = 0
        var metrics = try trainComponent(agent.actorCritic, name: "actor-critic", optimizer: agent.actorCriticOptimizer, steps: steps,
                                     maxGradNorm: ac.maxGradNorm) {
            let batch = buffer.sample(batch: ac.batchSize, length: ac.burnIn + 1, window: .endUniform, using: &rng)
            let rollout = ImaginedRollout.imagine(actorCritic: agent.actorCritic, environment: dream, segments: batch,
                                                  tokens: tokens(of: batch), horizon: ac.horizon, using: &rng)
            imaginedReturn += rollout.rewards.reduce(0, +) / Float(rollout.batch)
            let losses = rollout.losses(ac)
            return (losses.total, ["loss_actions": losses.actions, "loss_values": losses.values,
                                   "loss_entropy": losses.entropy])
        }
        metrics["imagined_return"] = imaginedReturn / Float(max(steps, 1))
        return metrics
    }
}
