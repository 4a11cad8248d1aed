/// The console's screen: 160 columns x 210 rows of RGB, row-major, 3 bytes per pixel (HWC).
///
/// Games draw rectangles into it once per rendered frame; the ALE layer max-pools and resizes it.
/// Drawing clips to the screen, so a paddle half under a wall needs no special case.
public struct FrameBuffer: Equatable, Sendable {
    public static let width = 160
    public static let height = 210
    public static let byteCount = width * height * 3

    /// RGB bytes, `(y * width + x) * 3 + channel`.
    public var pixels: [UInt8]

    public init(filledWith color: RGB = RGB(0, 0, 0)) {
        pixels = [UInt8](repeating: 0, count: Self.byteCount)
        fill(color)
    }

    public subscript(x: Int, y: Int) -> RGB {
        let offset = (y * Self.width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    public mutating func fill(_ color: RGB) {
        fillRect(x: 0, y: 0, width: Self.width, height: Self.height, color: color)
    }

    /// Paints the rectangle of `width` x `height` pixels whose top-left corner is (x, y), clipped.
    public mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: RGB) {
        let left = max(x, 0), right = min(x + width, Self.width)
        let top = max(y, 0), bottom = min(y + height, Self.height)
        guard left < right, top < bottom else { return }
        pixels.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for row in top..<bottom {
                var offset = (row * Self.width + left) * 3
                for _ in left..<right {
                    base[offset] = color.red
                    base[offset + 1] = color.green
                    base[offset + 2] = color.blue
                    offset += 3
                }
            }
        }
    }

    /// Overwrites this frame with `other` in place (one memcpy, no allocation): games start each
    /// render from a prerendered background this way.
    public mutating func copy(from other: FrameBuffer) {
        other.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                destination.baseAddress!.update(from: source.baseAddress!, count: Self.byteCount)
            }
        }
    }
}
