import Tensor

extension WorldModel {
    /// The training losses over a batch of segments (IRIS `compute_loss` and
    /// `compute_labels_world_model`), with dropout drawing from `rng` in training mode.
    ///
    /// - `frameTokens`: B x steps x tokensPerFrame frame tokens (from the frozen tokenizer).
    /// - `actions`, `rewards`, `ends`, `mask`: B x steps each; `mask` false marks padding.
    ///
    /// Labels: the frame tokens shifted by one position (so position i of the observation
    /// head predicts token i + 1, and the action position the next frame's first token), with
    /// padded steps' tokens ignored (-100) and no target after the last token; the reward
    /// class sign(r) + 1 and the end flag at each action position, ignored where padded.
    /// The total is the plain sum of the three cross-entropies.
    public func loss(frameTokens: [Int], actions: [Int], rewards: [Float], ends: [Int], mask: [Bool],
                     batch: Int, steps: Int, using rng: inout RandomGenerator) -> WorldModelLosses {
        let k = config.tokensPerFrame, block = config.tokensPerBlock, ignore = -100
        require(batch >= 1 && steps >= 1 && frameTokens.count == batch * steps * k
                     && actions.count == batch * steps && rewards.count == batch * steps
                     && ends.count == batch * steps && mask.count == batch * steps,
                     "WorldModel.loss: inputs do not match batch \(batch) x steps \(steps) x \(k) tokens")
        require(steps <= config.maxBlocks, "WorldModel.loss: \(steps) steps exceed maxBlocks \(config.maxBlocks)")
        for row in 0..<batch {
            // IRIS asserts at most one end per segment: episodes are trimmed after their end.
            require(ends[(row * steps)..<((row + 1) * steps)].reduce(0, +) <= 1,
                         "WorldModel.loss: more than one end in segment \(row)")
        }
        var tokens = [Int](repeating: 0, count: batch * steps * block)
        var observationLabels = [Int](repeating: ignore, count: batch * steps * k)
        var rewardLabels = [Int](repeating: ignore, count: batch * steps)
        var endLabels = [Int](repeating: ignore, count: batch * steps)
        for row in 0..<batch {
            for step in 0..<steps {
                let s = row * steps + step
                for j in 0..<k {
                    tokens[s * block + j] = frameTokens[s * k + j]
                    // Label of observation-head position (step, j) - 1 within the row.
                    let labelIndex = s * k + j - 1
                    if mask[s] && labelIndex >= row * steps * k { observationLabels[labelIndex] = frameTokens[s * k + j] }
                }
                tokens[s * block + k] = actions[s]
                if mask[s] {
                    rewardLabels[s] = rewards[s] > 0 ? 2 : (rewards[s] < 0 ? 0 : 1)
                    require(ends[s] == 0 || ends[s] == 1, "WorldModel.loss: end flag \(ends[s]) is not 0 or 1")
                    endLabels[s] = ends[s]
                }
            }
        }
        let output = forward(tokens: tokens, batch: batch, start: 0, using: &rng)
        let lossObservations = crossEntropy(logits: output.observations.reshaped([-1, config.vocabularySize]),
                                            targets: observationLabels, ignoreIndex: ignore)
        let lossRewards = crossEntropy(logits: output.rewards.reshaped([-1, 3]), targets: rewardLabels, ignoreIndex: ignore)
        let lossEnds = crossEntropy(logits: output.ends.reshaped([-1, 2]), targets: endLabels, ignoreIndex: ignore)
        return WorldModelLosses(total: lossObservations + lossRewards + lossEnds,
                                observations: lossObservations.item, rewards: lossRewards.item, ends: lossEnds.item)
    }

    /// AdamW over this model with minGPT's groups: `config.weightDecay` on Linear weights only.
    public func makeOptimizer() -> Adam {
        Adam.adamW(self, learningRate: config.learningRate, weightDecay: config.weightDecay)
    }
}
