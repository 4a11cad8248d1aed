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

/// A Pong player that reads the game state and plans its presses: when the CPU returns the
/// ball, it predicts where and on which frame the ball reaches the agent's paddle, then searches
/// "wait w steps, hold up or down for n steps" plans, simulating the paddle's knob and lag, for
/// one that meets the ball with a paddle end (the steepest return). Used to show that the CPU
/// can be beaten; a learning agent has to discover the same timing.
final class EdgeShotPlayer {
    private var plan: [ALEAction] = []
    private var planned = false

    func action(for pong: Pong) -> ALEAction {
        guard pong.ballInPlay && pong.ballSpeedX > 0 else {
            planned = false
            plan = []
            return Self.moveKnob(pong, toward: 98)
        }
        if !planned {
            planned = true
            plan = Self.makePlan(pong) ?? []
        }
        return plan.isEmpty ? .noop : plan.removeFirst()
    }

    static func moveKnob(_ pong: Pong, toward target: Int) -> ALEAction {
        let knobTop = pong.agentPaddle.knob / 16
        if knobTop > target + 11 { return .right }  // RIGHT moves up
        if knobTop < target - 11 { return .left }
        return .noop
    }

    static func makePlan(_ pong: Pong) -> [ALEAction]? {
        // Where the ball's top is on the first frame it can touch the paddle (x = 139).
        var x = pong.ballX, y = pong.ballY, speed = pong.ballSpeedY
        var frames = 0
        let top = 34 * 16, bottom = (194 - 4) * 16
        while x >> 4 < 139 {
            x += pong.ballSpeedX
            y += speed
            if y < top { y = 2 * top - y; speed = -speed }
            if y > bottom { y = 2 * bottom - y; speed = -speed }
            frames += 1
        }
        let ballTop = y >> 4
        let steps = (frames + 3) / 4
        var best: (score: Int, actions: [ALEAction])?
        for wait in 0..<steps {
            for direction in [ALEAction.right, .left] {
                for hold in 0...8 where wait + hold <= steps + 2 {
                    var actions = [ALEAction](repeating: .noop, count: wait)
                    actions += [ALEAction](repeating: direction, count: hold)
                    var paddle = pong.agentPaddle
                    var frame = pong.frameCount
                    for index in 0..<frames {
                        let action = index / 4 < actions.count ? actions[index / 4] : .noop
                        frame += 1
                        paddle.advance(direction: -action.horizontal, frame: frame)
                    }
                    let offset = ballTop + 2 - paddle.top + 1
                    guard (0...18).contains(offset) else { continue }
                    let steepness = abs(offset - 9)  // 9 is the middle of the paddle
                    if best == nil || steepness > best!.score { best = (steepness, actions) }
                }
                if best?.score == 9 { return best!.actions }
            }
        }
        return best?.actions
    }
}
