import Tokenizer
import WorldModel

extension TrainerConfig {
    /// The product's default: `iris train --env pong --steps 100k` within 4 hours on a 2-core
    /// CPU. IRIS's paper configuration needs about 2 EFLOP per run (iris-reference.md 7.1),
    /// thousands of CPU hours, so this preset cuts the work by a factor of several hundred.
    /// `iris bench agent --preset cpu` measured (2 threads, quiet 2-core Xeon, OpenBLAS kernel
    /// SkylakeX): collection 276 steps/s, tokenizer step 0.68 s, world-model step 0.14 s,
    /// actor-critic step 0.40 s, which this schedule turns into 1.57 hours without evaluation;
    /// seed 1's Pong run took 2.2 hours with evaluations, sharing the machine part of the time.
    /// Each deviation from IRIS:
    /// - The tokenizer and the world model are their modules' smaller `.cpu` presets (see
    ///   their doc comments).
    /// - The tokenizer trains in epochs 3-60 only (12k real frames seen by then), then
    ///   freezes: every stored frame is encoded once, instead of re-encoding every sampled
    ///   batch, which is most of the cost of IRIS's world-model and actor-critic steps.
    /// - The world model starts when the tokenizer freezes (IRIS: epoch 25), the actor-critic
    ///   ten epochs later (IRIS: 50).
    /// - The actor-critic reads the 16 token ids, through an embedding table of its own,
    ///   instead of decoded frames, so imagination runs no decoder (IRIS's most expensive part
    ///   on a CPU). Not the codebook vectors: with finite scalar quantisation those are 3
    ///   level values each (`ActorCriticConfig.Input.tokenIDs`).
    /// - Gradient steps per epoch 30 / 40 / 10 (IRIS 200 each), smaller batches (32 / 16 / 32),
    ///   burn-in 8 and horizon 15 (IRIS 20 and 20), LSTM 256 wide (IRIS 512), and learning
    ///   rates 1e-3 / 1e-3 / 3e-4 (IRIS 1e-4) since each model gets about a hundredth of
    ///   IRIS's steps.
    /// - The world model without dropout (IRIS 0.1; see `WorldModelConfig.cpu`), at 1e-3 and 40
    ///   steps per epoch: on Pong (seeds 0 and 1) its next-token loss fell further than with
    ///   dropout, 30 steps and 3e-4, and the agent scored above random play, which the earlier
    ///   preset's did not (README, "Results").
    /// - Discount 0.99 (IRIS 0.995, DQN's 0.99). With 0.995 the policy did not learn Catch
    ///   in imagination: forked from one trained world model (runs/catch-v1, epoch 100, frozen),
    ///   1,400 actor-critic steps left the evaluation at -7.75 (random -6), while 0.99, 0.98
    ///   and 0.95 reached -2.0, -2.0 and -1.0 by then (8 episodes each) and kept rising. The
    ///   bootstrapped values of a 200-step discount carry the noise of sampled episode ends and
    ///   far-off rewards, which a small critic trained for a few thousand steps cannot average
    ///   out; in an endless hand-made world they also saturate the LSTM (`ImaginationTests`).
    /// - No training-only epochs after the 100k steps (IRIS: 100).
    /// - Evaluation every 25 epochs on 4 episodes (IRIS: every 5 epochs on 16): a Pong test
    ///   episode is thousands of steps. The final evaluation is IRIS's 100 episodes (about 8
    ///   minutes for Pong).
    public static var cpu: TrainerConfig {
        var worldModel = WorldModelConfig.cpu
        worldModel.learningRate = 1e-3
        var actorCritic = ActorCriticConfig()
        actorCritic.input = .tokenIDs
        actorCritic.burnIn = 8
        actorCritic.horizon = 15
        actorCritic.batchSize = 32
        actorCritic.lstmWidth = 256
        actorCritic.learningRate = 3e-4
        actorCritic.gamma = 0.99
        var config = TrainerConfig(tokenizer: .cpu, worldModel: worldModel, actorCritic: actorCritic)
        config.common.extraEpochs = 0
        config.training.tokenizer = ComponentSchedule(startAfterEpochs: 2, stepsPerEpoch: 30, stopAfterEpochs: 60)
        config.training.worldModel = ComponentSchedule(startAfterEpochs: 60, stepsPerEpoch: 40)
        config.training.actorCritic = ComponentSchedule(startAfterEpochs: 70, stepsPerEpoch: 10)
        config.evaluation.every = 25
        config.evaluation.episodes = 4
        config.evaluation.envs = 4
        config.evaluation.mediaEvery = 25
        return config
    }
}
