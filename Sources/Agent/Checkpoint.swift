import Env
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

    /// Refuses values no run of `config` can reach (a hand-edited or foreign state.json), each
    /// with the field's name: an env step count past the target, for one, made the next epoch
    /// collect a negative number of steps forever.
    func validate(config: TrainerConfig, path: String) throws {
        func fail(_ reason: String) -> AgentError { .invalidState(path: path, reason: reason) }
        guard (0...config.totalEpochs).contains(epoch) else {
            throw fail("epoch \(epoch) is outside 0...\(config.totalEpochs), the run's epochs")
        }
        guard (0...config.common.envSteps).contains(envSteps) else {
            throw fail("envSteps \(envSteps) is outside 0...\(config.common.envSteps) (common.envSteps)")
        }
        guard (0...envSteps).contains(trainEpisodes) else {
            throw fail("trainEpisodes \(trainEpisodes) is outside 0...\(envSteps) (one step or more per episode)")
        }
        guard collectorLog.count <= 2 * envSteps + 1, collectorLog.filter({ $0 >= 0 }).count == envSteps,
              collectorLog.allSatisfy({ $0 >= -1 }) else {
            throw fail("collectorLog does not hold the run's \(envSteps) actions (with -1 at each reset)")
        }
        guard episodeLengths.count <= envSteps + 1, episodeLengths.allSatisfy({ (0...envSteps).contains($0) }),
              episodeLengths.reduce(0, +) == envSteps else {
            throw fail("episodeLengths (\(episodeLengths.count) episodes) do not add up to the run's \(envSteps) env steps")
        }
        guard wallSeconds.isFinite, wallSeconds >= 0 else { throw fail("wallSeconds \(wallSeconds) is not a duration") }
        if let bestEvaluation, !bestEvaluation.isFinite { throw fail("bestEvaluation \(bestEvaluation) is not finite") }
    }
}

/// Checkpoints in `checkpoints/last/`: `agent.safetensors` (weights under IRIS's names),
/// `optimizers.safetensors` and `state.json`, plus the episode files in `checkpoints/replay/`
/// (checksummed one by one, `ReplayStore`). `checkpoints/best/` holds `agent.safetensors`.
///
/// A new checkpoint is written whole into `<name>.tmp/` and swapped in with two renames
/// (last -> last.old, last.tmp -> last); loading falls back to `last.old` when a crash hit
/// between them, so a kill at any moment leaves a loadable checkpoint.
///
/// Each checkpoint directory carries `checksums.json`, the FNV-1a 64 hash of each of its files
/// (as the replay files carry theirs), checked before a byte is used: a damaged weight file
/// parses fine and would otherwise load without a word. A damaged manifest shows up the same
/// way, as a mismatch, so it needs no checksum of its own.
enum Checkpoint {
    static let manifestName = "checksums.json"

    static func save(agent: IrisAgent, buffer: ReplayBuffer, state: TrainerState, run: RunDirectory) throws {
        try ReplayStore.save(buffer, to: run.replay)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try commit([
            "agent.safetensors": Data(SafeTensors.encode(agent.namedWeights().map { ($0.name, $0.tensor.shape, $0.tensor.values) })),
            "optimizers.safetensors": Data(SafeTensors.encode(agent.namedOptimizerState().map {
                ($0.name, $0.tensor.shape, $0.tensor.values)
            })),
            "state.json": try encoder.encode(state),
        ], to: run.lastCheckpoint)
    }

    /// The weights that scored best so far, in `checkpoints/best/`.
    static func saveBest(agent: IrisAgent, epoch: Int, run: RunDirectory) throws {
        let weights = try SafeTensors.encode(agent.namedWeights().map { ($0.name, $0.tensor.shape, $0.tensor.values) },
                                             metadata: ["epoch": "\(epoch)"])
        try commit(["agent.safetensors": Data(weights)], to: run.bestCheckpoint)
    }

    /// Writes `files` and their manifest into `directory.tmp/`, then swaps it in for `directory`.
    static func commit(_ files: [String: Data], to directory: URL) throws {
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(directory.lastPathComponent + ".tmp")
        let old = parent.appendingPathComponent(directory.lastPathComponent + ".old")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        var manifest: [String: String] = [:]
        for (name, data) in files {
            try AtomicFile.write(data, to: temporary.appendingPathComponent(name))
            manifest[name] = hex(fnv1a64(data))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(manifest), to: temporary.appendingPathComponent(manifestName))
        try? manager.removeItem(at: old)
        if manager.fileExists(atPath: directory.path) { try manager.moveItem(at: directory, to: old) }
        try manager.moveItem(at: temporary, to: directory)
        try? manager.removeItem(at: old)
    }

