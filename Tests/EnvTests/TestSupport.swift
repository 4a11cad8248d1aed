@testable import Env

/// A fixed pseudo-random action sequence, the same on every run and machine.
func fixedActions(count: Int, actionCount: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in generator.uniform(0...(actionCount - 1)) }
}

/// Hex text of a hash, for readable failure messages.
func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

/// A fake raw environment that records what it is asked to do, for the wrapper tests.
final class RecordingEnvironment: FrameEnvironment {
    var actions: [ALEAction] = []
    var resets: [UInt64?] = []
    var lives = 3
    /// The game "ends" after this many frames since the last reset (nil: never).
    var endAfter: Int?
    var rewardPerFrame = 1
    private var framesSinceReset = 0

    func reset(seed: UInt64?) {
        resets.append(seed)
        framesSinceReset = 0
    }

    func step(_ action: ALEAction) -> FrameStep {
        actions.append(action)
        framesSinceReset += 1
        let ended = endAfter.map { framesSinceReset >= $0 } ?? false
        return FrameStep(reward: rewardPerFrame, terminated: ended)
    }

    func render(into frame: inout FrameBuffer) {
        frame.fill(RGB(UInt8(framesSinceReset % 256), 0, 0))
    }
}
