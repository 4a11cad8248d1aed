/// Catch: a deliberately small diagnostic game, not an Atari title.
///
/// A ball falls from a random column; move the paddle under it: +1 for a catch, -1 for a miss;
/// 10 balls make an episode (about 130 agent steps). Objects are large so they stay clear at
/// 64x64. It exists so that tests and smoke runs can show learning within minutes on the tiny
/// preset: a correct agent masters it quickly, a broken one does not.
public final class Catch: Game {
    public static let name = "catch"

    public let minimalActions: [ALEAction] = [.noop, .right, .left]

    static let background = RGB(0, 0, 0)
    static let wallColor = Palette.ntsc(0x06)
    static let ballColor = Palette.ntsc(0x1E)  // yellow
    static let paddleColor = Palette.ntsc(0xC8)  // green
    static let ballSize = 8
    static let paddleWidth = 24
    static let paddleHeight = 6
    static let paddleRow = 184
    static let paddleSpeed = 4  // px/frame: 16 px per agent step
    static let fallSpeed = 3  // px/frame: a ball falls for about 13 agent steps
    static let firstBallRow = 32
    static let columns = 9  // balls start at x = 8 + 16 * column
    static let ballsPerEpisode = 10

    public private(set) var paddleX = 68
    public private(set) var ballX = 0
    public private(set) var ballY = 0
    public private(set) var ballsPlayed = 0
    public private(set) var caught = 0
    private var generator = SeededGenerator(seed: 0)
    private var backgroundFrame = FrameBuffer()

    public init() {
        var frame = FrameBuffer(filledWith: Self.background)
        frame.fillRect(x: 0, y: 24, width: 160, height: 8, color: Self.wallColor)
        frame.fillRect(x: 0, y: 194, width: 160, height: 16, color: Self.wallColor)
        backgroundFrame = frame
        reset(seed: 0)
    }

    public var lives: Int { 0 }

    public var isOver: Bool { ballsPlayed >= Self.ballsPerEpisode }

    public func reset(seed: UInt64) {
        generator = SeededGenerator(seed: seed, stream: 0x4341_5443)
        paddleX = 68
        ballsPlayed = 0
        caught = 0
        dropBall()
    }

    private func dropBall() {
        ballX = 8 + 16 * generator.uniform(0...(Self.columns - 1))
        ballY = Self.firstBallRow
    }

    public func step(_ action: ALEAction) -> Int {
        guard !isOver else { return 0 }
        paddleX = max(0, min(160 - Self.paddleWidth, paddleX + action.horizontal * Self.paddleSpeed))
        ballY += Self.fallSpeed
        guard ballY + Self.ballSize >= Self.paddleRow else { return 0 }
        ballsPlayed += 1
        let isCatch = ballX + Self.ballSize > paddleX && ballX < paddleX + Self.paddleWidth
        if isCatch { caught += 1 }
        if !isOver { dropBall() }
        return isCatch ? 1 : -1
    }

    public func render(into frame: inout FrameBuffer) {
        frame.copy(from: backgroundFrame)
        frame.fillRect(x: paddleX, y: Self.paddleRow, width: Self.paddleWidth, height: Self.paddleHeight, color: Self.paddleColor)
        if !isOver {
            frame.fillRect(x: ballX, y: ballY, width: Self.ballSize, height: Self.ballSize, color: Self.ballColor)
        }
    }
}
