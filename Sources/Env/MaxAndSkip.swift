/// Frame skipping: one agent step holds the action for `skip` raw frames (4), sums their
/// rewards and observes the pixel-wise maximum of the last two frames, resized to a small
/// square with Pillow's BILINEAR filter. Stops early when the episode ends.
///
/// The maximum removes the flicker of sprites that the 2600 draws every other frame. Only the
/// two frames that enter it are rendered. By default the two frames are max-pooled and then
/// resized once; `resizeEachFrame` resizes both first and then takes the maximum, IRIS's exact
/// order (they differ in about 0.07% of pixels).
///
/// When the episode ends before the last frame of a step, the observation is the terminal
/// frame alone (gym's wrapper would max it with a stale frame of the previous step).
public final class MaxAndSkip<Inner: FrameEnvironment> {
    public let inner: Inner
    public let skip: Int
    public let resizeEachFrame: Bool
    public let observationSize: Int
    private var actions: [ALEAction]

    /// The latest observation: `observationSize^2 * 3` bytes, row-major RGB.
    public private(set) var observation: [UInt8]
    /// The last raw frame, for viewers and PNG dumps.
    public private(set) var lastFrame = FrameBuffer()
    private var previousFrame = FrameBuffer()
    private var pooledFrame = FrameBuffer()
    private let resizer: BilinearResizer
    private let previousFrameResizer: BilinearResizer

    public init(_ inner: Inner, skip: Int, observationSize: Int, resizeEachFrame: Bool) {
        precondition(skip >= 1, "frame skip must be at least 1")
        precondition(observationSize >= 1, "observation size must be positive")
        self.inner = inner
        self.skip = skip
        self.observationSize = observationSize
        self.resizeEachFrame = resizeEachFrame
        actions = [ALEAction](repeating: .noop, count: skip)
        observation = [UInt8](repeating: 0, count: observationSize * observationSize * 3)
        resizer = BilinearResizer(
            inputWidth: FrameBuffer.width, inputHeight: FrameBuffer.height,
            outputWidth: observationSize, outputHeight: observationSize)
        previousFrameResizer = BilinearResizer(
            inputWidth: FrameBuffer.width, inputHeight: FrameBuffer.height,
            outputWidth: observationSize, outputHeight: observationSize)
    }

    public func reset(seed: UInt64?) {
        inner.reset(seed: seed)
        inner.render(into: &lastFrame)
        previousFrame.copy(from: lastFrame)
        observe()
    }

    public func step(_ action: ALEAction) -> FrameStep {
        for index in 0..<skip { actions[index] = action }
        // All the frames in one call: one exchange with an ALE game's bridge.
        let (total, frames) = inner.run(actions, previous: &previousFrame, last: &lastFrame)
        // Ended early (or a skip of 1): the observation is the last frame alone.
        if frames < skip || skip == 1 { previousFrame.copy(from: lastFrame) }
        observe()
        return total
    }

    public var lives: Int { inner.lives }

    /// Max-pools `previousFrame` and `lastFrame` and resizes the result into `observation`.
    private func observe() {
        let count = FrameBuffer.byteCount
        if resizeEachFrame {
            previousFrameResizer.resize(previousFrame.pixels)
            resizer.resize(lastFrame.pixels)
            observation.withUnsafeMutableBufferPointer { destination in
                previousFrameResizer.output.withUnsafeBufferPointer { first in
                    resizer.output.withUnsafeBufferPointer { second in
                        for index in 0..<destination.count {
                            destination[index] = max(first[index], second[index])
                        }
                    }
                }
            }
            return
        }
        pooledFrame.pixels.withUnsafeMutableBufferPointer { pooled in
            previousFrame.pixels.withUnsafeBufferPointer { first in
                lastFrame.pixels.withUnsafeBufferPointer { second in
                    let a = first.baseAddress!, b = second.baseAddress!, out = pooled.baseAddress!
                    for index in 0..<count {
                        out[index] = max(a[index], b[index])
                    }
                }
            }
        }
        resizer.resize(pooledFrame.pixels)
        observation.withUnsafeMutableBufferPointer { destination in
            resizer.output.withUnsafeBufferPointer { source in
                destination.baseAddress!.update(from: source.baseAddress!, count: destination.count)
            }
        }
    }
}
