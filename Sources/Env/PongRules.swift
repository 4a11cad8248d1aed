/// The state and rules of Pong, one 60 Hz frame at a time, as a value: a planner can copy it
/// and play ahead (`PongScriptedPlayer`). `Pong` draws it.
///
/// The rules are read off ALE's RAM and frames (Experiments/ale/README.md): the ball moves in
/// whole pixels, 1-4 px/frame across and 0-2 px/frame up or down; where it meets a paddle picks
/// its vertical speed (five 4-px zones); holding FIRE as the agent's paddle meets it speeds it up
/// by 1 px/frame (at most 4) for the rest of the rally. The CPU chases the ball's height at
/// 2 px/frame but rests one frame in eight, so steep or fast shots get past it. The cartridge is
/// deterministic: as in ALE, what varies between episodes is the no-op start and the policy.
public struct PongRules: Equatable, Sendable {
    // MARK: - Measured in ALE

    static let winningScore = 21
    static let agentColumn = 140
    static let cpuColumn = 16
    static let paddleWidth = 4
    static let paddleHeight = 16
    static let ballWidth = 2
    static let ballHeight = 4
    /// Frames from reset to the first serve, and from a point to the next.
    static let firstServeFrame = 59
    static let serveDelay = 63
    /// Where a serve starts (the ball is drawn one move later).
    static let serveX = 79, serveY = 114
    /// A point is scored once the ball's left edge is at or beyond these columns.
    static let agentPointX = 3, cpuPointX = 156
    /// The ball turns back from the walls when its top leaves these rows.
    static let ballTopRange = 32...191
    static let maxBallSpeedX = 4
    /// The CPU's chase speed; it rests on frames where `frameCount % 8 == cpuRestPhase`.
    static let cpuSpeed = 2
    static let cpuRestPhase = 2
    /// The game's rows are screen rows plus this.
    static let rowOffset = 14
    /// The CPU paddle's top at reset (above the screen, as in ALE before the first serve).
    static let cpuStartTop = 7
    /// The CPU paddle's top chases the ball's top minus this many pixels.
    static let cpuAim = 1
    /// How far up the CPU paddle climbs between points (hidden behind the top wall).
    static let cpuParkedTop = -15

    // MARK: - State

    public private(set) var agentScore = 0
    public private(set) var cpuScore = 0
    public private(set) var agentPaddle = PongPaddle()
    /// The CPU paddle's top row (negative: hidden above the playfield).
    public private(set) var cpuTop = cpuStartTop
    /// The ball's top-left corner and speed in pixels per frame; meaningful while `ballInPlay`.
    public private(set) var ballX = 0
    public private(set) var ballY = 0
    public private(set) var ballSpeedX = 0
    public private(set) var ballSpeedY = 0
    public private(set) var ballInPlay = false
    /// The frame a point is scored still shows the ball where it left.
    public private(set) var ballShown = false
    /// Frames left until the next serve.
    public private(set) var serveCountdown = firstServeFrame
    /// +1 serves toward the agent, -1 toward the CPU (the first serve goes to the CPU).
    private var serveDirection = -1
    /// A serve leaves up or down as the last rally's ball was going.
    private var serveSpeedY = 1
    /// Frames since reset.
    public private(set) var frameCount = 0

    public init() {}

    public var isOver: Bool { agentScore >= Self.winningScore || cpuScore >= Self.winningScore }

    /// One frame with `action` held; returns +1 when the agent scores, -1 when the CPU does.
    public mutating func step(_ action: ALEAction) -> Int {
        guard !isOver else { return 0 }
        frameCount += 1
        var reward = 0
        if ballInPlay {
            reward = playBall(fire: action.fire)
        } else {
            ballShown = false
            serveCountdown -= 1
            if serveCountdown == 0 {
                serve()
            } else {
                moveCPU(towardBallTop: Self.cpuParkedTop + Self.cpuAim)
            }
        }
        agentPaddle.advance(direction: -action.horizontal, frame: frameCount)
        return reward
    }

