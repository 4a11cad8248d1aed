/// The sources of a trained run for `iris watch` and `iris play RUN_DIR`: the agent in the
/// real game and the world model's dream, sharing the run's models (the viewer drives its
/// sources from one thread, so sharing needs no locks). Tab switches between them.
public enum WatchSources {
    /// `dreamFirst`: the session starts on the dream. Both sources take their episodes from
    /// `seed`, so the dream starts from the same real frame as the real game's first episode.
    public static func make(_ trained: TrainedRun, seed: UInt64, temperature: Float?, dreamFirst: Bool,
                            withReal: Bool) throws -> [any ViewerSource] {
        let real = try AgentGameSource(trained: trained, seed: seed, temperature: temperature)
        let dream = try DreamSource(trained: trained, seed: seed, temperature: temperature, withReal: withReal)
        return dreamFirst ? [dream, real] : [real, dream]
    }
}
