/// The agent's Pong paddle: a potentiometer knob and the paddle drawn on screen, which lags it.
///
/// Measured in ALE: while a move is held the knob turns ~5.6 px/frame (22-24 px per 4-frame
/// agent step); the drawn paddle is updated every 2nd frame, closing half the gap to the knob
/// each time, so it settles ~10 frames after release; both saturate at the bounds. Positions
/// are paddle tops; the knob is kept in 1/16 px.
public struct PongPaddle: Equatable, Sendable {
    /// Range of the paddle's top row (the walls hide the part of the paddle beyond the playfield).
    public static let topRange = 24...189
    /// Knob speed while a move is held: 90/16 = 5.625 px/frame.
    public static let knobSpeed = 90

    /// The knob position (paddle top it is turning toward), in 1/16 px.
    public private(set) var knob: Int
    /// The drawn paddle's top row.
    public private(set) var top: Int

    public init(top: Int) {
        self.top = top
        knob = top * 16
    }

    /// One frame: `direction` -1 moves up, +1 down, 0 holds. `frame` is the game's frame counter
    /// (the drawn position follows on even frames only).
    public mutating func advance(direction: Int, frame: Int) {
        knob = max(Self.topRange.lowerBound * 16, min(Self.topRange.upperBound * 16, knob + direction * Self.knobSpeed))
        guard frame % 2 == 0 else { return }
        let gap = (knob + 8) / 16 - top
        // Halve the gap, rounding away from zero so that the last pixel is closed too.
        top += gap > 0 ? (gap + 1) / 2 : -((-gap + 1) / 2)
    }
}
