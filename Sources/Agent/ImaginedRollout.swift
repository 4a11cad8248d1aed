import Tensor

/// B rollouts of H imagined steps with the actor-critic acting, and its IRIS losses.
///
/// The LSTM first reads `burnIn` real frames (no gradient, padded steps skipped); the world
/// model starts from the last real frames (`ActorCriticConfig.contextFrames` of them, IRIS
/// the last alone). Logits and values keep their graph,
/// so the losses backpropagate through the LSTM over the whole horizon.
public struct ImaginedRollout {
    public let batch: Int
    public let horizon: Int
    /// Per step [B, A] logits and [B] values, with their graph.
    public var logits: [Tensor] = []
    public var values: [Tensor] = []
    /// [B * H] row-major.
    public var actions: [Int]
    public var rewards: [Float]
    public var ends: [Bool]
    /// The imagined frames' tokens per step, [H][B * 16] (for media strips).
    public var frameTokens: [[Int]] = []

    /// Runs the rollouts. `segments` holds burn-in + 1 real steps per row (end-uniform
    /// windows), with their tokens.
    public static func imagine(actorCritic: ActorCritic, environment: some ImaginationEnvironment, segments: SegmentBatch,
                               tokens: [Int], horizon: Int, using rng: inout RandomGenerator) -> ImaginedRollout {
        let B = segments.batch, L = segments.length, K = environment.view.tokensPerFrame
        // The world model starts from the segment's frames and actions (it keeps the latest
        // `contextFrames`; IRIS one). A row's padded steps before its episode began repeat its
        // first real frame with NOOPs: a game standing still.
        var frames = [Int](repeating: 0, count: B * L * K), actions = [Int](repeating: 0, count: B * (L - 1))
        for row in 0..<B {
            let first = (0..<L).first { segments.mask[row * L + $0] } ?? L - 1
            for t in 0..<L {
                let source = (row * L + max(t, first)) * K
                for k in 0..<K { frames[(row * L + t) * K + k] = tokens[source + k] }
                if t < L - 1, t >= first { actions[row * (L - 1) + t] = segments.actions[row * L + t] }
            }
        }
        environment.reset(frames: frames, actions: actions, count: L, batch: B)

        var state = actorCritic.initialState(batch: B)
        withoutGrad {
            for t in 0..<(L - 1) {
                var stepTokens = [Int](repeating: 0, count: B * K)
                var mask = [Bool](repeating: false, count: B)
                for row in 0..<B {
                    mask[row] = segments.mask[row * L + t]
                    for k in 0..<K { stepTokens[row * K + k] = tokens[(row * L + t) * K + k] }
                }
                guard mask.contains(true) else { continue }
                let out = actorCritic(environment.view.input(tokens: stepTokens, count: B, states: environment.resetStates(frame: t)),
                                      state: state)
                state = state.updated(with: out.state, where: mask)
            }
        }
        var rollout = ImaginedRollout(batch: B, horizon: horizon, actions: [Int](repeating: 0, count: B * horizon),
                                      rewards: [Float](repeating: 0, count: B * horizon),
                                      ends: [Bool](repeating: false, count: B * horizon))
        for t in 0..<horizon {
            rollout.frameTokens.append(environment.tokens)
            let out = actorCritic(environment.observation(), state: state)
            state = out.state
            let actions = sampleCategorical(logits: out.logits.detached(), using: &rng)
            let (rewards, ends) = environment.step(actions: actions, predictNextFrame: t < horizon - 1, using: &rng)
            rollout.logits.append(out.logits)
            rollout.values.append(out.values)
            for row in 0..<B {
                rollout.actions[row * horizon + t] = actions[row]
                rollout.rewards[row * horizon + t] = rewards[row]
                rollout.ends[row * horizon + t] = ends[row]
            }
        }
        return rollout
    }

    /// IRIS's losses over steps 0..H-2: REINFORCE with the value as baseline, the value's MSE
    /// to the lambda-returns, and the entropy bonus, with `config`'s gamma, lambda and weight.
    public func losses(_ config: ActorCriticConfig) -> ActorCriticLosses {
        let H = horizon, B = batch
        let valueTable = stack(values, axis: 1)  // [B, H]
        let current = valueTable.values
        let returns = lambdaReturns(rewards: rewards, values: current, ends: ends, horizon: H,
                                    gamma: config.gamma, lambda: config.lambda)
        var targets = [Float](), advantages = [Float]()
        let A = logits[0].shape[1]
        var oneHot = [Float](repeating: 0, count: B * (H - 1) * A)
        for row in 0..<B {
            for t in 0..<(H - 1) {
                let i = row * H + t
                targets.append(returns[i])
                advantages.append(returns[i] - current[i])
                oneHot[(row * (H - 1) + t) * A + actions[i]] = 1
            }
        }
        let shape = [B, H - 1]
        let logProbabilities = logSoftmax(stack(Array(logits.dropLast()), axis: 1))  // [B, H-1, A]
        let chosen = (logProbabilities * Tensor(shape: [B, H - 1, A], values: oneHot)).sum(axis: 2)
        let lossActions = -(chosen * Tensor(shape: shape, values: advantages)).mean()
        let entropy = -(exp(logProbabilities) * logProbabilities).sum(axis: 2)
        let lossEntropy = -config.entropyWeight * entropy.mean()
        let lossValues = mseLoss(valueTable.sliced(axis: 1, 0..<(H - 1)), Tensor(shape: shape, values: targets))
        return ActorCriticLosses(total: lossActions + lossValues + lossEntropy, actions: lossActions.item,
                                 values: lossValues.item, entropy: lossEntropy.item)
    }
}

/// The actor-critic's losses, named as IRIS logs them.
public struct ActorCriticLosses {
    public var total: Tensor
    public var actions: Float
    public var values: Float
    public var entropy: Float
}
