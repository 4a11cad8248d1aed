import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A training run on disk (ARCHITECTURE.md): config.json, metrics.csv, eval.csv,
/// checkpoints/ (last, best, replay) and media/.
public struct RunDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }
    public init(path: String) { url = URL(fileURLWithPath: path) }

    public var config: URL { url.appendingPathComponent("config.json") }
    public var metrics: URL { url.appendingPathComponent("metrics.csv") }
    public var evaluations: URL { url.appendingPathComponent("eval.csv") }
    public var checkpoints: URL { url.appendingPathComponent("checkpoints") }
    public var lastCheckpoint: URL { checkpoints.appendingPathComponent("last") }
    public var bestCheckpoint: URL { checkpoints.appendingPathComponent("best") }
    public var replay: URL { checkpoints.appendingPathComponent("replay") }
    public var media: URL { url.appendingPathComponent("media") }

    /// The default place: runs/<env>-<preset>-seed<seed>.
    public static func defaultPath(game: String, preset: String, seed: UInt64) -> String {
        "runs/\(game)-\(preset)-seed\(seed)"
    }

    /// Makes a new run directory holding `config`; refuses one that exists and is not empty.
    /// Returns it locked (`RunLock`), the lock taken before anything is written into it.
    static func create(at url: URL, config: TrainerConfig) throws -> (RunDirectory, RunLock) {
        try requireVacant(url)
        let manager = FileManager.default
        let run = RunDirectory(url)
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        let lock = try RunLock(run: run)
        for directory in [run.checkpoints, run.media] {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try AtomicFile.write(ConfigOverrides.encode(config), to: run.config)
        return (run, lock)
    }

    /// Refuses a directory that exists and is not empty (a new run or a fork must not
    /// overwrite another run).
    static func requireVacant(_ url: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path),
           !((try? manager.contentsOfDirectory(atPath: url.path))?.allSatisfy { $0 == ".lock" } ?? false) {
            throw AgentError.runDirectoryExists(url.path)
        }
    }

    /// The config of an existing run. Keys it lacks (settings added to iris after the run
    /// started) take their defaults, which keep IRIS's behaviour, so old runs still resume;
    /// keys iris does not know are errors.
    public func readConfig() throws -> TrainerConfig {
        guard FileManager.default.fileExists(atPath: config.path) else { throw AgentError.notARunDirectory(url.path) }
        return try ConfigOverrides.load(contentsOf: config, over: .paper)
    }
}

/// An exclusive `flock` on `<run>/.lock`, held for as long as this object lives (the kernel
/// drops it when the process ends, however it ends). Two processes training one run directory
/// would interleave metric rows and race on the checkpoint renames; the second is refused at
/// once instead. Readers (`iris eval`, `iris watch`) take no lock: checkpoints are swapped in
/// atomically.
public final class RunLock {
    private let descriptor: Int32

    public init(run: RunDirectory) throws {
        let path = run.url.appendingPathComponent(".lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AgentError.corruptCheckpoint(path: path, reason: "cannot open the run's lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw AgentError.runInUse(run.url.path)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
