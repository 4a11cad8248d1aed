import Testing
import Tensor
import Tokenizer

@Suite("Frame conversion")
struct FrameConversionTests {
    /// HWC bytes land in NCHW planes scaled to [0, 1], and come back unchanged.
    @Test func bytesToPlanesAndBack() {
        let size = 4, count = 2
        let bytes = (0..<(count * size * size * 3)).map { UInt8(($0 * 37) % 256) }
        let frames = Tensor(frames: bytes, count: count, size: size)
        #expect(frames.shape == [count, 3, size, size])
        // Frame 1, row 2, column 3, green: byte ((1 * 4 + 2) * 4 + 3) * 3 + 1 of the HWC data.
        let at = ((1 * size + 2) * size + 3) * 3 + 1
        #expect(frames[1, 1, 2, 3] == Float(bytes[at]) / 255)
        #expect(frames.frameBytes() == bytes)
        let fromPointer = bytes.withUnsafeBufferPointer { Tensor(frames: $0, count: count, size: size) }
        #expect(fromPointer.values == frames.values)
    }

    @Test func outOfRangeValuesClampAndRound() {
        let frames = Tensor(shape: [1, 3, 1, 2], values: [-0.5, 1.5, 0.5, 0.001, 0.999, .nan])
        #expect(frames.frameBytes() == [0, 128, 255, 255, 0, 0])
    }
}
