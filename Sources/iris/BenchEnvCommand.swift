import ArgumentParser
import Env
import Foundation

/// `iris bench env`: agent steps per second of every game on one core, with IRIS's
/// preprocessing (4-frame skip, max-pool, 64x64 Pillow-exact resize), alone and as a VectorEnv of 8.
struct BenchEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Agent steps/s of each game on one core (64x64 observations), single and VectorEnv of 8.")

    @Option(parsing: .unconditional, help: "Agent steps per measurement.")
    var steps = 20_000

    @Flag(help: "Resize both frames before max-pooling (IRIS's exact order).")
    var resizeEachFrame = false

    @Option(help: "Measure this game only; an ale:<rom> game also reports the bridge's overhead against ale-py alone.")
    var env: String?

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        var config = EnvConfig.train
        config.resizeEachFrame = resizeEachFrame
        print("game       single env (steps/s)   VectorEnv x8 (steps/s)   [random actions, train settings, \(steps) steps]")
        for name in env.map({ [$0] }) ?? GameRegistry.names {
            let single = try measureSingle(name, config: config)
            let vector = try measureVector(name, config: config)
            let padded = name.padding(toLength: 11, withPad: " ", startingAt: 0)
            let singleText = String(format: "%.0f", single).padding(toLength: 23, withPad: " ", startingAt: 0)
            print("\(padded)\(singleText)\(String(format: "%.0f", vector))")
        }
        if let env, env.lowercased().hasPrefix(ALEGame.prefix) {
            let rom = String(env.lowercased().dropFirst(ALEGame.prefix.count))
            let result = try ALEBenchmark.measure(rom: rom, steps: steps)
            print(String(format: "ALE bridge, 4 frames + 2 screens per step, no wrappers: ale-py alone %.0f steps/s, "
                + "over the bridge %.0f steps/s, overhead %.1f%%", result.aleAlone, result.bridge, 100 * result.overhead))
        }
    }

    private func measureSingle(_ name: String, config: EnvConfig) throws -> Double {
        let environment = try AtariEnv(game: name, config: config)
        var generator = SeededGenerator(seed: 1)
        let actions = (0..<4096).map { _ in generator.uniform(0...(environment.actionCount - 1)) }
        environment.reset(seed: 1)
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<steps {
            if try environment.step(actions[index & 4095]).isEnd { environment.reset() }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(steps) / elapsed
    }

    private func measureVector(_ name: String, config: EnvConfig) throws -> Double {
        let vector = try VectorEnv(game: name, count: 8, config: config)
        var generator = SeededGenerator(seed: 2)
        let batches = (0..<512).map { _ in (0..<8).map { _ in generator.uniform(0...(vector.actionCount - 1)) } }
        _ = vector.reset(seed: 2)
        let rounds = max(steps / 8, 1)
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<rounds {
            _ = try vector.step(batches[index & 511])
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(rounds * 8) / elapsed
    }
}
