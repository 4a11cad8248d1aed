/// Pong as ALE plays the "Video Olympics" cartridge: the agent is the green paddle on the right,
/// a CPU opponent the orange one on the left; first to 21 points ends the game.
///
/// What makes ALE's Pong hard is reproduced from measurements (../shared/atari-reference.md):
/// the agent's paddle is a potentiometer whose drawn position lags the knob (`PongPaddle`), one
/// agent step moves it further than the 20-pixel hit window, and the ball leaves a paddle at an
/// angle set by where it hit. Positions are in 1/16 pixel so that all physics is integer.
public final class Pong: Game {
    public static let name = "pong"

    /// ALE's minimal set for Pong, in ALE's order: RIGHT moves up, LEFT moves down, FIRE does nothing.
    public let minimalActions: [ALEAction] = [.noop, .fire, .right, .left, .rightFire, .leftFire]

    // MARK: - Layout (pixels; x 0...159, y 0...209)

    static let topWallRows = 24...33
    static let bottomWallRows = 194...209
    static let playfieldRows = 34...193
    static let agentColumn = 140
    static let cpuColumn = 16
    static let paddleWidth = 4
    static let paddleHeight = 16
    static let ballWidth = 2
    static let ballHeight = 4
    static let winningScore = 21

    static let background = Palette.ntsc(0x22)  // (144, 72, 17)
    static let white = Palette.ntsc(0x0E)  // walls and ball (236, 236, 236)
    static let agentGreen = Palette.ntsc(0xC8)  // (92, 186, 92)
    static let cpuOrange = Palette.ntsc(0x38)  // (213, 130, 74)

    // MARK: - Timing and speeds

    /// Fixed-point scale: positions and speeds are in 1/16 pixel.
    static let subpixels = 16
    /// Frames from reset or a point to the next serve (ALE: the ball appears ~58 frames in).
    static let serveDelay = 58
    /// Horizontal ball speed: 1 px/frame, 4 px per agent step.
    static let ballSpeedX = 16
    /// Vertical ball speed by where the ball meets the paddle, top to bottom (1/16 px/frame).
    static let bounceSpeedsY = [-36, -26, -16, -6, 6, 16, 26, 36]
    /// Vertical speeds of a serve, one picked by the seeded generator.
    static let serveSpeedsY = [-16, -8, 8, 16]
    /// The CPU paddle's top speed: 1.5 px/frame, slower than the steepest returns (2.25 px/frame),
    /// so shots off a paddle's end can beat it.
    static let cpuSpeed = 24
    /// How many frames ahead of the ball the CPU aims (at most until the ball reaches it).
    static let cpuLookahead = 8

    // MARK: - State

    public private(set) var agentScore = 0
    public private(set) var cpuScore = 0
    public private(set) var agentPaddle = PongPaddle(top: 106)
    /// The CPU paddle's top, in 1/16 px.
    public private(set) var cpuTop = 106 * 16
    /// The ball's top-left corner and speed in 1/16 px; meaningful only while `ballInPlay`.
    public private(set) var ballX = 0
    public private(set) var ballY = 0
    public private(set) var ballSpeedX = 0
    public private(set) var ballSpeedY = 0
    public private(set) var ballInPlay = false
    /// Frames left until the next serve.
    public private(set) var serveCountdown = serveDelay
    /// +1 serves toward the agent, -1 toward the CPU (the first serve goes to the CPU, as in ALE).
    private var serveDirection = -1
    /// Where the CPU aims relative to the ball; redrawn each serve so seeds give different rallies.
    private var cpuAimOffset = 0
    /// Frames since reset (the agent paddle follows its knob on even frames).
    public private(set) var frameCount = 0
    private var generator = SeededGenerator(seed: 0)
    private var backgroundFrame = FrameBuffer()
    /// Background plus scores: redrawn only when a score changes.
    private var sceneFrame = FrameBuffer()
    private var sceneIsStale = true

    public init() {
        backgroundFrame = Self.makeBackground()
        reset(seed: 0)
    }

