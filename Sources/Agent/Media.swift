import Env
import Foundation
import Tensor

/// Picture strips in media/: what the tokenizer makes of real frames, and what the world model
/// imagines next to what really happened, so a run can be judged by eye.
extension Trainer {
    func writeMedia(epoch: Int) throws {
        guard buffer.stepCount > 0 else { return }
        let name = String(format: "epoch_%04d.png", epoch)
        if config.training.tokenizer.startAfterEpochs < epoch {
            let directory = run.media.appendingPathComponent("reconstructions")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try writeReconstructions(to: directory.appendingPathComponent(name))
        }
        if config.training.worldModel.startAfterEpochs < epoch {
            let directory = run.media.appendingPathComponent("imagination")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try writeImagination(to: directory.appendingPathComponent(name))
        }
    }

    /// Top row: 8 real frames; bottom row: their reconstructions.
    func writeReconstructions(to url: URL) throws {
        var mediaRNG = RandomGenerator(seed: UInt64(state.epoch) &+ 17)  // media must not shift the run's draws
        let batch = buffer.sample(batch: 8, length: 1, window: .startUniform, using: &mediaRNG)
        let tokens = batch.frames.withUnsafeBufferPointer { agent.view.tokens(frames: $0, count: 8) }
        let decoded = withoutGrad { agent.tokenizer.decode(tokens: tokens, count: 8) }
        try writeStrip(rows: [batch.frames, frameBytes(decoded)], columns: 8, to: url)
    }

    /// Top row: a real segment; bottom row: the world model's rollout from its first frame
    /// under the same actions.
    func writeImagination(to url: URL) throws {
        var mediaRNG = RandomGenerator(seed: UInt64(state.epoch) &+ 29)
        let length = min(config.worldModel.maxBlocks, 10)
        let batch = buffer.sample(batch: 1, length: length, window: .startUniform, using: &mediaRNG)
        let columns = batch.mask.filter { $0 }.count
        let K = agent.view.tokensPerFrame
        let real = tokens(of: batch)
        dream.reset(tokens: Array(real[0..<K]), batch: 1)
        var imagined = [UInt8]()
        for t in 0..<columns {
            imagined += frameBytes(dream.frames())
            if t + 1 < columns { _ = dream.step(actions: [batch.actions[t]], using: &mediaRNG) }
        }
        try writeStrip(rows: [Array(batch.frames[0..<(columns * Episode.frameBytes)]), imagined], columns: columns, to: url)
    }

    /// Rows of `columns` 64x64 frames each, with a 2-pixel gap, as one PNG.
    func writeStrip(rows: [[UInt8]], columns: Int, to url: URL) throws {
        let size = 64, gap = 2
        let width = columns * (size + gap) - gap, height = rows.count * (size + gap) - gap
        var image = [UInt8](repeating: 255, count: width * height * 3)
        for (r, frames) in rows.enumerated() {
            for c in 0..<columns {
                for y in 0..<size {
                    let source = (c * size * size + y * size) * 3
                    let target = ((r * (size + gap) + y) * width + c * (size + gap)) * 3
                    for i in 0..<(size * 3) { image[target + i] = frames[source + i] }
                }
            }
        }
        try writePNG(path: url.path, width: width, height: height, rgb: image)
    }
}

/// Frames [N, 3, H, W] in [0, 1] as N row-major RGB byte images.
func frameBytes(_ frames: Tensor) -> [UInt8] {
    let (n, h, w) = (frames.shape[0], frames.shape[2], frames.shape[3])
    var bytes = [UInt8](repeating: 0, count: n * h * w * 3)
    frames.withUnsafeBufferPointer { p in
        for i in 0..<n {
            for c in 0..<3 {
                for j in 0..<(h * w) {
                    let v = p[(i * 3 + c) * h * w + j]
                    bytes[(i * h * w + j) * 3 + c] = UInt8(max(0, min(255, (v * 255).rounded())))
                }
            }
        }
    }
    return bytes
}
