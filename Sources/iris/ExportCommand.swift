import Agent
import ArgumentParser
import Foundation

/// `iris export`: a finished run as a shipped agent (weights without optimizer state, config,
/// final evaluation, the command that trained it, checksums).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a finished run's final weights, config and score into a folder to ship (e.g. pretrained/pong).")

    @Argument(help: "The run directory.")
    var runDirectory: String

    @Option(help: "The folder to create (it must not exist).")
    var to: String

    @Option(help: "The exact command that trained the run, recorded in COMMAND.")
    var command: String

    func run() throws {
        let summary = try PretrainedAgent.export(run: URL(fileURLWithPath: runDirectory), to: URL(fileURLWithPath: to), command: command)
        let megabytes = Double(summary.weightBytes) / 1_048_576
        print(String(format: "wrote %@: weights %.2f MB; final evaluation (eval.csv row): ", to, megabytes) + summary.finalRow)
    }
}
