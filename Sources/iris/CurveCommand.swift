import Agent
import ArgumentParser
import Foundation

/// `iris curve RUN_DIR...`: the runs' evaluations as one learning-curve CSV.
struct Curve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the eval.csv of runs (seeds of one configuration) into a learning curve CSV.",
        discussion: "Columns: epoch, env_steps, frames, return_run<i>, return_mean, return_std, human_normalized_mean, final.")

    @Argument(help: "Run directories (one per seed).")
    var runs: [String]

    @Option(help: "Output CSV file (default: standard output).")
    var out: String?

    func run() throws {
        let curve = try LearningCurve(runs: runs.map { RunDirectory(path: $0) })
        if let out {
            try writeOutputFile(curve.csv(), to: out, option: "--out")
            print("\(curve.points.count) evaluation points of \(runs.count) run(s) -> \(out)")
        } else {
            print(curve.csv(), terminator: "")
        }
    }
}
