import Foundation

/// Pillow's `Image.resize(size, Image.BILINEAR)` for 8-bit RGB, reproduced bit for bit.
///
/// IRIS feeds its networks frames resized by Pillow, and Pillow's BILINEAR is not textbook
/// bilinear when it shrinks: the triangle filter is widened by the scale factor, weights are
/// normalised then quantised to 22-bit fixed point, and each pass rounds to UInt8
/// (horizontal first, then vertical). The tap tables are computed once with the same double
/// arithmetic as Pillow's `precompute_coeffs`, so the integer passes below match it exactly.
///
/// The resizer also remembers its previous input: a source row that did not change since the
/// last call (or equals the row above it) is not resampled again, and output rows whose taps
/// saw no change are kept. Atari frames change in a few rows per step, so this makes the
/// resize a small part of an agent step while producing the same bytes as a full resize.
public final class BilinearResizer {
    public let inputWidth: Int
    public let inputHeight: Int
    public let outputWidth: Int
    public let outputHeight: Int

    /// The latest result, `outputHeight * outputWidth * 3` bytes, row-major RGB.
    public private(set) var output: [UInt8]

    private let horizontal: ResampleTaps
    private let vertical: ResampleTaps
    /// Horizontally resampled rows: `inputHeight` rows of `outputWidth * 3` bytes.
    private var intermediate: [UInt8]
    private var previousSource: [UInt8]
    private var rowChanged: [Bool]
    private var accumulators: [Int32]
    private var hasPrevious = false

    public init(inputWidth: Int, inputHeight: Int, outputWidth: Int, outputHeight: Int) {
        precondition(inputWidth > 0 && inputHeight > 0 && outputWidth > 0 && outputHeight > 0)
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        horizontal = ResampleTaps(inputSize: inputWidth, outputSize: outputWidth)
        vertical = ResampleTaps(inputSize: inputHeight, outputSize: outputHeight)
        output = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        intermediate = [UInt8](repeating: 0, count: outputWidth * inputHeight * 3)
        previousSource = [UInt8](repeating: 0, count: inputWidth * inputHeight * 3)
        rowChanged = [Bool](repeating: true, count: inputHeight)
        accumulators = [Int32](repeating: 0, count: outputWidth * 3)
    }

    /// Forgets the previous input, so the next call resamples everything.
    public func invalidate() {
        hasPrevious = false
    }

    /// Resizes `source` (`inputHeight * inputWidth * 3` bytes, row-major RGB) into `output`.
    public func resize(_ source: [UInt8]) {
        precondition(source.count == inputWidth * inputHeight * 3, "source has \(source.count) bytes")
        source.withUnsafeBufferPointer { resize(source: $0.baseAddress!) }
    }

    /// Resizes from raw memory of `inputHeight * inputWidth * 3` bytes into `output`.
    public func resize(source: UnsafePointer<UInt8>) {
        let sourceRowBytes = inputWidth * 3
        let middleRowBytes = outputWidth * 3
        var anyChange = false
        previousSource.withUnsafeMutableBufferPointer { previousBuffer in
            intermediate.withUnsafeMutableBufferPointer { middleBuffer in
                let previous = previousBuffer.baseAddress!
                let middle = middleBuffer.baseAddress!
                for y in 0..<inputHeight {
                    let row = source + y * sourceRowBytes
                    let previousRow = previous + y * sourceRowBytes
                    if hasPrevious && memcmp(row, previousRow, sourceRowBytes) == 0 {
                        rowChanged[y] = false
                        continue
                    }
                    rowChanged[y] = true
                    anyChange = true
                    previousRow.update(from: row, count: sourceRowBytes)
                    let middleRow = middle + y * middleRowBytes
                    if y > 0 && memcmp(row, row - sourceRowBytes, sourceRowBytes) == 0 {
                        // Same pixels as the row above, whose resampled row is already current.
                        middleRow.update(from: middleRow - middleRowBytes, count: middleRowBytes)
                    } else {
                        resampleRow(row, into: middleRow)
                    }
                }
            }
        }
        let firstCall = !hasPrevious
        hasPrevious = true
        guard anyChange || firstCall else { return }
        for outputRow in 0..<outputHeight {
            let first = Int(vertical.first[outputRow])
            let count = Int(vertical.count[outputRow])
            var needed = firstCall
            if !needed {
                for y in first..<(first + count) where rowChanged[y] {
                    needed = true
                    break
                }
            }
            if needed { resampleColumns(outputRow: outputRow) }
        }
    }

