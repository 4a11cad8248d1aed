import ArgumentParser
import Env
import Foundation

/// `iris frames`: play a game and save its raw 160x210 frames and 64x64 observations as PNGs,
/// to compare by eye with ALE's (`iris frames --env ale:pong`).
struct Frames: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save raw (160x210) and observation (64x64) frames of a game as PNG files.")

    @OptionGroup var game: GameOptions

    @Option(parsing: .unconditional, help: "Agent steps to play after the reset.")
    var steps = 32

    @Option(help: "Output directory (created if missing).")
    var out = "frames"

    @Option(help: "Policy: random or noop.")
    var policy: FramePolicy = .random

    @Flag(help: "Use the training settings (30 no-ops, episodic life) instead of the test settings.")
    var train = false

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        let environment = try AtariEnv(game: game.game, config: game.config(train ? .train : .test))
        try makeOutputDirectory(out, option: "--out")
        var generator = SeededGenerator(seed: game.seed, stream: 99)
        environment.reset(seed: game.seed)
        try save(environment, index: 0)
        for index in 1...steps {
            let action = policy == .random ? generator.uniform(0...(environment.actionCount - 1)) : 0
            let result = try environment.step(action)
            try save(environment, index: index)
            if result.isEnd { environment.reset() }
        }
        print("wrote \(steps + 1) raw_XXXX.png (160x210) and obs_XXXX.png (\(environment.config.observationSize)x\(environment.config.observationSize)) to \(out)")
    }

    private func save(_ environment: AtariEnv, index: Int) throws {
        let number = String(format: "%04d", index)
        try writePNG(path: "\(out)/raw_\(number).png", width: FrameBuffer.width, height: FrameBuffer.height,
                     rgb: environment.rawFrame.pixels)
        let side = environment.config.observationSize
        try writePNG(path: "\(out)/obs_\(number).png", width: side, height: side, rgb: environment.observation)
    }
}

enum FramePolicy: String, ExpressibleByArgument, CaseIterable {
    case random
    case noop
}
