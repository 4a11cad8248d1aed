import Testing
@testable import Env

/// The paddle's potentiometer dynamics against ALE's measured numbers (atari-reference.md).
@Suite struct PongPaddleTests {
    /// Holds `direction` for `steps` agent steps of 4 frames, returning the drawn top after each.
    func hold(_ paddle: inout PongPaddle, direction: Int, steps: Int, frame: inout Int) -> [Int] {
        var tops = [Int]()
        for _ in 0..<steps {
            for _ in 0..<4 {
                frame += 1
                paddle.advance(direction: direction, frame: frame)
            }
            tops.append(paddle.top)
        }
        return tops
    }

    @Test func settledMovementIs22To24PixelsPerStep() {
        var paddle = PongPaddle(top: 150)
        var frame = 0
        let tops = [150] + hold(&paddle, direction: -1, steps: 4, frame: &frame)
        let moves = zip(tops, tops.dropFirst()).map { $0 - $1 }
        // The first steps lag the knob; then the drawn paddle moves 22-24 px per step.
        #expect(moves[0] < 22)
        for move in moves.dropFirst(2) {
            #expect((22...24).contains(move), "moves \(moves)")
        }
    }

    @Test func knobTurnsAbout5Point6PixelsPerFrame() {
        var paddle = PongPaddle(top: 150)
        paddle.advance(direction: -1, frame: 1)
        #expect(150 * 16 - paddle.knob == 90)  // 5.625 px
    }

    @Test func drawnPaddleLagsAndSettlesAbout10FramesAfterRelease() {
        var paddle = PongPaddle(top: 100)
        var frame = 0
        _ = hold(&paddle, direction: 1, steps: 3, frame: &frame)
        let knobTop = (paddle.knob + 8) / 16
        #expect(knobTop - paddle.top >= 8, "the drawn paddle trails the knob while moving")
        var settledAfter = 0
        for released in 1...30 {
            frame += 1
            paddle.advance(direction: 0, frame: frame)
            if paddle.top == knobTop {
                settledAfter = released
                break
            }
        }
        #expect((8...12).contains(settledAfter), "settled after \(settledAfter) frames")
        // Updates come every second frame only.
        var oddFramePaddle = PongPaddle(top: 100)
        oddFramePaddle.advance(direction: 1, frame: 1)
        #expect(oddFramePaddle.top == 100)
    }

    @Test func positionsSaturateAtTheBounds() {
        var paddle = PongPaddle(top: 100)
        var frame = 0
        let ups = hold(&paddle, direction: -1, steps: 12, frame: &frame)
        #expect(ups.last == 24)
        let downs = hold(&paddle, direction: 1, steps: 14, frame: &frame)
        #expect(downs.last == 189)
        #expect(downs.allSatisfy { (24...189).contains($0) })
    }
}
