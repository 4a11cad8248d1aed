import Env
import Tensor

/// An 8-bit RGB image, row-major, 3 bytes per pixel (HWC): the viewer's panels and its canvas.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `(y * width + x) * 3 + channel`.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, fill color: RGB = RGB(0, 0, 0)) {
        require(width > 0 && height > 0, "an image needs a positive size, got \(width)x\(height)")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        if color != RGB(0, 0, 0) { fillRect(x: 0, y: 0, width: width, height: height, color: color) }
    }

    /// Wraps existing RGB bytes (e.g. a 64x64x3 observation).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        require(width > 0 && height > 0 && pixels.count == width * height * 3,
                     "expected \(width)x\(height)x3 bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The console's 160x210 screen.
    public init(_ frame: FrameBuffer) {
        self.init(width: FrameBuffer.width, height: FrameBuffer.height, pixels: frame.pixels)
    }

    public subscript(x: Int, y: Int) -> RGB {
        let offset = (y * width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Paints a rectangle, clipped to the image.
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: RGB) {
        let left = max(x, 0), right = min(x + w, width)
        let top = max(y, 0), bottom = min(y + h, height)
        guard left < right, top < bottom else { return }
        let stride = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            for row in top..<bottom {
                var offset = (row * stride + left) * 3
                for _ in left..<right {
                    buffer[offset] = color.red
                    buffer[offset + 1] = color.green
                    buffer[offset + 2] = color.blue
                    offset += 3
                }
            }
        }
    }

    /// Copies `source` with its top-left corner at (x, y), each source pixel becoming a
    /// `factor` x `factor` block (nearest neighbour: Atari pixels stay sharp), clipped.
    public mutating func blit(_ source: RGBImage, x: Int, y: Int, factor: Int) {
        require(factor >= 1, "scale factor \(factor) must be at least 1")
        let destinationWidth = width, destinationHeight = height
        pixels.withUnsafeMutableBufferPointer { destination in
            source.pixels.withUnsafeBufferPointer { from in
                for sourceRow in 0..<source.height {
                    for repeatRow in 0..<factor {
                        let row = y + sourceRow * factor + repeatRow
                        guard row >= 0, row < destinationHeight else { continue }
                        for sourceColumn in 0..<source.width {
                            let input = (sourceRow * source.width + sourceColumn) * 3
                            let red = from[input], green = from[input + 1], blue = from[input + 2]
                            let firstColumn = x + sourceColumn * factor
                            for column in max(firstColumn, 0)..<min(firstColumn + factor, destinationWidth) {
                                let output = (row * destinationWidth + column) * 3
                                destination[output] = red
                                destination[output + 1] = green
                                destination[output + 2] = blue
                            }
                        }
                    }
                }
            }
        }
    }

    public func writePNG(path: String) throws {
        try Env.writePNG(path: path, width: width, height: height, rgb: pixels)
    }
}
