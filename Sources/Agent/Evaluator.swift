import Env
import Tensor

/// Whole test episodes with IRIS's test settings (noop 1, no life-loss ends, 108k-frame cap),
/// played by the policy in `envs` games side by side so that it acts on batches.
public enum Evaluator {
    /// Plays until `episodes` episodes have finished (the first ones to finish, as IRIS's
    /// collector counts them) and returns their scores and lengths.
    public static func evaluate(settings: EnvironmentSettings, episodes: Int, envs: Int, temperature: Float,
                                actorCritic: ActorCritic, view: PolicyView, seed: UInt64,
                                using rng: inout RandomGenerator) throws -> EpisodeStatistics {
        let config = settings.testConfig
        let count = max(1, min(envs, episodes))
        let games = try VectorEnv(game: settings.game, count: count, config: config)
        var observations = games.reset(seed: seed)
        let policy = Policy(actorCritic: actorCritic, view: view, batch: count, temperature: temperature)
        var statistics = EpisodeStatistics()
        while statistics.count < episodes {
            observations.withUnsafeBufferPointer { _ = policy.observe(frames: $0) }
            let step = try games.step(policy.act(using: &rng))
            observations = step.observations
            for episode in step.finishedEpisodes where statistics.count < episodes {
                statistics.record(score: Double(episode.score), length: episode.length)
            }
            policy.reset(rows: step.finishedEpisodes.map(\.env))
        }
        return statistics
    }
}
