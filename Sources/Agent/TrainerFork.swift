import Foundation

extension Trainer {
    /// A copy of the run in `source` (config, metrics, checkpoints, replay, media) in
    /// `directory`, whose config is `change(source's config)`, restored to the source's last
    /// checkpoint: an experiment that continues a run with other settings (a new discount, more
    /// steps, a frozen world model) without touching the original. A change the checkpoint
    /// cannot take (a model's shape) fails like a resume and leaves no copy behind.
    public static func fork(from source: URL, to directory: URL,
                            change: (TrainerConfig) throws -> TrainerConfig) throws -> Trainer {
        let original = RunDirectory(source)
        let config = try change(original.readConfig())
        try config.validate()
        try RunDirectory.requireVacant(directory)
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path) { try manager.removeItem(at: directory) }  // empty: copyItem needs it gone
        try manager.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.copyItem(at: source, to: directory)
        do {
            try AtomicFile.write(ConfigOverrides.encode(config), to: RunDirectory(directory).config)
            return try resume(directory: directory)
        } catch {
            try? manager.removeItem(at: directory)
            throw error
        }
    }
}
