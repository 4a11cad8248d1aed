import Agent
import Foundation

/// A trained run as the viewer's agent sources need it: its configuration and its models
/// (latest or best weights, eval mode), loaded once and shared by the sources of a session,
/// which the viewer drives from one thread only (see `ViewerSource`).
public struct TrainedRun {
    public let run: RunDirectory
    public let config: TrainerConfig
    public let agent: IrisAgent

    /// Fails with a message naming the path: no such directory, no config.json, a missing,
    /// corrupt or mismatched checkpoint (the Agent's `AgentError`s pass through unchanged).
    public static func load(path: String, best: Bool = false) throws -> TrainedRun {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ViewerError.invalidOption("no run directory at \(path) (make one with `iris train --run-dir \(path)`)")
        }
        let run = RunDirectory(path: path)
        let (config, agent) = try IrisAgent.load(run: run, best: best)
        return TrainedRun(run: run, config: config, agent: agent)
    }

    /// Where recordings go unless `--record` says otherwise.
    public var recordingsPath: String { run.media.appendingPathComponent("recordings").path }

    /// The sampling temperature of the policy: `override`, else the run's evaluation temperature (IRIS 0.5).
    public func temperature(_ override: Float?) -> Float { override ?? config.evaluation.temperature }
}