    public var lives: Int { 0 }

    public var isOver: Bool { agentScore >= Self.winningScore || cpuScore >= Self.winningScore }

    public func reset(seed: UInt64) {
        generator = SeededGenerator(seed: seed, stream: 0x504F_4E47)
        agentScore = 0
        cpuScore = 0
        agentPaddle = PongPaddle(top: 106)
        cpuTop = 106 * Self.subpixels
        ballInPlay = false
        serveCountdown = Self.serveDelay
        serveDirection = -1
        cpuAimOffset = 0
        frameCount = 0
        sceneIsStale = true
    }

    public func step(_ action: ALEAction) -> Int {
        guard !isOver else { return 0 }
        frameCount += 1
        agentPaddle.advance(direction: -action.horizontal, frame: frameCount)
        moveCPU()
        guard ballInPlay else {
            serveCountdown -= 1
            if serveCountdown <= 0 { serve() }
            return 0
        }
        return moveBall()
    }

    // MARK: - Rules

    private func serve() {
        ballInPlay = true
        ballX = 78 * Self.subpixels
        ballY = generator.uniform(70...150) * Self.subpixels
        ballSpeedX = serveDirection * Self.ballSpeedX
        ballSpeedY = Self.serveSpeedsY[generator.uniform(0...(Self.serveSpeedsY.count - 1))]
        cpuAimOffset = generator.uniform(-3...3)
    }

    /// The CPU follows where the ball will be a few frames ahead (bouncing off the walls) while
    /// the ball comes toward it, and drifts back to the middle otherwise, at limited speed: it
    /// returns ordinary shots, but steep shots off a paddle's end outrun it now and then.
    private func moveCPU() {
        var targetCenter = (Self.playfieldRows.lowerBound + Self.playfieldRows.upperBound) / 2
        if ballInPlay && ballSpeedX < 0 {
            let top = Self.playfieldRows.lowerBound * Self.subpixels
            let bottom = (Self.playfieldRows.upperBound + 1 - Self.ballHeight) * Self.subpixels
            let framesToPaddle = max(0, (ballX - (Self.cpuColumn + Self.paddleWidth) * Self.subpixels) / -ballSpeedX)
            var ahead = ballY + min(Self.cpuLookahead, framesToPaddle) * ballSpeedY
            if ahead < top { ahead = 2 * top - ahead }
            if ahead > bottom { ahead = 2 * bottom - ahead }
            targetCenter = ahead / Self.subpixels + Self.ballHeight / 2 + cpuAimOffset
        }
        let target = (targetCenter - Self.paddleHeight / 2) * Self.subpixels
        let move = max(-Self.cpuSpeed, min(Self.cpuSpeed, target - cpuTop))
        cpuTop = max(PongPaddle.topRange.lowerBound * Self.subpixels,
                     min(PongPaddle.topRange.upperBound * Self.subpixels, cpuTop + move))
    }

    /// Moves the ball one frame: walls, paddles, points. Returns the reward of this frame.
    private func moveBall() -> Int {
        ballX += ballSpeedX
        ballY += ballSpeedY
        let top = Self.playfieldRows.lowerBound * Self.subpixels
        let bottom = (Self.playfieldRows.upperBound + 1 - Self.ballHeight) * Self.subpixels
        if ballY < top {
            ballY = 2 * top - ballY
            ballSpeedY = -ballSpeedY
        } else if ballY > bottom {
            ballY = 2 * bottom - ballY
            ballSpeedY = -ballSpeedY
        }
        let x = ballX >> 4, y = ballY >> 4
        if ballSpeedX > 0, hits(x: x, y: y, column: Self.agentColumn, paddleTop: agentPaddle.top) {
            bounce(offPaddleTop: agentPaddle.top, y: y, direction: -1, column: Self.agentColumn - Self.ballWidth)
        } else if ballSpeedX < 0, hits(x: x, y: y, column: Self.cpuColumn, paddleTop: cpuTop >> 4) {
            bounce(offPaddleTop: cpuTop >> 4, y: y, direction: 1, column: Self.cpuColumn + Self.paddleWidth)
        }
        if x >= 160 {
            cpuScore += 1
            endPoint(nextServe: 1)
            return -1
        }
        if x <= -Self.ballWidth {
            agentScore += 1
            endPoint(nextServe: -1)
            return 1
        }
        return 0
    }

