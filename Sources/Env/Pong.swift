/// Pong as ALE plays the "Video Olympics" cartridge: the agent is the green paddle on the right,
/// a CPU opponent the orange one on the left; first to 21 points ends the game. The rules are
/// `PongRules`; this class draws them as the console does.
public final class Pong: Game {
    public static let name = "pong"

    /// ALE's minimal set for Pong, in ALE's order: RIGHT moves up, LEFT moves down, FIRE hits hard.
    public let minimalActions: [ALEAction] = [.noop, .fire, .right, .left, .rightFire, .leftFire]

    // MARK: - Layout (pixels; x 0...159, y 0...209)

    static let topWallRows = 24...33
    static let bottomWallRows = 194...209
    static let playfieldRows = 34...193

    static let background = Palette.ntsc(0x22)  // (144, 72, 17)
    static let white = Palette.ntsc(0x0E)  // walls and ball (236, 236, 236)
    static let agentGreen = Palette.ntsc(0xC8)  // (92, 186, 92)
    static let cpuOrange = Palette.ntsc(0x38)  // (213, 130, 74)

    /// The game's state; a planner may copy it and play ahead.
    public private(set) var rules = PongRules()
    private var backgroundFrame = FrameBuffer()
    /// Background plus scores: redrawn only when a score changes.
    private var sceneFrame = FrameBuffer()
    private var drawnScores = (agent: -1, cpu: -1)

    public init() {
        backgroundFrame = Self.makeBackground()
    }

    public var lives: Int { 0 }
    public var isOver: Bool { rules.isOver }
    public var agentScore: Int { rules.agentScore }
    public var cpuScore: Int { rules.cpuScore }

    /// The cartridge has no randomness: every seed starts the same game.
    public func reset(seed: UInt64) {
        rules = PongRules()
    }

    public func step(_ action: ALEAction) -> Int {
        rules.step(action)
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
        if drawnScores != (rules.agentScore, rules.cpuScore) {
            sceneFrame.copy(from: backgroundFrame)
            Self.drawScore(rules.cpuScore, onesX: 36, color: Self.cpuOrange, into: &sceneFrame)
            Self.drawScore(rules.agentScore, onesX: 116, color: Self.agentGreen, into: &sceneFrame)
            drawnScores = (rules.agentScore, rules.cpuScore)
        }
        frame.copy(from: sceneFrame)
        drawPaddle(column: PongRules.cpuColumn, top: rules.cpuTop, color: Self.cpuOrange, into: &frame)
        if rules.frameCount >= 2 {  // the console first draws the agent's paddle on frame 2
            drawPaddle(column: PongRules.agentColumn, top: rules.agentPaddle.top, color: Self.agentGreen, into: &frame)
        }
        if rules.ballInPlay || rules.ballShown {
            let top = max(rules.drawnBallTop, Self.playfieldRows.lowerBound)
            let bottom = min(rules.drawnBallTop + PongRules.ballHeight, Self.playfieldRows.upperBound + 1)
            if top < bottom {
                frame.fillRect(x: rules.ballX, y: top, width: PongRules.ballWidth, height: bottom - top, color: Self.white)
            }
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
        let visibleBottom = min(top + PongRules.paddleHeight - 1, Self.playfieldRows.upperBound)
        guard visibleTop <= visibleBottom else { return }
        frame.fillRect(x: column, y: visibleTop, width: PongRules.paddleWidth,
                       height: visibleBottom - visibleTop + 1, color: color)
    }
}
