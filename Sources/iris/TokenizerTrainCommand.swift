import ArgumentParser
import Env
import Foundation
import Tensor
import Tokenizer

/// `iris tokenizer-train`: trains a tokenizer on frames of a random policy and writes an
/// `original | reconstruction` grid, to see what the tokenizer keeps (paddles, ball, score).
struct TokenizerTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer-train",
        abstract: "Train a tokenizer on random-policy frames; print its losses and write reconstructions as PNG.")

    @Option(help: "Game whose frames to learn.")
    var env = "pong"

    @Option(help: "Configuration: \(TokenizerConfig.presets.map(\.name).joined(separator: ", ")).")
    var preset = "tiny"

    @Option(parsing: .unconditional, help: "Frames collected with uniformly random actions (train settings).")
    var frames = 512

    @Option(parsing: .unconditional, help: "Training steps.")
    var steps = 300

    @Option(parsing: .unconditional, help: "Frames per step (default: the preset's batch size).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Codebook size (default: the preset's).")
    var vocab: Int?

    @Option(parsing: .unconditional, help: "Learning rate (default: the preset's).")
    var lr: Float?

    @Option(parsing: .unconditional, help: "Weight of the L1 reconstruction term (default: the preset's, IRIS 1).")
    var l1: Float?

    @Option(parsing: .unconditional, help: "Weight of the squared-error reconstruction term (default: the preset's).")
    var l2: Float?

    @Flag(inversion: .prefixedNo, help: "Encode frames minus the first batch's median frame (default: the preset's, IRIS off).")
    var reference: Bool?

    @Option(help: ArgumentHelp("Finite scalar quantisation with these levels per channel instead of the codebook (sets the code width and vocabulary).", valueName: "L,L,L"),
            transform: { text in
                let levels = text.split(separator: ",").compactMap { Int($0) }
                guard !levels.isEmpty, levels.count == text.split(separator: ",").count else {
                    throw ValidationError("--fsq must be comma-separated integers such as 8,8,8, got '\(text)'")
                }
                return levels
            })
    var fsq: [Int]?

    @Option(parsing: .unconditional, help: "Revive codes unused for this many steps (0 = never; default: the preset's).")
    var revival: Int?

    @Option(parsing: .unconditional, help: "Extra weight of the reconstruction error (L1 and squared) on foreground (moving-object) pixels (default: the preset's, IRIS 0).")
    var foreground: Float?

    @Option(parsing: .unconditional, help: "Weight beta of the commitment term (default: the preset's, IRIS 1).")
    var commitment: Float?

    @Option(parsing: .unconditional, help: "Seed of the environment, the initialisation and the batches.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Kernel threads.")
    var threads = 2

    @Option(help: "PNG file for the reconstruction grid (16 frames, none if omitted).")
    var out: String?

    func validate() throws {
        guard var config = TokenizerConfig.preset(named: preset) else {
            throw ValidationError("--preset must be one of \(TokenizerConfig.presets.map(\.name).joined(separator: ", ")), got '\(preset)'")
        }
        try checkOption("--lr", lr, above: 0)
        for (name, value) in [("--l1", l1), ("--l2", l2), ("--foreground", foreground), ("--commitment", commitment)] {
            try checkOption(name, value, above: 0, inclusive: true)
        }
        guard (revival ?? 0) >= 0 else { throw ValidationError("--revival must be >= 0 (0 = never)") }
        apply(to: &config)
        do { try config.validate() } catch { throw ValidationError("preset \(preset): \(error)") }
        guard frames >= 16 else { throw ValidationError("--frames must be at least 16, got \(frames)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard (batch ?? 1) >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        Compute.configure(threads: threads)
        var config = TokenizerConfig.preset(named: preset)!
        apply(to: &config)
        let environment = try AtariEnv(game: env)
        let size = environment.config.observationSize
        guard size == config.resolution else {
            throw ValidationError("\(env) observations are \(size)x\(size), the preset expects \(config.resolution)")
        }
        let data = try collectFrames(environment, count: frames)
        let frameBytes = environment.observationByteCount
        print("\(env): \(frames) random-policy frames; preset \(preset), batch \(config.batchSize), lr \(config.learningRate)")

        var rng = RandomGenerator(seed: seed)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let trainer = TokenizerTrainer(tokenizer: tokenizer)
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 1...steps {
            var batchBytes: [UInt8] = []
            batchBytes.reserveCapacity(config.batchSize * frameBytes)
            for _ in 0..<config.batchSize {
                let i = Int(rng.next() % UInt64(frames))
                batchBytes.append(contentsOf: data[(i * frameBytes)..<((i + 1) * frameBytes)])
            }
            let (losses, norm) = trainer.step(frames: Tensor(frames: batchBytes, count: config.batchSize, size: size), using: &rng)
            if step % 25 == 0 || step == 1 || step == steps {
                let usage = CodebookUsage(tokens: losses.tokens, vocabularySize: config.vocabularySize)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                print(String(format: "step %4d  L1 %.4f  commitment %.4f  grad norm %.2f  codes %d  perplexity %.1f  %.1f s",
                             step, losses.reconstruction, losses.commitment, norm, usage.distinctCodes, usage.perplexity, seconds))
                fflush(nil)   // progress shows as it happens, also when stdout is a file
            }
        }
        tokenizer.eval()
        let shown = Tensor(frames: Array(data[0..<(16 * frameBytes)]), count: 16, size: size)
        let reconstructions = withoutGrad { tokenizer.encodeDecode(shown) }
        let l1 = zip(shown.values, reconstructions.values).reduce(Float(0)) { $0 + abs($1.0 - $1.1) } * 2 / Float(shown.count)
        print(String(format: "first 16 frames: L1 %.4f ([-1, 1] space)", l1))
        let probeCount = min(frames, 128)
        let probe = Tensor(frames: Array(data[0..<(probeCount * frameBytes)]), count: probeCount, size: size)
        let match = ForegroundMatch(originals: probe, reconstructions: withoutGrad { tokenizer.encodeDecode(probe) })
        print(String(format: "first %d frames: foreground match %.3f (%d of %d object pixels drawn right)",
                     probeCount, match.score, match.keptPixels, match.foregroundPixels))
        if let out {
            let grid = reconstructionGrid(originals: shown, reconstructions: reconstructions)
            try writePNG(path: out, width: grid.width, height: grid.height, rgb: grid.rgb)
            print("wrote \(out) (\(grid.width)x\(grid.height): original | reconstruction)")
        }
    }

    /// The preset with this command's overrides.
    private func apply(to config: inout TokenizerConfig) {
        if let batch { config.batchSize = batch }
        if let lr { config.learningRate = lr }
        if let vocab { config.vocabularySize = vocab }
        if let fsq {
            config.finiteScalarLevels = fsq
            config.embeddingWidth = fsq.count
            config.vocabularySize = fsq.reduce(1, *)
            config.codeRevivalSteps = 0
        }
        if let l1 { config.reconstructionL1Weight = l1 }
        if let l2 { config.reconstructionL2Weight = l2 }
        if let reference { config.subtractsReferenceFrame = reference }
        if let revival { config.codeRevivalSteps = revival }
        if let commitment { config.commitmentWeight = commitment }
        if let foreground { config.foregroundWeight = foreground }
    }

    /// Observations of a uniformly random policy, HWC bytes one after another, spaced 4 agent
    /// steps apart so consecutive samples differ.
    private func collectFrames(_ environment: AtariEnv, count: Int) throws -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        var bytes = environment.reset(seed: seed)
        bytes.reserveCapacity(count * environment.observationByteCount)
        while bytes.count < count * environment.observationByteCount {
            var observation: [UInt8] = []
            for _ in 0..<4 {
                let step = try environment.step(generator.uniform(0...(environment.actionCount - 1)))
                observation = step.isEnd ? environment.reset(seed: generator.next()) : step.observation
            }
            bytes.append(contentsOf: observation)
        }
        return bytes
    }
}
