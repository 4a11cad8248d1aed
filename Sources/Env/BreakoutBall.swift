/// Breakout's ball: position and velocity in 1/256 px (the cartridge's 8.8 fixed point), and the
/// speed ladder that paddle hits and high bricks climb.
///
/// Measured with ale-py 0.12.1 (Experiments/ale/breakout.py, Experiments/ale/README.md): the
/// fractions are never reset, not even between balls, so a ball's 1.5 px/frame alternates 1 and 2
/// in a phase set by its history. Speeds (|vx|, |vy|) in px/frame, by the state `level`:
///
/// | level | when | outer quarter of the paddle | inner half |
/// |---|---|---|---|
/// | 0 | launch | (1, 1) | (1, 1) |
/// | 1-3 | paddle hits 1-3 | (1.5, 1) | (1, 1.5) |
/// | 4-7 | paddle hits 4-7 | (1.5, 2) | (0.5, 2) |
/// | 8-11 | paddle hits 8-11 | (2, 1) | (2, 1) |
/// | 12 | 12 hits and more | (2, 2) | (2, 2) |
/// | 16 | a brick in the top three rows was hit | (2, 3.375) | (2, 3.375) |
///
/// The level starts at 0 with every ball.
public struct BreakoutBall: Equatable, Sendable {
    public static let width = 2
    public static let height = 4
    /// The level reached by hitting a brick in the top three rows, kept until the ball is lost.
    static let fastLevel = 16

    /// Left column and top row in 1/256 px.
    public internal(set) var x = 0
    public internal(set) var y = 0
    /// Velocity in 1/256 px per frame.
    public internal(set) var speedX = 0
    public internal(set) var speedY = 0
    /// The speed state of the table above.
    public internal(set) var level = 0

    /// The drawn left column and top row.
    public var column: Int { x >> 8 }
    public var row: Int { y >> 8 }

    /// (|vx|, |vy|) in 1/256 px per frame at `level`, hit on an outer quarter or the inner half.
    static func speeds(level: Int, outer: Bool) -> (x: Int, y: Int) {
        switch level {
        case 0: (256, 256)
        case 1...3: outer ? (384, 256) : (256, 384)
        case 4...7: outer ? (384, 512) : (128, 512)
        case 8...11: (512, 256)
        case 12: (512, 512)
        default: (512, 864)
        }
    }

    /// Places a new ball at (`column`, `row`) moving down at level 0, keeping the fractions.
    mutating func launch(column: Int, row: Int, movingRight: Bool) {
        x = column << 8 | (x & 0xFF)
        y = row << 8 | (y & 0xFF)
        level = 0
        speedX = movingRight ? 256 : -256
        speedY = 256
    }

    /// Sends the ball up after a paddle hit; `offset` is the ball's column minus the paddle's,
    /// in full-paddle units (-1...15). Zones: -1...1 and 11...15 outer, 2...6 and 7...10 inner.
    mutating func bounceOffPaddle(offset: Int) {
        if level != Self.fastLevel { level = min(level + 1, 12) }
        let speed = Self.speeds(level: level, outer: offset <= 1 || offset >= 11)
        speedX = offset <= 6 ? -speed.x : speed.x
        speedY = -speed.y
    }

    /// A brick sends the ball back vertically; one of the top three rows makes it fast.
    mutating func bounceOffBrick(row: Int) {
        speedY = -speedY
        guard row <= 2 && level != Self.fastLevel else { return }
        level = Self.fastLevel
        let speed = Self.speeds(level: level, outer: true)
        speedX = speedX < 0 ? -speed.x : speed.x
        speedY = speedY < 0 ? -speed.y : speed.y
    }

    mutating func move() {
        x += speedX
        y += speedY
    }
}
