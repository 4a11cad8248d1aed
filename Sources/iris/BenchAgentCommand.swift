import Agent
import ArgumentParser
import Foundation
import Tensor

/// `iris bench agent`: per-component step times of a configuration and the run time they imply.
struct BenchAgent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Time collection and one training step of each model; estimate a whole run.")

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case tiny, cpu, paper
        /// The reduced configuration official IRIS was timed at for issue #6.
        case reference
    }

    @Option(help: "Configuration: tiny, cpu, paper, or reference (IRIS timed at 13.9 s per actor-critic step).")
    var preset: Target = .cpu

    @Option(parsing: .unconditional, help: "Compute threads.")
    var threads = 2

    @Option(parsing: .unconditional, help: "Real Pong steps collected first (the replay buffer the batches come from).")
    var fill = 1000

    @Option(parsing: .unconditional, help: "Timed gradient steps per component (after one warm-up step).")
    var repetitions = 3

    @Option(name: .customLong("set"), help: "Override a setting, as for `iris train` (repeatable).")
    var overrides: [String] = []

    func validate() throws {
        guard threads >= 1, fill >= 100, repetitions >= 1 else {
            throw ValidationError("--threads and --repetitions must be >= 1, --fill >= 100")
        }
    }

    func run() throws {
        Compute.configure(threads: threads)
        var config: TrainerConfig = switch preset {
        case .tiny: .tiny
        case .cpu: .cpu
        case .paper: .paper
        case .reference: .benchmarkReference
        }
        config = try ConfigOverrides.apply(overrides, to: config)
        // The benchmark fills its buffer with Pong: a game set here would be silently replaced.
        guard config.env.game == "pong", config.env.stickyActionProbability == 0, !config.env.fullActionSpace else {
            throw CommandError("bench agent always plays Pong with IRIS's env settings: drop --set env.*")
        }
        print("agent benchmark: preset \(preset.rawValue), \(threads) thread(s) (OpenBLAS kernel \(BLASKernel.coreName)), \(fill) Pong steps in the buffer")
        let result = try Trainer.benchmark(config: config, fill: fill, repetitions: repetitions) { print($0) }
        print(String(format: "estimated run (%d env steps, %d epochs, evaluation excluded): %.2f h",
                     config.common.envSteps, config.totalEpochs, result.estimatedRunSeconds / 3600))
    }
}
