/// Breakout as on the Atari 2600: six rows of bricks, a paddle, a ball and 5 lives.
///
/// FIRE launches a ball; bricks score by row (blue and green 1, yellow and tan 4, orange and
/// red 7); the ball speeds up after 4 and 12 paddle hits and the first time it breaks into the
/// orange and the red rows, and the paddle shrinks to half once the ball breaks through to the
/// top wall, as in the cartridge; clearing the wall brings a second one, and the
/// game ends when both are cleared or the last ball is lost. Layout and colours follow
/// ../shared/reference-frames/breakout*. Positions are in 1/16 pixel.
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
    static let fieldRight = 151  // last column left of the right wall
    static let fieldTop = 32  // first row under the top wall
    static let paddleRow = 189
    static let fullPaddleWidth = 16
    static let paddleHeight = 4
    static let paddleSpeed = 3  // px/frame
    static let ballWidth = 2
    static let ballHeight = 4
    static let startingLives = 5

    /// Vertical ball speed by speed level (1/16 px/frame); the level rises with each speed-up.
    static let speedsY = [24, 28, 32, 40, 48]

    // MARK: - State

    public private(set) var score = 0
    public private(set) var lives = startingLives
    public private(set) var bricks = [Bool](repeating: true, count: 6 * 18)
    public private(set) var paddleX = 72
    /// Halved for the rest of the game once the ball reaches the top wall after breaking into the red row.
    public private(set) var paddleWidth = fullPaddleWidth
    public private(set) var ballInPlay = false
    public private(set) var ballX = 0
    public private(set) var ballY = 0
    public private(set) var ballSpeedX = 0
    public private(set) var ballSpeedY = 0
    private var paddleHits = 0
    private var hitOrange = false
    private var hitRed = false
    private var wall = 1
    private var cleared = false
    private var generator = SeededGenerator(seed: 0)
    private var backgroundFrame = FrameBuffer()
    /// Background plus bricks, score and lives: redrawn only when one of them changes.
    private var sceneFrame = FrameBuffer()
    private var sceneIsStale = true

    public init() {
        backgroundFrame = Self.makeBackground()
        reset(seed: 0)
    }

    public var isOver: Bool { lives == 0 || cleared }

    public func reset(seed: UInt64) {
        generator = SeededGenerator(seed: seed, stream: 0x4252_4B54)
        score = 0
        lives = Self.startingLives
        bricks = [Bool](repeating: true, count: 6 * Self.brickColumns)
        paddleX = 72
        paddleWidth = Self.fullPaddleWidth
        ballInPlay = false
        paddleHits = 0
        hitOrange = false
        hitRed = false
        wall = 1
        cleared = false
        sceneIsStale = true
    }

    /// The current speed level: one step per speed-up earned so far.
    var speedLevel: Int {
        (paddleHits >= 4 ? 1 : 0) + (paddleHits >= 12 ? 1 : 0) + (hitOrange ? 1 : 0) + (hitRed ? 1 : 0)
    }

    public func step(_ action: ALEAction) -> Int {
        guard !isOver else { return 0 }
        paddleX = max(Self.fieldLeft, min(Self.fieldRight + 1 - paddleWidth, paddleX + action.horizontal * Self.paddleSpeed))
        if !ballInPlay {
            if action.fire { launch() }
            return 0
        }
        return moveBall()
    }

    private func launch() {
        ballInPlay = true
        ballX = generator.uniform(Self.fieldLeft + 8...Self.fieldRight - 10) * 16
        ballY = 122 * 16
        let speed = Self.speedsY[speedLevel]
        ballSpeedY = speed
        ballSpeedX = (generator.uniform(0...1) == 0 ? -1 : 1) * speed / 2
    }

    private func moveBall() -> Int {
        var reward = 0
        ballX += ballSpeedX
        if ballX < Self.fieldLeft * 16 {
            ballX = 2 * Self.fieldLeft * 16 - ballX
            ballSpeedX = -ballSpeedX
        } else if ballX > (Self.fieldRight + 1 - Self.ballWidth) * 16 {
            ballX = 2 * (Self.fieldRight + 1 - Self.ballWidth) * 16 - ballX
            ballSpeedX = -ballSpeedX
        }
        ballY += ballSpeedY
        if ballY < Self.fieldTop * 16 {
            ballY = 2 * Self.fieldTop * 16 - ballY
            ballSpeedY = -ballSpeedY
            if hitRed { paddleWidth = Self.fullPaddleWidth / 2 }
        }
        let x = ballX >> 4, y = ballY >> 4
        reward += breakBrick(x: x, y: y)
        score += reward
        if ballSpeedY > 0, y + Self.ballHeight > Self.paddleRow, y < Self.paddleRow + Self.paddleHeight,
           x + Self.ballWidth > paddleX, x < paddleX + paddleWidth {
            bounceOffPaddle(x: x)
        }
        if y >= 210 {
            ballInPlay = false
            lives -= 1
            sceneIsStale = true
        }
        return reward
    }

    /// Breaks at most one brick under the ball, reverses its vertical direction and returns the points.
    private func breakBrick(x: Int, y: Int) -> Int {
        let firstRow = max(0, (y - Self.bricksTop) / Self.brickHeight)
        let lastRow = min(5, (y + Self.ballHeight - 1 - Self.bricksTop) / Self.brickHeight)
        guard y + Self.ballHeight > Self.bricksTop, firstRow <= lastRow else { return 0 }
        let firstColumn = max(0, (x - Self.fieldLeft) / Self.brickWidth)
        let lastColumn = min(Self.brickColumns - 1, (x + Self.ballWidth - 1 - Self.fieldLeft) / Self.brickWidth)
        // Moving up, the lowest brick is met first; moving down, the highest.
        let rows = ballSpeedY < 0 ? Array((firstRow...lastRow).reversed()) : Array(firstRow...lastRow)
        for row in rows {
            for column in firstColumn...lastColumn where bricks[row * Self.brickColumns + column] {
                bricks[row * Self.brickColumns + column] = false
                sceneIsStale = true
                ballSpeedY = -ballSpeedY
                if row == 1 { hitOrange = true }
                if row == 0 { hitRed = true }
                rescaleSpeed()
                if !bricks.contains(true) { nextWall() }
                return Self.rowPoints[row]
            }
        }
        return 0
    }

    /// The paddle sends the ball up at one of four angles, by which quarter of it was hit.
    private func bounceOffPaddle(x: Int) {
        paddleHits += 1
        let zone = max(0, min(3, (x + Self.ballWidth / 2 - paddleX) * 4 / paddleWidth))
        let speed = Self.speedsY[speedLevel]
        ballSpeedY = -speed
        ballSpeedX = [-speed, -speed / 2, speed / 2, speed][zone]
        ballY = (Self.paddleRow - Self.ballHeight) * 16
    }

    /// Keeps the direction and angle, at the speed of the current level.
    private func rescaleSpeed() {
        let speed = Self.speedsY[speedLevel]
        let wasSteep = abs(ballSpeedX) * 2 > abs(ballSpeedY)
        ballSpeedY = ballSpeedY > 0 ? speed : -speed
        let horizontal = wasSteep ? speed : speed / 2
        ballSpeedX = ballSpeedX >= 0 ? horizontal : -horizontal
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
        frame.fillRect(x: paddleX, y: Self.paddleRow, width: paddleWidth, height: Self.paddleHeight, color: Self.ballColor)
        if ballInPlay {
            frame.fillRect(x: ballX >> 4, y: ballY >> 4, width: Self.ballWidth, height: Self.ballHeight, color: Self.ballColor)
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