    /// The console draws the ball a row higher on the right of the screen when its game row is
    /// odd (the kernel writes it late in the scanline); collisions see the drawn ball.
    public var drawnBallTop: Int {
        (ballY + Self.rowOffset) % 2 != 0 && ballX >= 129 ? ballY - 1 : ballY
    }

    /// The ball's vertical speed off a paddle, by the ball's game row minus the paddle's: five
    /// zones of four rows, steepest at the ends.
    static func returnSpeedY(offset: Int) -> Int {
        switch offset {
        case ...0: -2
        case 1...4: -1
        case 5...8: 0
        case 9...12: 1
        default: 2
        }
    }

    // MARK: - Rules

    /// One frame of a rally: a point, or a paddle, then the walls, then the move and the CPU's chase.
    private mutating func playBall(fire: Bool) -> Int {
        if ballX <= Self.agentPointX || ballX >= Self.cpuPointX {
            let agentScored = ballX <= Self.agentPointX
            if agentScored { agentScore += 1 } else { cpuScore += 1 }
            moveCPU(towardBallTop: ballY)
            endPoint(nextServe: agentScored ? -1 : 1)
            return agentScored ? 1 : -1
        }
        if ballSpeedX > 0, touches(column: Self.agentColumn, paddleTop: agentPaddle.top) {
            ballSpeedX = -(fire ? min(Self.maxBallSpeedX, ballSpeedX + 1) : ballSpeedX)
            ballSpeedY = Self.returnSpeedY(offset: ballY + Self.rowOffset - agentPaddle.position)
        } else if ballSpeedX < 0, touches(column: Self.cpuColumn, paddleTop: cpuTop) {
            ballSpeedX = -ballSpeedX
            ballSpeedY = Self.returnSpeedY(offset: ballY - cpuTop - Self.cpuAim)
        }
        if ballY < Self.ballTopRange.lowerBound {
            ballSpeedY = -ballSpeedY
            ballY += 1
        } else if ballY > Self.ballTopRange.upperBound {
            ballSpeedY = -ballSpeedY
            ballY -= 1
        }
        ballX += ballSpeedX
        ballY += ballSpeedY
        if ballSpeedY != 0 { serveSpeedY = ballSpeedY > 0 ? 1 : -1 }
        moveCPU(towardBallTop: ballY)
        return 0
    }

    /// Whether the drawn ball overlaps the paddle (the console's collision latch).
    private func touches(column: Int, paddleTop: Int) -> Bool {
        let top = drawnBallTop
        return ballX + Self.ballWidth > column && ballX < column + Self.paddleWidth
            && top + Self.ballHeight > paddleTop && top < paddleTop + Self.paddleHeight
    }

    /// The CPU paddle chases `ballTop - cpuAim`, 2 px a frame, resting one frame in eight.
    private mutating func moveCPU(towardBallTop ballTop: Int) {
        guard frameCount % 8 != Self.cpuRestPhase else { return }
        let gap = ballTop - Self.cpuAim - cpuTop
        cpuTop += gap > 0 ? Self.cpuSpeed : (gap < 0 ? -Self.cpuSpeed : 0)
    }

    /// The ball appears mid-court heading to the side that lost the last point; the CPU paddle
    /// jumps to it.
    private mutating func serve() {
        ballInPlay = true
        ballShown = true
        ballX = Self.serveX
        ballY = Self.serveY
        ballSpeedX = serveDirection
        ballSpeedY = serveSpeedY
        cpuTop = Self.serveY - Self.cpuAim
        ballX += ballSpeedX
        ballY += ballSpeedY
        moveCPU(towardBallTop: ballY)
    }

    /// The point is over: the ball stays drawn this frame, then vanishes until the next serve.
    private mutating func endPoint(nextServe: Int) {
        ballInPlay = false
        ballShown = true
        serveDirection = nextServe
        serveCountdown = Self.serveDelay
    }
}
