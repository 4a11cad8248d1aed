/// The agent's Pong paddle: a potentiometer the game reads once a frame and smooths.
///
/// Modelled on ALE (Experiments/ale/README.md): each frame a held move turns the knob by ALE's
/// paddle step of resistance; the game converts the resistance to a row reading, clamped to the
/// paddle's range; on odd frames it moves its smoothed reading halfway toward the knob's, and on
/// even frames the paddle takes that reading, so the drawn paddle lags the knob and settles
/// about 10 frames after release. The paddle is drawn on even rows only.
public struct PongPaddle: Equatable, Sendable {
    /// ALE's paddle resistance range, reset value and step per frame held.
    static let resistanceRange = 27_450...790_196
    static let startResistance = 408_823
    static let resistanceStep = 23_000
    /// The game's reading of the knob, in game rows (a paddle's top row is 13 less).
    static let readingRange = 38...203
    static let startReading = 109

    /// The potentiometer's resistance.
    public private(set) var resistance = startResistance
    /// The game's smoothed reading of the knob, in game rows.
    public private(set) var reading = startReading
    /// Where the game puts the paddle, in game rows: the smoothed reading, taken on even frames.
    public private(set) var position = startReading

    public init() {}

    /// The row the knob reads, from the resistance: ~5.75 rows per frame of turning.
    var knob: Int {
        let row = (resistance * 2_505 + 68_000_000) / 10_000_000
        return min(Self.readingRange.upperBound, max(Self.readingRange.lowerBound, row))
    }

    /// The paddle's top row on screen.
    public var top: Int { (position - 13) & ~1 }

    /// One frame: `direction` -1 moves up, +1 down, 0 holds. `frame` is the game's frame counter.
    public mutating func advance(direction: Int, frame: Int) {
        resistance = min(Self.resistanceRange.upperBound,
                         max(Self.resistanceRange.lowerBound, resistance + direction * Self.resistanceStep))
        if frame % 2 == 1 {
            let target = knob
            reading = target + (reading - target) / 2
        } else {
            position = reading
        }
    }
}
