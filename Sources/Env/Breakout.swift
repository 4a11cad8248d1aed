/// Breakout as ALE plays it: six rows of bricks, a paddle, a ball and 5 lives.
///
/// The rules were read off ale-py 0.12.1 frame by frame (Experiments/ale/README.md, "Breakout";
/// Experiments/ale/breakout.py repeats the comparison). FIRE launches a ball from one of four
/// places picked by the frame count; the paddle is a potentiometer (`BreakoutPaddle`); the ball's
/// speed ladder is in `BreakoutBall`. Each frame the ball first reacts to what it touches where
/// it is (walls, a brick, the paddle), then moves. Bricks score by row (7, 7, 4, 4, 1, 1 from the
/// top); the paddle shrinks to half once the ball reaches the top wall; clearing the wall brings
/// a second one, and the game ends when both are cleared or the fifth ball is lost. Layout and
/// colours follow ALE's frames (Experiments/ale/README.md). The game uses no randomness: like the
/// cartridge under ALE, it is a function of the action sequence alone.
public final class Breakout: Game {
    public static let name = "breakout"

    public let minimalActions: [ALEAction] = [.noop, .fire, .right, .left]

    // MARK: - Layout

    static let wallColor = Palette.ntsc(0x06)  // (142, 142, 142)
    static let ballColor = Palette.ntsc(0x46)  // (200, 72, 72)
    /// Brick colours from the top row down, with their points.
    static let rowColors: [UInt8] = [0x46, 0x36, 0x26, 0x16, 0xC6, 0x86]
    static let rowPoints = [7, 7, 4, 4, 1, 1]
    static let brickColumns = 18
    static let brickWidth = 8
    static let brickHeight = 6
    static let bricksTop = 57
    static let fieldLeft = 8  // first column right of the left wall
    static let fieldTop = 32  // first row under the top wall
    static let paddleRow = 189
    static let fullPaddleWidth = 16
    static let paddleHeight = 4
    static let startingLives = 5
    /// Launch column and direction by frame count modulo 4 (the ball starts at row 122, moving down).
    static let launches: [(column: Int, right: Bool)] = [(78, false), (80, true), (142, false), (16, true)]
    static let launchRow = 122
    /// The ball is lost once its top row reaches this (ALE's ball y 208).
    static let lostRow = 217
    /// The lowest row the ball is drawn on: below the paddle it vanishes.
    static let lastBallRow = 195

    // MARK: - State

    public private(set) var score = 0
    public private(set) var lives = startingLives
    public private(set) var bricks = [Bool](repeating: true, count: 6 * 18)
    public private(set) var paddle = BreakoutPaddle()
    /// Halved for the rest of the game once the ball reaches the top wall.
    public private(set) var paddleWidth = fullPaddleWidth
    public private(set) var ballInPlay = false
    public private(set) var ball = BreakoutBall()
    /// Frames since reset: the cartridge's frame counter picks the launch.
    public private(set) var frameCount = 0
    private var wall = 1
    private var cleared = false
    private var backgroundFrame = FrameBuffer()
    /// Background plus bricks, score and lives: redrawn only when one of them changes.
    private var sceneFrame = FrameBuffer()
    private var sceneIsStale = true

    public init() {
        backgroundFrame = Self.makeBackground()
        reset(seed: 0)
    }

    public var isOver: Bool { lives == 0 || cleared }

    /// The seed is not used: ALE's Breakout has no hidden randomness at frameskip 1 (its launches
    /// follow the frame count), so variety comes from the wrappers' no-op starts and sticky actions.
    public func reset(seed: UInt64) {
        score = 0
        lives = Self.startingLives
        bricks = [Bool](repeating: true, count: 6 * Self.brickColumns)
        paddle = BreakoutPaddle()
        paddleWidth = Self.fullPaddleWidth
        ballInPlay = false
        ball = BreakoutBall()
        frameCount = 0
        wall = 1
        cleared = false
        sceneIsStale = true
    }

    public func step(_ action: ALEAction) -> Int {
        guard !isOver else { return 0 }
        let launch = Self.launches[frameCount & 3]
        frameCount += 1
        var reward = 0
        if ballInPlay {
            reward = playBall()
        } else if action.fire {
            ballInPlay = true
            ball.launch(column: launch.column, row: Self.launchRow, movingRight: launch.right)
        }
        // The ball saw the paddle where the previous frame drew it.
        paddle.advance(direction: action.horizontal)
        return reward
    }

