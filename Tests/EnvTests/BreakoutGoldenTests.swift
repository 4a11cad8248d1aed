import Foundation
import Testing
@testable import Env

/// Our Breakout against traces of ALE's (ale-py 0.12.1, frameskip 1), written by
/// `python3 Experiments/ale/breakout.py --golden Tests/EnvTests/Fixtures`: the same action script
/// is played here and positions are read off our rendered frames with the reader of breakout.py.
@Suite struct BreakoutGoldenTests {
    /// One frame of a trace: what a reader sees on screen, and the game's counters.
    struct Row: Equatable, CustomStringConvertible {
        var paddleX: Int?
        var ballX: Int?
        var ballY: Int?
        var bricks: Int
        var score: Int
        var lives: Int

        var description: String {
            "paddle \(paddleX.map(String.init) ?? "-") ball (\(ballX.map(String.init) ?? "-"), "
                + "\(ballY.map(String.init) ?? "-")) bricks \(bricks) score \(score) lives \(lives)"
        }
    }

    /// Reads a fixture: the action script and ALE's rows.
    static func fixture(_ name: String) throws -> (actions: [Int], rows: [Row]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/breakout_golden_\(name).csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var actions = [Int](), rows = [Row]()
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            actions.append(cells[1]!)
            rows.append(Row(paddleX: cells[2], ballX: cells[3], ballY: cells[4], bricks: cells[5]!,
                            score: cells[6]!, lives: cells[7]!))
        }
        return (actions, rows)
    }

    /// Plays our Breakout with the script and reads every frame, as breakout.py reads ALE's.
    static func play(_ actions: [Int]) -> [Row] {
        let game = Breakout()
        game.reset(seed: 0)
        var frame = FrameBuffer()
        var score = 0
        return actions.map { action in
            score += game.step(game.minimalActions[action])
            game.render(into: &frame)
            return read(frame, score: score, lives: game.lives)
        }
    }

    /// breakout.py's `read_frame`: the paddle is the widest red run on row 190 starting left of
    /// the right wall; the ball is the top-left red pixel of the field that is neither paddle nor
    /// a whole top-row brick; a brick counts if its cell is not black.
    static func read(_ frame: FrameBuffer, score: Int, lives: Int) -> Row {
        func isRed(_ x: Int, _ y: Int) -> Bool {
            let i = (y * FrameBuffer.width + x) * 3
            return frame.pixels[i] == 200 && frame.pixels[i + 1] == 72 && frame.pixels[i + 2] == 72
        }
        func isBlack(_ x: Int, _ y: Int) -> Bool {
            let i = (y * FrameBuffer.width + x) * 3
            return frame.pixels[i] == 0 && frame.pixels[i + 1] == 0 && frame.pixels[i + 2] == 0
        }
        var paddle: Int?, paddleWidth = 3
        var x = 8
        while x < 152 {
            if isRed(x, 190) {
                let start = x
                while x < 160 && isRed(x, 190) { x += 1 }
                if x - start > paddleWidth { (paddle, paddleWidth) = (start, x - start) }
            }
            x += 1
        }
        let wholeBricks = Set((0..<18).filter { column in
            (57..<63).allSatisfy { y in (0..<8).allSatisfy { isRed(8 + 8 * column + $0, y) } }
        })
        var ballX: Int?, ballY: Int?
        for y in 32..<196 {
            for x in 8..<152 where isRed(x, y) {
                if let paddle, (189..<193).contains(y), (paddle..<paddle + paddleWidth).contains(x) { continue }
                if (57..<63).contains(y) && wholeBricks.contains((x - 8) / 8) { continue }
                ballX = min(ballX ?? x, x)
                ballY = ballY ?? y
            }
        }
        var bricks = 0
        for y in stride(from: 60, to: 96, by: 6) {
            for x in stride(from: 12, to: 152, by: 8) where !isBlack(x, y) { bricks += 1 }
        }
        return Row(paddleX: paddle, ballX: ballX, ballY: ballY, bricks: bricks, score: score, lives: lives)
    }

    /// The paddle is a function of the actions alone: RIGHT from reset, LEFT across the field,
    /// stops and reversals match ALE on every frame (start 99, limits 8 and 144, 1 to 6 px/frame).
    @Test func paddleMatchesALEFrameForFrame() throws {
        let (actions, expected) = try Self.fixture("paddle")
        let rows = Self.play(actions)
        for (t, (row, ale)) in zip(rows, expected).enumerated() {
            #expect(row == ale, "frame \(t): iris \(row), ALE \(ale)")
        }
    }

    /// FIRE held for 300 frames: three launches (places and directions by the frame count), the
    /// fall past a still paddle with a bounce off the left wall, and each lost ball 97 frames after
    /// its launch. Exact on every frame, except that ALE sometimes does not draw a ball whose top is
    /// on row 195, the last row it can be seen on (frame 170 here); there ours may show it.
    @Test func fireHeldMatchesALEFrameForFrame() throws {
        let (actions, expected) = try Self.fixture("fire")
        let rows = Self.play(actions)
        #expect(rows.count == expected.count)
        for (t, (row, ale)) in zip(rows, expected).enumerated() {
            if ale.ballY == nil && row.ballY == 195 {
                #expect(Row(paddleX: row.paddleX, ballX: nil, ballY: nil, bricks: row.bricks, score: row.score,
                            lives: row.lives) == ale, "frame \(t): iris \(row), ALE \(ale)")
            } else {
                #expect(row == ale, "frame \(t): iris \(row), ALE \(ale)")
            }
        }
        #expect(expected.firstIndex { $0.lives == 4 } == 96, "the first ball is lost on frame 97")
    }

    /// A rally recorded in ALE: launch, fall, and the first paddle hit match frame for frame up to
    /// the hit (frame 64). On that hit ALE's ball jumps 4 px to the right as the paddle starts to
    /// move, which we do not reproduce (Experiments/ale/README.md), so from there on only the
    /// paddle and lives must match on every frame, and score and bricks at the end.
    @Test func rallyMatchesALEUpToTheFirstHitAndThenInScore() throws {
        let (actions, expected) = try Self.fixture("rally")
        let rows = Self.play(actions)
        #expect(rows.count == expected.count)
        for (t, (row, ale)) in zip(rows, expected).enumerated() {
            if t <= 64 {
                #expect(row == ale, "frame \(t): iris \(row), ALE \(ale)")
            } else {
                #expect(row.paddleX == ale.paddleX && row.lives == ale.lives, "frame \(t): iris \(row), ALE \(ale)")
            }
        }
        #expect(rows.last?.score == expected.last?.score)
        #expect(rows.last?.bricks == expected.last?.bricks)
    }
}
