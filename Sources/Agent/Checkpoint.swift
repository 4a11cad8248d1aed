import Foundation
import Tensor

/// Where a run stands after an epoch: everything besides the weights, optimizer moments and
/// replay episodes that the next epoch depends on.
struct TrainerState: Codable, Equatable {
    /// Last completed epoch (0 before the first).
    var epoch = 0
    var envSteps = 0
    var trainEpisodes = 0
    var rng: RandomGenerator
    var collectorLog: [Int32] = []
    /// Steps of each replay episode when this state was saved.
    var episodeLengths: [Int] = []
    var hasTokens = false
    var bestEvaluation: Double?
    var finalEvaluationDone = false
    var wallSeconds = 0.0
}

/// Checkpoints in `checkpoints/last/`: `agent.safetensors` (weights under IRIS's names),
/// `optimizers.safetensors` and `state.json`, plus the episode files in `checkpoints/replay/`.
///
/// A new checkpoint is written whole into `last.tmp/` and swapped in with two renames
/// (last -> last.old, last.tmp -> last); loading falls back to `last.old` when a crash hit
/// between them, so a kill at any moment leaves a loadable checkpoint.
enum Checkpoint {
    static func save(agent: IrisAgent, buffer: ReplayBuffer, state: TrainerState, run: RunDirectory) throws {
        let manager = FileManager.default
        try ReplayStore.save(buffer, to: run.replay)
        let temporary = run.checkpoints.appendingPathComponent("last.tmp")
        let old = run.checkpoints.appendingPathComponent("last.old")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        try SafeTensors.write(tensors: agent.namedWeights(), to: temporary.appendingPathComponent("agent.safetensors"))
        try SafeTensors.write(tensors: agent.namedOptimizerState(),
                              to: temporary.appendingPathComponent("optimizers.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(encoder.encode(state), to: temporary.appendingPathComponent("state.json"))
        try? manager.removeItem(at: old)
        if manager.fileExists(atPath: run.lastCheckpoint.path) { try manager.moveItem(at: run.lastCheckpoint, to: old) }
        try manager.moveItem(at: temporary, to: run.lastCheckpoint)
        try? manager.removeItem(at: old)
    }

    /// The directory of the latest complete checkpoint.
    static func latest(in run: RunDirectory) throws -> URL {
        let manager = FileManager.default
        for candidate in [run.lastCheckpoint, run.checkpoints.appendingPathComponent("last.old")]
        where manager.fileExists(atPath: candidate.appendingPathComponent("state.json").path) {
            return candidate
        }
        throw AgentError.missingCheckpoint(run.lastCheckpoint.path)
    }

    /// Restores weights (and, for training, optimizer state and the replay buffer).
    static func load(into agent: IrisAgent, buffer: ReplayBuffer?, from directory: URL,
                     run: RunDirectory, fresh: Set<String> = []) throws -> TrainerState {
        let stateURL = directory.appendingPathComponent("state.json")
        let state: TrainerState
        do {
            state = try JSONDecoder().decode(TrainerState.self, from: Data(contentsOf: stateURL))
        } catch {
            throw AgentError.corruptCheckpoint(path: stateURL.path, reason: "\(error)")
        }
        try loadWeights(into: agent, from: directory, fresh: fresh)
        if let buffer {
            let url = directory.appendingPathComponent("optimizers.safetensors")
            do { try agent.loadOptimizerState(SafeTensors.readTensors(from: url), fresh: fresh) } catch let error as CheckpointError {
                throw AgentError.checkpointMismatch("\(url.path): \(error)")
            } catch {
                throw AgentError.corruptCheckpoint(path: url.path, reason: "\(error)")
            }
            buffer.restore(episodes: try ReplayStore.load(from: run.replay, lengths: state.episodeLengths),
                           hasTokens: state.hasTokens)
        }
        return state
    }

    static func loadWeights(into agent: IrisAgent, from directory: URL, fresh: Set<String> = []) throws {
        let url = directory.appendingPathComponent("agent.safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else { throw AgentError.missingCheckpoint(url.path) }
        let tensors: [String: Tensor]
        do { tensors = try SafeTensors.readTensors(from: url) } catch {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        do { try agent.loadWeights(tensors, fresh: fresh) } catch {
            throw AgentError.checkpointMismatch("\(url.path): \(error)")
        }
    }
}
