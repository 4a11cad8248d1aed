import Foundation

/// Evaluation returns of several runs (seeds) of one configuration, aligned by epoch: the
/// learning curve Experiments/ writes as CSV.
public struct LearningCurve {
    public struct Point {
        public var epoch: Int
        public var envSteps: Int
        /// One evaluation return per run, in the order of `runs`.
        public var returns: [Double]
        public var final: Bool
    }

    public let game: String
    public let runs: [RunDirectory]
    public let points: [Point]

    /// Reads each run's eval.csv; keeps the evaluation points every run has reached.
    public init(runs: [RunDirectory]) throws {
        guard !runs.isEmpty else { throw AgentError.invalidConfig("a learning curve needs at least one run") }
        let configs = try runs.map { try $0.readConfig() }
        let game = configs[0].env.game
        self.game = game
        guard configs.allSatisfy({ $0.env.game == game }) else {
            throw AgentError.invalidConfig("the runs of one learning curve must play the same game")
        }
        self.runs = runs
        let tables = try runs.map { try Self.evaluations($0) }
        var points: [Point] = []
        for (key, first) in tables[0].sorted(by: { ($0.key.final ? 1 : 0, $0.key.epoch) < ($1.key.final ? 1 : 0, $1.key.epoch) }) {
            let rows = tables.compactMap { $0[key] }
            guard rows.count == tables.count else { continue }
            points.append(Point(epoch: key.epoch, envSteps: first.envSteps, returns: rows.map(\.mean), final: key.final))
        }
        self.points = points
    }

    private struct Key: Hashable { var epoch: Int; var final: Bool }

    private static func evaluations(_ run: RunDirectory) throws -> [Key: (envSteps: Int, mean: Double)] {
        guard let text = try? String(contentsOf: run.evaluations, encoding: .utf8) else {
            throw AgentError.notARunDirectory(run.url.path)
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let epoch = header.firstIndex(of: "epoch"), let steps = header.firstIndex(of: "env_steps"),
              let mean = header.firstIndex(of: "return_mean"), let final = header.firstIndex(of: "final") else {
            throw AgentError.corruptCheckpoint(path: run.evaluations.path, reason: "unexpected header")
        }
        var table: [Key: (Int, Double)] = [:]
        for row in lines.dropFirst() where row.count == header.count {
            guard let e = Int(row[epoch]), let s = Int(row[steps]), let m = Double(row[mean]) else { continue }
            table[Key(epoch: e, final: row[final] == "1")] = (s, m)
        }
        return table
    }

    /// CSV: epoch, env_steps, frames, return_seed<i>..., return_mean, return_std, human_normalized_mean, final.
    public func csv() -> String {
        var lines = [(["epoch", "env_steps", "frames"] + runs.indices.map { "return_run\($0)" }
                      + ["return_mean", "return_std", "human_normalized_mean", "final"]).joined(separator: ",")]
        for point in points {
            let mean = point.returns.reduce(0, +) / Double(point.returns.count)
            let std = (point.returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(point.returns.count)).squareRoot()
            let normalized = ReferenceScores.humanNormalized(mean, game: game).map { cell($0) } ?? ""
            lines.append((["\(point.epoch)", "\(point.envSteps)", "\(point.envSteps * 4)"] + point.returns.map { cell($0) }
                          + [cell(mean), cell(std), normalized, point.final ? "1" : "0"]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
