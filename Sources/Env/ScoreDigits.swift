/// The score font of 2600 games: 3x5 blocky digits drawn with playfield pixels.
///
/// Each cell of the 3x5 grid becomes a block of 4 columns and `blockHeight` rows, so a digit
/// is 12 pixels wide; Pong uses 4-row blocks (12x20 glyphs), Breakout 2-row blocks (12x10).
enum ScoreDigits {
    /// Rows of each glyph, top first; bit 2 is the left column.
    static let glyphs: [[UInt8]] = [
        [0b111, 0b101, 0b101, 0b101, 0b111],  // 0
        [0b010, 0b010, 0b010, 0b010, 0b010],  // 1
        [0b111, 0b001, 0b111, 0b100, 0b111],  // 2
        [0b111, 0b001, 0b111, 0b001, 0b111],  // 3
        [0b101, 0b101, 0b111, 0b001, 0b001],  // 4
        [0b111, 0b100, 0b111, 0b001, 0b111],  // 5
        [0b111, 0b100, 0b111, 0b101, 0b111],  // 6
        [0b111, 0b001, 0b001, 0b001, 0b001],  // 7
        [0b111, 0b101, 0b111, 0b101, 0b111],  // 8
        [0b111, 0b101, 0b111, 0b001, 0b111],  // 9
    ]

    static let blockWidth = 4

    /// Draws one digit (0-9) with its top-left corner at (x, y).
    static func draw(_ digit: Int, x: Int, y: Int, blockHeight: Int, color: RGB, into frame: inout FrameBuffer) {
        let glyph = glyphs[digit]
        for (row, bits) in glyph.enumerated() {
            for column in 0..<3 where bits & (0b100 >> UInt8(column)) != 0 {
                frame.fillRect(
                    x: x + column * blockWidth, y: y + row * blockHeight,
                    width: blockWidth, height: blockHeight, color: color)
            }
        }
    }
}