    /// One frame of a ball in play: react to what it touches, then move; returns the points.
    private func playBall() -> Int {
        let x = ball.column, y = ball.row
        if y >= Self.lostRow {
            ballInPlay = false
            lives -= 1
            sceneIsStale = true
            return 0
        }
        if (x <= Self.fieldLeft - 1 && ball.speedX < 0) || (x >= 151 && ball.speedX > 0) {
            ball.speedX = -ball.speedX
        }
        if y <= Self.fieldTop + 1 && ball.speedY < 0 {
            ball.speedY = -ball.speedY
            paddleWidth = Self.fullPaddleWidth / 2
        }
        var reward = 0
        // Moving up, a brick is hit when the ball's top is 2-7 rows below the brick's top
        // (measured); moving down, by the mirror rule on its bottom (ALE's hits from above were
        // not observed), so that a ball sent down by a brick cannot take the next one at once.
        let probe = ball.speedY < 0 ? y - 2 : y + BreakoutBall.height + 1
        if (Self.bricksTop..<Self.bricksTop + 6 * Self.brickHeight).contains(probe) {
            let row = (probe - Self.bricksTop) / Self.brickHeight
            let column = max(0, min(Self.brickColumns - 1, (x - Self.fieldLeft) / Self.brickWidth))
            if bricks[row * Self.brickColumns + column] {
                bricks[row * Self.brickColumns + column] = false
                sceneIsStale = true
                reward = Self.rowPoints[row]
                score += reward
                ball.bounceOffBrick(row: row)
                if !bricks.contains(true) { nextWall() }
            }
        }
        let offset = x - paddle.x
        if ball.speedY > 0, (Self.paddleRow - 3...Self.paddleRow + 3).contains(y), (-1..<paddleWidth).contains(offset) {
            // A half paddle's zones are the full one's, halved (not measured).
            ball.bounceOffPaddle(offset: paddleWidth == Self.fullPaddleWidth ? offset : offset * 2 + 1)
        }
        ball.move()
        return reward
    }

    private func nextWall() {
        if wall == 1 {
            wall = 2
            bricks = [Bool](repeating: true, count: 6 * Self.brickColumns)
        } else {
            cleared = true
            ballInPlay = false
        }
    }

    // MARK: - Drawing

    private static func makeBackground() -> FrameBuffer {
        var frame = FrameBuffer(filledWith: RGB(0, 0, 0))
        frame.fillRect(x: 0, y: 17, width: 160, height: 15, color: wallColor)
        frame.fillRect(x: 0, y: 32, width: 8, height: 157, color: wallColor)
        frame.fillRect(x: 152, y: 32, width: 8, height: 157, color: wallColor)
        frame.fillRect(x: 0, y: 189, width: 8, height: 7, color: Palette.ntsc(0xB6))
        frame.fillRect(x: 152, y: 189, width: 8, height: 6, color: Palette.ntsc(0x46))
        ScoreDigits.draw(1, x: 128, y: 5, blockHeight: 2, color: wallColor, into: &frame)  // player 1
        return frame
    }

    public func render(into frame: inout FrameBuffer) {
        if sceneIsStale {
            drawScene(into: &sceneFrame)
            sceneIsStale = false
        }
        frame.copy(from: sceneFrame)
        frame.fillRect(x: paddle.x, y: Self.paddleRow, width: paddleWidth, height: Self.paddleHeight, color: Self.ballColor)
        let top = ball.row
        if ballInPlay && top <= Self.lastBallRow {
            frame.fillRect(x: ball.column, y: top, width: BreakoutBall.width,
                           height: min(BreakoutBall.height, Self.lastBallRow + 1 - top), color: Self.ballColor)
        }
    }

    private func drawScene(into frame: inout FrameBuffer) {
        frame.copy(from: backgroundFrame)
        var remaining = score
        for digitX in [68, 52, 36] {
            ScoreDigits.draw(remaining % 10, x: digitX, y: 5, blockHeight: 2, color: Self.wallColor, into: &frame)
            remaining /= 10
        }
        ScoreDigits.draw(min(lives, 9), x: 100, y: 5, blockHeight: 2, color: Self.wallColor, into: &frame)
        for row in 0..<6 {
            let color = Palette.ntsc(Self.rowColors[row])
            let y = Self.bricksTop + row * Self.brickHeight
            var column = 0
            // Runs of adjacent bricks are one rectangle each.
            while column < Self.brickColumns {
                guard bricks[row * Self.brickColumns + column] else { column += 1; continue }
                let start = column
                while column < Self.brickColumns && bricks[row * Self.brickColumns + column] { column += 1 }
                frame.fillRect(x: Self.fieldLeft + start * Self.brickWidth, y: y,
                               width: (column - start) * Self.brickWidth, height: Self.brickHeight, color: color)
            }
        }
    }
}
