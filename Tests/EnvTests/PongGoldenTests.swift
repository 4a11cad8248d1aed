import Foundation
import Testing
@testable import Env

/// Our Pong against traces of ALE's (Experiments/ale/pong.py --golden): the same per-frame
/// action scripts, positions read off the raw frames the same way on both sides.
///
/// Exact: rewards, the ball's column, the CPU paddle. Within bounds: the ball's row (the console
/// sometimes draws it a row higher on the right of the screen, by a timing we do not model) and
/// the agent's paddle (ALE's potentiometer reading differs from our model by one game row now
/// and then, which the paddle's two-row drawing turns into 2 pixels).
@Suite struct PongGoldenTests {
    struct Row: Equatable {
        var reward: Int, ballX: Int, ballY: Int, agentTop: Int, agentBottom: Int, cpuTop: Int, cpuBottom: Int
    }

    static func load(_ name: String) throws -> (actions: [Int], rows: [Row]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pong_golden_\(name).csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var actions = [Int](), rows = [Row]()
        for line in lines {
            let v = line.split(separator: ",").map { Int($0)! }
            actions.append(v[1])
            rows.append(Row(reward: v[2], ballX: v[3], ballY: v[4], agentTop: v[5], agentBottom: v[6],
                            cpuTop: v[7], cpuBottom: v[8]))
        }
        return (actions, rows)
    }

    /// The rows of `color` in `columns` below the score strip, or (-1, -1).
    static func rows(_ frame: FrameBuffer, columns: Range<Int>, color: RGB) -> (Int, Int) {
        var first = -1, last = -1
        for y in 34..<FrameBuffer.height where columns.contains(where: { frame[$0, y] == color }) {
            if first < 0 { first = y }
            last = y
        }
        return (first, last)
    }

    /// Positions as Experiments/ale/pong.py reads them.
    static func read(_ frame: FrameBuffer, reward: Int) -> Row {
        var ballX = -1, ballY = -1
        for y in Pong.playfieldRows where ballY < 0 {
            for x in 0..<FrameBuffer.width where frame[x, y] == Pong.white {
                ballY = y
                break
            }
        }
        if ballY >= 0 {
            ballX = (0..<FrameBuffer.width).first { x in Pong.playfieldRows.contains { frame[x, $0] == Pong.white } }!
        }
        let agent = rows(frame, columns: 140..<144, color: Pong.agentGreen)
        let cpu = rows(frame, columns: 16..<20, color: Pong.cpuOrange)
        return Row(reward: reward, ballX: ballX, ballY: ballY, agentTop: agent.0, agentBottom: agent.1,
                   cpuTop: cpu.0, cpuBottom: cpu.1)
    }

    static func play(_ actions: [Int]) -> [Row] {
        let pong = Pong()
        pong.reset(seed: 0)
        var frame = FrameBuffer()
        return actions.map { action in
            let reward = pong.step(pong.minimalActions[action])
            pong.render(into: &frame)
            return read(frame, reward: reward)
        }
    }

    @Test(arguments: ["noop", "paddle", "up", "random"])
    func followsALE(script: String) throws {
        let golden = try Self.load(script)
        let ours = Self.play(golden.actions)
        #expect(ours.count == golden.rows.count)
        var ballRowsOff = 0, paddleRowsOff = 0
        for (frame, (mine, ale)) in zip(ours, golden.rows).enumerated() {
            let at = "\(script) frame \(frame + 1): ours \(mine), ALE \(ale)"
            #expect(mine.reward == ale.reward, "\(at)")
            #expect(mine.ballX == ale.ballX, "\(at)")
            #expect(mine.cpuTop == ale.cpuTop && mine.cpuBottom == ale.cpuBottom, "\(at)")
            #expect(abs(mine.ballY - ale.ballY) <= 1, "\(at)")
            #expect(abs(mine.agentTop - ale.agentTop) <= 2 && abs(mine.agentBottom - ale.agentBottom) <= 2, "\(at)")
            if mine.ballY != ale.ballY { ballRowsOff += 1 }
            if mine.agentTop != ale.agentTop { paddleRowsOff += 1 }
        }
        // The approximations stay rare: most frames match pixel for pixel.
        #expect(ballRowsOff * 20 <= ours.count, "\(script): ball row off on \(ballRowsOff) frames")
        #expect(paddleRowsOff * 4 <= ours.count, "\(script): paddle off on \(paddleRowsOff) frames")
    }
}
