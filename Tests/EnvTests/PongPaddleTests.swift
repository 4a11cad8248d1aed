import Testing
@testable import Env

/// The paddle's potentiometer dynamics against ALE's (Experiments/ale/pong.py, "paddle" trace).
@Suite struct PongPaddleTests {
    /// Holds `direction` for `frames` frames from `frame`, returning the drawn top after each.
    func hold(_ paddle: inout PongPaddle, direction: Int, frames: Int, frame: inout Int) -> [Int] {
        (0..<frames).map { _ in
            frame += 1
            paddle.advance(direction: direction, frame: frame)
            return paddle.top
        }
    }

    /// ALE's "paddle" trace: 10 NOOP frames, then RIGHT held 12 frames from 109 to 57, settling
    /// at 40 ten frames after release; our reading may be one row off ALE's at times.
    @Test func startsAtRow96AndFollowsALEsHoldAndRelease() {
        var paddle = PongPaddle()
        #expect(paddle.top == 96 && paddle.position == 109)
        var frame = 0
        _ = hold(&paddle, direction: 0, frames: 10, frame: &frame)
        _ = hold(&paddle, direction: -1, frames: 12, frame: &frame)
        #expect(abs(paddle.position - 57) <= 1, "position \(paddle.position)")
        _ = hold(&paddle, direction: 0, frames: 10, frame: &frame)
        #expect(abs(paddle.position - 40) <= 1, "position \(paddle.position)")
    }

    @Test func readingHalvesTheGapOnOddFramesAndThePaddleTakesItOnEvenFrames() {
        var paddle = PongPaddle()
        paddle.advance(direction: -1, frame: 11)
        #expect(paddle.reading == 106 && paddle.position == 109)  // ALE frame 11: 106, 109
        paddle.advance(direction: -1, frame: 12)
        #expect(paddle.reading == 106 && paddle.position == 106)
        paddle.advance(direction: -1, frame: 13)
        #expect(abs(paddle.reading - 99) <= 1)  // ALE: 99
    }

    @Test func settlesAbout10FramesAfterRelease() {
        var paddle = PongPaddle()
        var frame = 0
        _ = hold(&paddle, direction: 1, frames: 12, frame: &frame)
        var settledAfter = 0
        var last = paddle.position
        for released in 1...30 {
            frame += 1
            paddle.advance(direction: 0, frame: frame)
            if paddle.position != last { settledAfter = released }
            last = paddle.position
        }
        #expect((8...14).contains(settledAfter), "settled after \(settledAfter) frames")
    }

    @Test func positionsSaturateAtTheBounds() {
        var paddle = PongPaddle()
        var frame = 0
        let ups = hold(&paddle, direction: -1, frames: 80, frame: &frame)
        #expect(ups.last == 24)
        let downs = hold(&paddle, direction: 1, frames: 120, frame: &frame)
        #expect(downs.last == 190)
        #expect(downs.allSatisfy { (24...190).contains($0) })
    }
}
