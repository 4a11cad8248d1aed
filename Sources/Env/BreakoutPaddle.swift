/// Breakout's paddle as ALE drives it: a potentiometer knob, the cartridge's reading of it, and
/// the drawn paddle that closes half the gap to that reading every frame.
///
/// Measured with ale-py 0.12.1 at frameskip 1 (Experiments/ale/breakout.py): ALE turns the knob
/// by 23000 resistance units per frame while RIGHT or LEFT is held (RIGHT lowers it), clamped to
/// 27450...790196 and starting at their midpoint 408823. The cartridge times the knob's capacitor
/// in 2-line steps, giving an even reading 0...184 (`readings`, tabulated because the kernel's
/// timing is not linear in the resistance). The paddle's target column is `188 - reading`; each
/// frame the paddle moves by half the gap to the target of the previous frame's reading, rounded
/// down (an arithmetic shift), and is clamped to columns 8...144. Hence it accelerates from 1 to
/// 5-6 px/frame while a move is held, overshoots the clamp with the knob (a paddle held against
/// the right edge waits ~8 frames before it leaves it), and starts at column 99. These rules
/// reproduce every frame of a 3000-frame random trace.
public struct BreakoutPaddle: Equatable, Sendable {
    static let knobStep = 23_000
    static let knobRange = 27_450...790_196
    static let knobStart = (knobRange.lowerBound + knobRange.upperBound) / 2
    /// Leftmost and rightmost column of the paddle's left edge (at 144 the wall hides its right half).
    public static let columns = 8...144

    /// Readings by `knob / knobStep` on each of the knob's three lattices: a knob moved from its
    /// start stays on the start's lattice (`knob % knobStep` fixed) until it hits a clamp, then on
    /// that clamp's. Index 0 and the start lattice's index 34 cannot be reached.
    static let readings: [[UInt8]] = [
        [0, 0, 0, 0, 16, 22, 26, 32, 38, 44, 48, 54, 60, 66, 72, 76, 82, 88, 94, 100, 106,
         112, 116, 122, 128, 134, 140, 146, 152, 158, 164, 168, 174, 180, 0],  // from the start
        [0, 0, 0, 0, 12, 18, 24, 28, 34, 40, 46, 50, 56, 62, 68, 74, 80, 84, 90, 96,
         102, 108, 114, 120, 126, 130, 136, 142, 148, 154, 160, 166, 172, 178, 182],  // from the lower clamp
        [0, 0, 0, 0, 12, 18, 24, 30, 34, 40, 46, 52, 58, 64, 68, 74, 80, 86, 92, 98,
         104, 108, 114, 120, 126, 132, 138, 144, 150, 154, 160, 166, 172, 178, 184],  // from the upper clamp
    ]
    private static let flatReadings: [UInt8] = readings.flatMap { $0 }

    /// The knob's resistance, as ALE sets it.
    public private(set) var knob = knobStart
    /// Which of the three lattices the knob is on (start, lower clamp, upper clamp).
    private var lattice = 0
    /// The cartridge's reading of the knob on the previous frame.
    private var reading = 88
    /// The drawn paddle's left column.
    public private(set) var x = 99

    public init() {}

    /// One frame: `direction` +1 for RIGHT, -1 for LEFT, 0 otherwise.
    public mutating func advance(direction: Int) {
        x = max(Self.columns.lowerBound, min(Self.columns.upperBound, x + ((188 - reading - x) >> 1)))
        guard direction != 0 else { return }
        knob -= direction * Self.knobStep
        if knob <= Self.knobRange.lowerBound {
            knob = Self.knobRange.lowerBound
            lattice = 1
        } else if knob >= Self.knobRange.upperBound {
            knob = Self.knobRange.upperBound
            lattice = 2
        }
        reading = Int(Self.flatReadings[lattice * 35 + knob / Self.knobStep])
    }
}
