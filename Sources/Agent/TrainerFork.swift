import Foundation

extension Trainer {
    /// A copy of the run in `source` (config, metrics, checkpoints, replay, media) in
    /// `directory`, whose config is `change(source's config)`, restored to the source's last
    /// checkpoint: an experiment that continues a run with other settings (a new discount, more
    /// steps, a frozen world model) without touching the original. A change the checkpoint
    /// cannot take (a model's shape) fails like a resume and leaves no copy behind, unless the
    /// model is named in `fresh` (`freshModels`): that one starts anew from its
    /// initialisation, a new optimizer with it.
    public static func fork(from source: URL, to directory: URL, fresh: Set<String> = [],
                            change: (TrainerConfig) throws -> TrainerConfig) throws -> Trainer {
        for name in fresh where !freshModels.contains(name) {
            throw AgentError.invalidConfig("cannot start '\(name)' fresh in a fork: expected "
                + freshModels.joined(separator: " or "))
        }
        let original = RunDirectory(source)
        let config = try change(original.readConfig())
        try config.validate()
        try RunDirectory.requireVacant(directory)
        // The source must not change while it is copied (a run being trained would give a
        // torn copy); the lock is released once the copy is made.
        let sourceLock = try RunLock(run: original)
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path) { try manager.removeItem(at: directory) }  // empty: copyItem needs it gone
        try manager.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(at: source, to: directory)
        withExtendedLifetime(sourceLock) {}
        do {
            try AtomicFile.write(ConfigOverrides.encode(config), to: RunDirectory(directory).config)
            let trainer = try resume(directory: directory, fresh: fresh)
            if !fresh.isEmpty {
                // The copy's checkpoints hold the old models: save the new ones at once, and
                // drop the best checkpoint, whose weights no longer fit this run.
                try? manager.removeItem(at: trainer.run.bestCheckpoint)
                trainer.state.bestEvaluation = nil
                try trainer.saveCheckpoint()
            }
            return trainer
        } catch {
            try? manager.removeItem(at: directory)
            throw error
        }
    }

    /// The models a fork can start anew. Not the tokenizer: the replay buffer's cached tokens
    /// are its old codes.
    public static let freshModels = ["world_model", "actor_critic"]
}