    /// The bytes of `name` in `directory`, checked against the directory's manifest. A
    /// checkpoint written before iris kept manifests loads unchecked, with a note on stderr.
    static func verifiedContents(of name: String, in directory: URL) throws -> Data {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw AgentError.missingCheckpoint(url.path) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw AgentError.corruptCheckpoint(path: url.path, reason: error.localizedDescription)
        }
        let manifestURL = directory.appendingPathComponent(manifestName)
        guard let manifestData = try? Data(contentsOf: manifestURL) else {
            FileHandle.standardError.write(Data(("note: \(directory.path) has no \(manifestName) (written by an iris "
                + "before checkpoints were checksummed): \(name) loads unverified\n").utf8))
            return data
        }
        guard let manifest = try? JSONDecoder().decode([String: String].self, from: manifestData) else {
            throw AgentError.corruptCheckpoint(path: manifestURL.path, reason: "not a JSON object of file checksums")
        }
        guard let expected = manifest[name] else {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "\(manifestName) has no checksum for it")
        }
        guard hex(fnv1a64(data)) == expected else {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "checksum mismatch against \(manifestName) (damaged or altered)")
        }
        return data
    }

    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
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

    /// The directory of the latest weights: the latest checkpoint, or a `checkpoints/last/`
    /// holding only weights (an IRIS agent converted by scripts/iris_checkpoint_to_safetensors.py).
    static func latestWeights(in run: RunDirectory) throws -> URL {
        if let directory = try? latest(in: run) { return directory }
        let weights = run.lastCheckpoint.appendingPathComponent("agent.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else { throw AgentError.missingCheckpoint(run.lastCheckpoint.path) }
        return run.lastCheckpoint
    }

    /// The state a checkpoint directory records, checked against `config`.
    static func state(in directory: URL, config: TrainerConfig) throws -> TrainerState {
        let stateURL = directory.appendingPathComponent("state.json")
        let data = try verifiedContents(of: "state.json", in: directory)
        let state: TrainerState
        do { state = try JSONDecoder().decode(TrainerState.self, from: data) } catch {
            throw AgentError.corruptCheckpoint(path: stateURL.path, reason: describe(error))
        }
        try state.validate(config: config, path: stateURL.path)
        return state
    }

    /// Restores weights (and, for training, optimizer state and the replay buffer).
    static func load(into agent: IrisAgent, buffer: ReplayBuffer?, from directory: URL,
                     run: RunDirectory, config: TrainerConfig, fresh: Set<String> = []) throws -> TrainerState {
        let state = try state(in: directory, config: config)
        try loadWeights(into: agent, from: directory, fresh: fresh)
        if let buffer {
            let url = directory.appendingPathComponent("optimizers.safetensors")
            let tensors = try tensors(in: "optimizers.safetensors", of: directory)
            do { try agent.loadOptimizerState(tensors, fresh: fresh) } catch let error as CheckpointError {
                throw AgentError.checkpointMismatch("\(url.path): \(error)")
            }
            buffer.restore(episodes: try ReplayStore.load(from: run.replay, lengths: state.episodeLengths),
                           hasTokens: state.hasTokens)
        }
        return state
    }

    static func loadWeights(into agent: IrisAgent, from directory: URL, fresh: Set<String> = []) throws {
        let url = directory.appendingPathComponent("agent.safetensors")
        let tensors = try tensors(in: "agent.safetensors", of: directory)
        do {
            for note in try agent.loadWeights(tensors, fresh: fresh) {
                FileHandle.standardError.write(Data("note: \(url.path): \(note)\n".utf8))
            }
        } catch let error as AgentError {
            throw error
        } catch {
            throw AgentError.checkpointMismatch("\(url.path): \(error)")
        }
    }

    /// A checked safetensors file's tensors; nan or inf anywhere is an error (diverged weights
    /// play like any others, so evaluating them would print normal-looking scores).
    static func tensors(in name: String, of directory: URL) throws -> [String: Tensor] {
        let url = directory.appendingPathComponent(name)
        let data = try verifiedContents(of: name, in: directory)
        var tensors: [String: Tensor] = [:]
        do {
            let file = try SafeTensors.read(bytes: [UInt8](data), source: url.path)
            for (key, entry) in file.entries { tensors[key] = try Tensor(entry) }
        } catch {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        for key in tensors.keys.sorted() where !tensors[key]!.values.allSatisfy(\.isFinite) {
            throw AgentError.nonFiniteWeights(path: url.path, tensor: key)
        }
        return tensors
    }

    /// A one-line reason from a JSON decoding error.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context),
             let .dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "\(path): ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
