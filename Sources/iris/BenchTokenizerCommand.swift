import ArgumentParser
import Foundation
import Tensor
import Tokenizer

/// `iris bench tokenizer`: the discrete autoencoder's training step (forward, backward, clip,
/// Adam) and its inference speed (encode, decode, encode+decode without a graph).
struct BenchTokenizer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Time the tokenizer's training step and its encode/decode frames per second.")

    @Option(help: "Configuration: \(TokenizerConfig.presets.map(\.name).joined(separator: ", ")).")
    var preset = "cpu"

    @Option(parsing: .unconditional, help: "Frames per training step (default: the preset's batch size).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Frames encoded and decoded per inference measurement.")
    var frames = 256

    @Option(parsing: .unconditional, help: "Frames per inference pass (the tokenizer's inferenceChunk).")
    var chunk = 16

    @Option(parsing: .unconditional, help: "Kernel threads.")
    var threads = 2

    @Option(parsing: .unconditional, help: "Timed repetitions of each measurement (the best counts), after one warm-up.")
    var repeats = 3

    @Flag(help: "Skip the training step (inference only).")
    var inferenceOnly = false

    func validate() throws {
        guard let config = TokenizerConfig.preset(named: preset) else {
            throw ValidationError("--preset must be one of \(TokenizerConfig.presets.map(\.name).joined(separator: ", ")), got '\(preset)'")
        }
        do { try config.validate() } catch { throw ValidationError("preset \(preset): \(error)") }
        guard (batch ?? 1) >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch!)") }
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1, got \(frames)") }
        guard chunk >= 1 else { throw ValidationError("--chunk must be at least 1, got \(chunk)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() {
        Compute.configure(threads: threads)
        let config = TokenizerConfig.preset(named: preset)!
        var rng = RandomGenerator(seed: 0)
        let tokenizer = Tokenizer(config: config, using: &rng)
        let batchSize = batch ?? config.batchSize
        print("tokenizer preset \(preset): \(tokenizer.parameterCount) parameters, \(config.tokensPerFrame) tokens/frame, \(threads) thread(s) (OpenBLAS kernel \(BLASKernel.coreName)), best of \(repeats)")

        if !inferenceOnly {
            let optimizer = Adam([ParameterGroup(tokenizer.parameters)], learningRate: config.learningRate)
            let input = randomFrames(batchSize, config, using: &rng)
            let step = best {
                let losses = tokenizer.loss(frames: input, using: &rng)
                losses.total.backward()
                clipGradientNorm(tokenizer.parameters, maxNorm: config.maxGradNorm)
                optimizer.step()
                optimizer.zeroGrad()
            }
            print(String(format: "training step (fwd+bwd+clip+Adam), batch %d: %.3f s  (%.1f frames/s)",
                         batchSize, step, Double(batchSize) / step))
        }

        tokenizer.eval()
        tokenizer.inferenceChunk = chunk
        let input = randomFrames(frames, config, using: &rng)
        let latents = withoutGrad { tokenizer.encode(input).quantized }
        let encode = best { _ = withoutGrad { tokenizer.encode(input) } }
        let decode = best { _ = withoutGrad { tokenizer.decode(latents) } }
        let both = best { _ = withoutGrad { tokenizer.encodeDecode(input) } }
        for (name, seconds) in [("encode", encode), ("decode", decode), ("encode+decode", both)] {
            print(String(format: "%@ of %d frames (no grad): %.3f s  (%.1f frames/s, %.2f ms/frame)",
                         name, frames, seconds, Double(frames) / seconds, 1e3 * seconds / Double(frames)))
        }
    }

    /// Best wall time in seconds of `repeats` runs of `body`, after one untimed warm-up.
    private func best(_ body: () -> Void) -> Double {
        body()
        var result = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            result = min(result, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        return result
    }

    private func randomFrames(_ count: Int, _ config: TokenizerConfig, using rng: inout RandomGenerator) -> Tensor {
        let r = config.resolution
        return Tensor.uniform([count, config.inChannels, r, r], 0, 1, using: &rng)
    }
}
