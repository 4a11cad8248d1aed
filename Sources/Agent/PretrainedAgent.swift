import Foundation

/// A trained agent as the project ships it (`pretrained/<name>/`): the run's `config.json`, its
/// final weights without optimizer state in `checkpoints/last/agent.safetensors` with their
/// checksum, the final row of `eval.csv`, and the command that trained it in `COMMAND`. It is a
/// run directory holding weights only, so `iris eval`, `watch` and `probe` read it as a run.
public enum PretrainedAgent {
    /// What an export wrote.
    public struct Summary: Equatable {
        public var weightBytes: Int
        /// The run's final evaluation, as its eval.csv row.
        public var finalRow: String
    }

    /// Copies the finished run at `run` (its final evaluation done) to `destination`, which
    /// must not exist, with `command`, the exact command line that trained it.
    @discardableResult
    public static func export(run source: URL, to destination: URL, command: String) throws -> Summary {
        let run = RunDirectory(source)
        let config = try run.readConfig()
        try config.validate()
        let weightsDirectory = try Checkpoint.latestWeights(in: run)
        let weights = try Checkpoint.verifiedContents(of: "agent.safetensors", in: weightsDirectory)
        _ = try Checkpoint.tensors(in: "agent.safetensors", of: weightsDirectory)  // finite, parseable
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw AgentError.invalidConfig("\(destination.path) exists; an export never overwrites a shipped agent")
        }
        let command = command.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !command.isEmpty else { throw AgentError.invalidConfig("an export needs the command that trained the run") }
        let evaluations = (try? String(contentsOf: run.evaluations, encoding: .utf8))?
            .split(separator: "\n").map(String.init) ?? []
        // The score a shipped agent stands for is its run's final evaluation.
        let finalColumn = evaluations.first?.split(separator: ",").firstIndex(of: "final")
        guard let finalColumn, let finalRow = evaluations.dropFirst().last(where: {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(finalColumn).first == "1"
        }) else {
            throw AgentError.invalidConfig("\(run.evaluations.path) has no final evaluation: finish the run first")
        }
        let target = RunDirectory(destination)
        try FileManager.default.createDirectory(at: target.checkpoints, withIntermediateDirectories: true)
        try AtomicFile.write(Data(contentsOf: run.config), to: target.config)
        try Checkpoint.commit(["agent.safetensors": weights], to: target.lastCheckpoint)
        try AtomicFile.write(Data((evaluations[0] + "\n" + finalRow + "\n").utf8), to: target.evaluations)
        try AtomicFile.write(Data((command + "\n").utf8), to: destination.appendingPathComponent("COMMAND"))
        return Summary(weightBytes: weights.count, finalRow: finalRow)
    }

    /// Loads a shipped agent as `iris eval` does: its checksum holds, its weights are finite
    /// and fit the models its config builds. Returns the config.
    @discardableResult
    public static func verify(_ url: URL) throws -> TrainerConfig {
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("COMMAND").path) else {
            throw AgentError.missingCheckpoint(url.appendingPathComponent("COMMAND").path)
        }
        return try IrisAgent.load(run: RunDirectory(url)).0
    }
}
