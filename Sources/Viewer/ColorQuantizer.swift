import Env
import Tensor

/// Turns RGB pixels into palette indices for GIF (at most 256 colours a frame).
///
/// Atari frames use a handful of palette colours and the header a few more, so most frames
/// are kept exactly. Frames with more colours (a decoder's reconstructions) go through median
/// cut on the colour histogram, and each colour maps to its nearest palette entry.
struct ColorQuantizer {
    struct Result {
        /// RGB triples, `colors.count / 3` entries.
        var palette: [RGB]
        var indices: [UInt8]
    }

    /// Indexes `pixels` (RGB bytes) with at most `capacity` colours (1...256). `skip` marks
    /// pixels that need no colour (GIF's transparent pixels): they get index 0 and add nothing.
    static func quantize(_ pixels: [UInt8], capacity: Int, skip: [Bool]? = nil) -> Result {
        require((1...256).contains(capacity), "palette capacity \(capacity) must be in 1...256")
        let count = pixels.count / 3
        var histogram: [UInt32: Int] = [:]
        var last: UInt32 = .max
        for i in 0..<count where skip?[i] != true {
            let color = packed(pixels, i)
            if color == last { histogram[color]! += 1; continue }  // runs are common: skip a lookup
            histogram[color, default: 0] += 1
            last = color
        }
        var lookup: [UInt32: UInt8] = [:]
        var palette: [RGB] = []
        if histogram.count <= capacity {
            // Most frequent first: deterministic order, and index 0 is the background.
            for (color, _) in histogram.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
                lookup[color] = UInt8(palette.count)
                palette.append(unpack(color))
            }
        } else {
            palette = medianCut(histogram, capacity: capacity)
            for color in histogram.keys { lookup[color] = UInt8(nearest(unpack(color), in: palette)) }
        }
        if palette.isEmpty { palette = [RGB(0, 0, 0)] }
        var indices = [UInt8](repeating: 0, count: count)
        last = .max
        var lastIndex: UInt8 = 0
        for i in 0..<count where skip?[i] != true {
            let color = packed(pixels, i)
            if color != last { lastIndex = lookup[color]!; last = color }
            indices[i] = lastIndex
        }
        return Result(palette: palette, indices: indices)
    }

    static func packed(_ pixels: [UInt8], _ i: Int) -> UInt32 {
        UInt32(pixels[3 * i]) << 16 | UInt32(pixels[3 * i + 1]) << 8 | UInt32(pixels[3 * i + 2])
    }

    static func unpack(_ color: UInt32) -> RGB {
        RGB(UInt8(color >> 16 & 0xFF), UInt8(color >> 8 & 0xFF), UInt8(color & 0xFF))
    }

    static func nearest(_ color: RGB, in palette: [RGB]) -> Int {
        var best = 0, bestDistance = Int.max
        for (index, entry) in palette.enumerated() {
            let dr = Int(color.red) - Int(entry.red), dg = Int(color.green) - Int(entry.green)
            let db = Int(color.blue) - Int(entry.blue)
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return best
    }

    /// Heckbert's median cut: split the box with the widest channel range at the pixel-weighted
    /// median of that channel until there are `capacity` boxes; each box's colour is its
    /// weighted mean.
    static func medianCut(_ histogram: [UInt32: Int], capacity: Int) -> [RGB] {
        typealias Entry = (color: RGB, weight: Int)
        func channel(_ c: RGB, _ k: Int) -> Int { k == 0 ? Int(c.red) : k == 1 ? Int(c.green) : Int(c.blue) }
        func widest(_ box: [Entry]) -> (channel: Int, range: Int) {
            var best = (channel: 0, range: -1)
            for k in 0..<3 {
                let values = box.map { channel($0.color, k) }
                let range = values.max()! - values.min()!
                if range > best.range { best = (k, range) }
            }
            return best
        }
        let entries = histogram.sorted { $0.key < $1.key }.map { (color: unpack($0.key), weight: $0.value) }
        var boxes: [[Entry]] = [entries]
        while boxes.count < capacity {
            guard let (index, split) = boxes.enumerated().filter({ $0.element.count > 1 })
                .map({ ($0.offset, widest($0.element)) }).max(by: { $0.1.range < $1.1.range }), split.range > 0
            else { break }
            let sorted = boxes[index].sorted { channel($0.color, split.channel) < channel($1.color, split.channel) }
            let total = sorted.reduce(0) { $0 + $1.weight }
            var running = 0, cut = 1
            for (position, entry) in sorted.enumerated() {
                running += entry.weight
                if running * 2 >= total { cut = max(1, min(sorted.count - 1, position + 1)); break }
            }
            boxes[index] = Array(sorted[..<cut])
            boxes.append(Array(sorted[cut...]))
        }
        return boxes.map { box in
            let total = box.reduce(0) { $0 + $1.weight }
            func mean(_ k: Int) -> UInt8 {
                UInt8((box.reduce(0) { $0 + channel($1.color, k) * $1.weight } + total / 2) / total)
            }
            return RGB(mean(0), mean(1), mean(2))
        }
    }
}
