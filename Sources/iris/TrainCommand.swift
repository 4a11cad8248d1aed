import Agent
import ArgumentParser
import Foundation
import Tensor

/// `iris train`: a new run from a preset (plus --config / --set), or `--resume RUN_DIR`.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an IRIS agent: collect real steps, train tokenizer, world model and actor-critic in turn.",
        discussion: """
            Examples:
              iris train --env pong --steps 100k
              iris train --env catch --preset tiny --set training.actorCritic.stepsPerEpoch=10
              iris train --resume runs/pong-cpu-seed0
              iris train --fork runs/catch-a --run-dir runs/catch-b --set actorCritic.gamma=0.95 --steps 13k
            A fork copies a run (checkpoints, replay, metrics) and continues the copy with changed
            settings; the original is left as it was.
            Ctrl-C finishes the current epoch, checkpoints and exits; a second Ctrl-C quits at once
            (the previous checkpoint stays valid).
            """)

    @Option(help: "Game name (see `iris envs`).")
    var env: String?

    @Option(parsing: .unconditional, help: "Real environment steps to collect, e.g. 100k, 1.5M, 250000.",
            transform: StepCount.init(parsing:))
    var steps: StepCount?

    @Option(help: "Configuration preset: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")) (default: cpu).")
    var preset: Preset?

    @Option(parsing: .unconditional, help: "Seed of the whole run (same seed and thread count give the same run).")
    var seed: UInt64?

    @Option(help: "Run directory (default runs/<env>-<preset>-seed<seed>).")
    var runDir: String?

    @Option(help: "JSON file overriding parts of the preset (same keys as config.json).")
    var config: String?

    @Option(name: .customLong("set"), help: "Override one setting, e.g. --set worldModel.layers=2 (repeatable).")
    var overrides: [String] = []

    @Option(parsing: .unconditional, help: "Compute threads (default: all cores; a resumed run keeps its own, stored in config.json).")
    var threads: Int?

    @Option(help: "Continue the run in this directory where it stopped.")
    var resume: String?

    @Option(help: "Copy this run to --run-dir and continue the copy with --steps, --config and --set applied.")
    var fork: String?

    @Option(help: "With --fork: start this model anew (world_model or actor_critic), e.g. to change its shape (repeatable).")
    var fresh: [String] = []

    func validate() throws {
        if !fresh.isEmpty && fork == nil { throw ValidationError("--fresh goes with --fork") }
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024, got \(threads)") }
        if resume != nil && (env != nil || steps != nil || seed != nil || runDir != nil || config != nil || !overrides.isEmpty) {
            throw ValidationError("--resume continues a run with its own config.json: drop --env, --steps, --seed, --run-dir, --config and --set")
        }
        if resume != nil && preset != nil { throw ValidationError("--resume continues a run with its own config.json: drop --preset") }
        if fork != nil {
            if resume != nil { throw ValidationError("--fork and --resume exclude each other") }
            if runDir == nil { throw ValidationError("--fork needs --run-dir, the copy's directory") }
            if env != nil || seed != nil || preset != nil {
                throw ValidationError("--fork keeps the run's game, seed and preset: drop --env, --seed and --preset")
            }
        }
    }

    func run() throws {
        let trainer: Trainer
        if let resume {
            Compute.configure(threads: try threadsToResume(RunDirectory(path: resume).readConfig(), of: resume))
            trainer = try Trainer.resume(directory: URL(fileURLWithPath: resume))
            say("resuming \(resume) after epoch \(trainer.completedEpochs) of \(trainer.config.totalEpochs)")
        } else if let fork, let runDir {
            let source = try RunDirectory(path: fork).readConfig()
            Compute.configure(threads: try threadsToResume(source, of: fork))
            trainer = try Trainer.fork(from: URL(fileURLWithPath: fork), to: URL(fileURLWithPath: runDir),
                                       fresh: Set(fresh)) { original in
                var copy = try changed(original)
                // A fork continues the same game from the same seed: a changed one would be
                // written into its config.json while its checkpoint still played the old.
                guard copy.env == original.env, copy.common.seed == original.common.seed else {
                    throw ValidationError("a fork keeps the run's game, env settings and seed: drop --set env.* and common.seed")
                }
                copy.common.threads = Compute.threadCount
                return copy
            }
            say(String(decoding: try ConfigOverrides.encode(trainer.config), as: UTF8.self))
            say("forked \(fork) after epoch \(trainer.completedEpochs) into \(runDir)")
        } else {
            var resolved = try resolvedConfig()
            if let threads, resolved.common.threads != 0, resolved.common.threads != threads {
                throw ValidationError("--threads \(threads) and --set common.threads=\(resolved.common.threads) disagree")
            }
            // Recorded in config.json, so a resume trains on as many threads (the same run).
            resolved.common.threads = threads ?? (resolved.common.threads > 0 ? resolved.common.threads
                                                  : ProcessInfo.processInfo.activeProcessorCount)
            Compute.configure(threads: resolved.common.threads)
            let path = runDir ?? RunDirectory.defaultPath(game: resolved.env.game, preset: chosenPreset.rawValue,
                                                         seed: resolved.common.seed)
            trainer = try Trainer.start(config: resolved, directory: URL(fileURLWithPath: path))
            say(String(decoding: try ConfigOverrides.encode(resolved), as: UTF8.self))
            say("run directory \(path)")
        }
        let counts = trainer.parameterCounts
        say("parameters: " + counts.map { "\($0.name) \(formatCount($0.count))" }.joined(separator: ", ")
              + ", total \(formatCount(counts.map(\.count).reduce(0, +)))")
        say("\(trainer.config.totalEpochs) epochs, \(Compute.threadCount) threads")
        let interrupt = Interrupt.install()
        trainer.shouldStop = { interrupt.requested }
        trainer.report = say
        try trainer.train()
        if trainer.isFinished {
            try trainer.finish()
            say("done: \(trainer.run.url.path)")
        } else {
            say("stopped after epoch \(trainer.completedEpochs); continue with: iris train --resume \(trainer.run.url.path)")
        }
    }

    /// The thread count a resumed or forked run trains with: the one in its config.json, or
    /// --threads with a warning if it differs (the run continues, but not bit for bit as it
    /// would have on its own count).
    private func threadsToResume(_ config: TrainerConfig, of path: String) throws -> Int {
        let stored = config.common.threads
        guard let threads else { return stored > 0 ? stored : ProcessInfo.processInfo.activeProcessorCount }
        if stored > 0 && stored != threads {
            FileHandle.standardError.write(Data(("warning: \(path) trained on \(stored) threads; continuing on \(threads) "
                + "gives a different (equally valid) run from here on, not the one \(stored) threads would give\n").utf8))
        }
        return threads
    }

    private func resolvedConfig() throws -> TrainerConfig {
        var resolved = try changed(chosenPreset.config)
        if let env {
            let given = env.lowercased()
            let preset = chosenPreset.config.env.game
            if resolved.env.game != preset && resolved.env.game != given {
                throw ValidationError("--env \(given) and --set env.game=\(resolved.env.game) disagree: give the game once")
            }
            resolved.env.game = given
        }
        if let seed { resolved.common.seed = seed }
        try resolved.validate()
        return resolved
    }

    /// --preset, or the default `cpu` (optional only so --resume and --fork can refuse it).
    private var chosenPreset: Preset { preset ?? .cpu }

    /// `base` with --config, --set and --steps applied.
    private func changed(_ base: TrainerConfig) throws -> TrainerConfig {
        var resolved = base
        if let config { resolved = try ConfigOverrides.load(contentsOf: URL(fileURLWithPath: config), over: resolved) }
        resolved = try ConfigOverrides.apply(overrides, to: resolved)
        if let steps { resolved.common.envSteps = steps.value }
        return resolved
    }
}

extension Preset: ExpressibleByArgument {}

func formatCount(_ n: Int) -> String {
    n >= 1_000_000 ? String(format: "%.2fM", Double(n) / 1e6) : n >= 1000 ? String(format: "%.1fk", Double(n) / 1e3) : "\(n)"
}