    private func hits(x: Int, y: Int, column: Int, paddleTop: Int) -> Bool {
        x + Self.ballWidth > column && x < column + Self.paddleWidth
            && y + Self.ballHeight > paddleTop && y < paddleTop + Self.paddleHeight
    }

    /// Sends the ball back with a vertical speed chosen by where it met the paddle (8 zones).
    private func bounce(offPaddleTop paddleTop: Int, y: Int, direction: Int, column: Int) {
        let offset = (y + Self.ballHeight / 2) - paddleTop + 1  // 0...18 over the hit window
        let zone = max(0, min(Self.bounceSpeedsY.count - 1, offset * Self.bounceSpeedsY.count / 19))
        ballSpeedX = direction * Self.ballSpeedX
        ballSpeedY = Self.bounceSpeedsY[zone]
        ballX = column * Self.subpixels
    }

    /// The point is over: the ball leaves, and serves toward the side that lost it after a pause.
    private func endPoint(nextServe: Int) {
        sceneIsStale = true
        ballInPlay = false
        serveDirection = nextServe
        serveCountdown = Self.serveDelay
    }

    // MARK: - Drawing

    private static func makeBackground() -> FrameBuffer {
        var frame = FrameBuffer(filledWith: background)
        frame.fillRect(x: 0, y: 0, width: 8, height: 1, color: RGB(0, 0, 0))  // ALE's HMOVE artefact
        frame.fillRect(x: 0, y: topWallRows.lowerBound, width: 160, height: topWallRows.count, color: white)
        frame.fillRect(x: 0, y: bottomWallRows.lowerBound, width: 160, height: bottomWallRows.count, color: white)
        return frame
    }

    public func render(into frame: inout FrameBuffer) {
        if sceneIsStale {
            sceneFrame.copy(from: backgroundFrame)
            Self.drawScore(cpuScore, onesX: 36, color: Self.cpuOrange, into: &sceneFrame)
            Self.drawScore(agentScore, onesX: 116, color: Self.agentGreen, into: &sceneFrame)
            sceneIsStale = false
        }
        frame.copy(from: sceneFrame)
        drawPaddle(column: Self.cpuColumn, top: cpuTop >> 4, color: Self.cpuOrange, into: &frame)
        drawPaddle(column: Self.agentColumn, top: agentPaddle.top, color: Self.agentGreen, into: &frame)
        if ballInPlay {
            frame.fillRect(x: ballX >> 4, y: ballY >> 4, width: Self.ballWidth, height: Self.ballHeight, color: Self.white)
        }
    }

    private static func drawScore(_ score: Int, onesX: Int, color: RGB, into frame: inout FrameBuffer) {
        ScoreDigits.draw(score % 10, x: onesX, y: 1, blockHeight: 4, color: color, into: &frame)
        if score >= 10 {
            ScoreDigits.draw(score / 10, x: onesX - 16, y: 1, blockHeight: 4, color: color, into: &frame)
        }
    }

    /// Paddles are drawn only inside the playfield: the walls hide the part that overlaps them.
    private func drawPaddle(column: Int, top: Int, color: RGB, into frame: inout FrameBuffer) {
        let visibleTop = max(top, Self.playfieldRows.lowerBound)
        let visibleBottom = min(top + Self.paddleHeight - 1, Self.playfieldRows.upperBound)
        guard visibleTop <= visibleBottom else { return }
        frame.fillRect(x: column, y: visibleTop, width: Self.paddleWidth, height: visibleBottom - visibleTop + 1, color: color)
    }
}
