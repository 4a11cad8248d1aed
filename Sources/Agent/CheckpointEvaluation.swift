import Env
import Foundation
import Tensor

/// `iris eval RUN_DIR`: a run's latest (or best) weights playing test episodes.
public enum CheckpointEvaluation {
    public static func evaluate(run: RunDirectory, best: Bool = false, episodes: Int, temperature: Float?,
                                seed: UInt64, envs: Int? = nil) throws -> EpisodeStatistics {
        let config = try run.readConfig()
        try config.validate()
        let directory = best ? run.bestCheckpoint : try Checkpoint.latest(in: run)
        let actions = try AtariEnv(game: config.env.game).actionCount
        var rng = RandomGenerator(seed: seed)
        var initRNG = rng.split()
        let agent = IrisAgent(config: config, actionCount: actions, using: &initRNG)
        try Checkpoint.loadWeights(into: agent, from: directory)
        for module in agent.modules { module.eval() }
        return try Evaluator.evaluate(settings: config.env, episodes: episodes, envs: envs ?? config.evaluation.envs,
                                      temperature: temperature ?? config.evaluation.temperature,
                                      actorCritic: agent.actorCritic, view: agent.view, seed: rng.next(), using: &rng)
    }
}
