import Env
import Foundation
import Tensor

/// Writes an animated GIF89a, frame by frame, to a file.
///
/// Each frame carries its own palette (local colour table), so Atari colours stay exact.
/// After the first frame only the rectangle that changed is stored, with unchanged pixels
/// inside it transparent, and identical frames just lengthen the previous frame's delay:
/// a Pong GIF then costs a few hundred bytes a frame. The animation loops forever.
public final class GIFWriter {
    public let path: String
    public let width: Int
    public let height: Int
    public private(set) var frameCount = 0

    private let handle: FileHandle
    private var encoder = LZWEncoder()
    private var previous: [UInt8]?
    /// The last frame, held back until we know its delay (identical successors extend it).
    private var pending: (bytes: [UInt8], delay: Int, transparentIndex: Int?)?
    private var finished = false

    public init(path: String, width: Int, height: Int) throws {
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw ViewerError.recordingFailed(path: path, reason: "GIF sizes are 1...65535, got \(width)x\(height)")
        }
        self.path = path
        self.width = width
        self.height = height
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ViewerError.recordingFailed(path: path, reason: "cannot create the file")
        }
        self.handle = handle
        var header = Array("GIF89a".utf8)
        header += le16(width) + le16(height)
        header += [0x00, 0x00, 0x00]  // no global colour table (every frame has its own), background 0, square pixels
        // NETSCAPE2.0 application extension: loop forever.
        header += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
        try write(header)
    }

    /// Adds a frame (`width` x `height` RGB) shown for `delay` hundredths of a second.
    public func add(_ image: RGBImage, delay: Int) throws {
        require(!finished, "frame added after finish()")
        guard image.width == width, image.height == height else {
            throw ViewerError.recordingFailed(path: path, reason: "frame is \(image.width)x\(image.height), the GIF \(width)x\(height)")
        }
        let delay = max(delay, 1)
        frameCount += 1
        guard let previous else {
            try flushPending()
            pending = (imageBlock(image.pixels, x: 0, y: 0, w: width, h: height, changed: nil).bytes, delay, nil)
            self.previous = image.pixels
            return
        }
        guard let box = changedBox(previous, image.pixels) else {
            pending!.delay += delay  // nothing moved: show the last frame longer
            return
        }
        try flushPending()
        var region = [UInt8](), changed = [Bool]()
        region.reserveCapacity(box.w * box.h * 3)
        for row in box.y..<(box.y + box.h) {
            for column in box.x..<(box.x + box.w) {
                let offset = (row * width + column) * 3
                let same = previous[offset] == image.pixels[offset] && previous[offset + 1] == image.pixels[offset + 1]
                    && previous[offset + 2] == image.pixels[offset + 2]
                changed.append(!same)
                region += image.pixels[offset..<(offset + 3)]
            }
        }
        let block = imageBlock(region, x: box.x, y: box.y, w: box.w, h: box.h, changed: changed)
        pending = (block.bytes, delay, block.transparentIndex)
        self.previous = image.pixels
    }

    /// Writes the last frame and the trailer, and closes the file.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try flushPending()
        try write([0x3B])
        try handle.close()
    }

    // MARK: - Blocks

    /// Image descriptor, local colour table and LZW data of one region. With `changed`, the
    /// unchanged pixels get a transparent index that takes the palette's last slot.
    private func imageBlock(_ rgb: [UInt8], x: Int, y: Int, w: Int, h: Int, changed: [Bool]?) -> (bytes: [UInt8], transparentIndex: Int?) {
        let skip = changed.map { $0.map { !$0 } }
        let capacity = skip == nil ? 256 : 255
        var result = ColorQuantizer.quantize(rgb, capacity: capacity, skip: skip)
        var transparentIndex: Int?
        if let skip {
            let transparent = result.palette.count
            result.palette.append(RGB(0, 0, 0))
            for i in result.indices.indices where skip[i] { result.indices[i] = UInt8(transparent) }
            transparentIndex = transparent
        }
        var tableBits = 1  // GIF tables hold 2^(n+1) entries
        while 1 << tableBits < result.palette.count { tableBits += 1 }
        var bytes: [UInt8] = [0x2C] + le16(x) + le16(y) + le16(w) + le16(h) + [0x80 | UInt8(tableBits - 1)]
        for entry in result.palette { bytes += [entry.red, entry.green, entry.blue] }
        bytes += [UInt8](repeating: 0, count: 3 * ((1 << tableBits) - result.palette.count))
        let minimumCodeSize = max(2, tableBits)
        bytes.append(UInt8(minimumCodeSize))
        let data = encoder.encode(result.indices, minimumCodeSize: minimumCodeSize)
        var start = 0
        while start < data.count {  // data sub-blocks of at most 255 bytes
            let end = min(start + 255, data.count)
            bytes.append(UInt8(end - start))
            bytes += data[start..<end]
            start = end
        }
        bytes.append(0)
        return (bytes, transparentIndex)
    }

    private func flushPending() throws {
        guard let frame = pending else { return }
        pending = nil
        // Graphic control extension: disposal 1 (leave the frame in place: later frames only
        // store what changed), the delay, the transparent index if any.
        let flags: UInt8 = 1 << 2 | (frame.transparentIndex == nil ? 0 : 1)
        let control: [UInt8] = [0x21, 0xF9, 0x04, flags] + le16(min(frame.delay, 65535))
            + [UInt8(frame.transparentIndex ?? 0), 0x00]
        try write(control + frame.bytes)
    }

    private func changedBox(_ a: [UInt8], _ b: [UInt8]) -> (x: Int, y: Int, w: Int, h: Int)? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for row in 0..<height {
            let start = row * width * 3
            for column in 0..<width {
                let offset = start + column * 3
                if a[offset] != b[offset] || a[offset + 1] != b[offset + 1] || a[offset + 2] != b[offset + 2] {
                    minX = min(minX, column); maxX = max(maxX, column)
                    minY = min(minY, row); maxY = max(maxY, row)
                }
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }

    private func write(_ bytes: [UInt8]) throws {
        do { try handle.write(contentsOf: Data(bytes)) } catch {
            throw ViewerError.recordingFailed(path: path, reason: "\(error)")
        }
    }

    private func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
}
