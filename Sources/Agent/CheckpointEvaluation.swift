import Env
import Foundation
import Tensor

/// `iris eval RUN_DIR`: a run's latest (or best) weights playing test episodes.
public enum CheckpointEvaluation {
    public static func evaluate(run: RunDirectory, best: Bool = false, episodes: Int, temperature: Float?,
                                seed: UInt64, envs: Int? = nil) throws -> EpisodeStatistics {
        let (config, agent) = try IrisAgent.load(run: run, best: best)
        var rng = RandomGenerator(seed: seed)
        return try Evaluator.evaluate(settings: config.env, episodes: episodes, envs: envs ?? config.evaluation.envs,
                                      temperature: temperature ?? config.evaluation.temperature,
                                      actorCritic: agent.actorCritic, view: agent.view, seed: rng.next(), using: &rng)
    }
}