    /// The horizontal pass of one row: `outputWidth` RGB pixels from `inputWidth`.
    @inline(__always)
    private func resampleRow(_ row: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) {
        horizontal.weights.withUnsafeBufferPointer { weightBuffer in
            horizontal.first.withUnsafeBufferPointer { firstBuffer in
                horizontal.count.withUnsafeBufferPointer { countBuffer in
                    let stride = horizontal.maxTaps
                    for x in 0..<outputWidth {
                        let weights = weightBuffer.baseAddress! + x * stride
                        var pixel = row + Int(firstBuffer[x]) * 3
                        var red = ResampleTaps.half, green = ResampleTaps.half, blue = ResampleTaps.half
                        for tap in 0..<Int(countBuffer[x]) {
                            let weight = weights[tap]
                            red &+= Int32(pixel[0]) &* weight
                            green &+= Int32(pixel[1]) &* weight
                            blue &+= Int32(pixel[2]) &* weight
                            pixel += 3
                        }
                        destination[x * 3] = ResampleTaps.clip(red)
                        destination[x * 3 + 1] = ResampleTaps.clip(green)
                        destination[x * 3 + 2] = ResampleTaps.clip(blue)
                    }
                }
            }
        }
    }

    /// The vertical pass of one output row, over whole contiguous rows (vectorises well).
    private func resampleColumns(outputRow: Int) {
        let rowBytes = outputWidth * 3
        let first = Int(vertical.first[outputRow])
        let count = Int(vertical.count[outputRow])
        let weightBase = outputRow * vertical.maxTaps
        intermediate.withUnsafeBufferPointer { middleBuffer in
            accumulators.withUnsafeMutableBufferPointer { accumulatorBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    let sums = accumulatorBuffer.baseAddress!
                    for element in 0..<rowBytes { sums[element] = ResampleTaps.half }
                    for tap in 0..<count {
                        let weight = vertical.weights[weightBase + tap]
                        let row = middleBuffer.baseAddress! + (first + tap) * rowBytes
                        for element in 0..<rowBytes {
                            sums[element] &+= Int32(row[element]) &* weight
                        }
                    }
                    let destination = outputBuffer.baseAddress! + outputRow * rowBytes
                    for element in 0..<rowBytes {
                        destination[element] = ResampleTaps.clip(sums[element])
                    }
                }
            }
        }
    }
}

/// One axis of Pillow's resampling: for each output pixel, its first input pixel, its tap
/// count and its fixed-point weights (`precompute_coeffs` + `normalize_coeffs_8bpc`, Resample.c).
struct ResampleTaps {
    static let precisionBits: Int32 = 22
    static let half: Int32 = 1 << (precisionBits - 1)

    let first: [Int32]
    let count: [Int32]
    /// `outputSize * maxTaps` weights, each row summing to about 2^22.
    let weights: [Int32]
    let maxTaps: Int

    init(inputSize: Int, outputSize: Int) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let support = 1.0 * filterScale  // the bilinear (triangle) filter has support 1
        maxTaps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int32](), count = [Int32]()
        var weights = [Int32](repeating: 0, count: outputSize * maxTaps)
        for output in 0..<outputSize {
            let center = 0.0 + (Double(output) + 0.5) * scale
            let inverseScale = 1.0 / filterScale
            let low = max(Int(center - support + 0.5), 0)
            let high = min(Int(center + support + 0.5), inputSize)
            var raw = [Double]()
            var total = 0.0
            for x in 0..<(high - low) {
                let weight = Self.triangle((Double(x + low) - center + 0.5) * inverseScale)
                raw.append(weight)
                total += weight
            }
            for (tap, weight) in raw.enumerated() {
                let normalised = total != 0 ? weight / total : weight
                let scaled = normalised * Double(1 << Self.precisionBits)
                weights[output * maxTaps + tap] = Int32(normalised < 0 ? -0.5 + scaled : 0.5 + scaled)
            }
            first.append(Int32(low))
            count.append(Int32(high - low))
        }
        self.first = first
        self.count = count
        self.weights = weights
    }

    static func triangle(_ x: Double) -> Double {
        let distance = abs(x)
        return distance < 1.0 ? 1.0 - distance : 0.0
    }

    /// Pillow's `clip8`: drop the fraction bits, clamp to a byte.
    @inline(__always)
    static func clip(_ accumulator: Int32) -> UInt8 {
        let value = accumulator >> precisionBits
        return value < 0 ? 0 : (value > 255 ? 255 : UInt8(truncatingIfNeeded: value))
    }
}

/// A one-shot Pillow-exact BILINEAR resize of an RGB image (allocates; for tools and tests).
public func bilinearResize(rgb: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
    let resizer = BilinearResizer(inputWidth: width, inputHeight: height, outputWidth: toWidth, outputHeight: toHeight)
    resizer.resize(rgb)
    return resizer.output
}
