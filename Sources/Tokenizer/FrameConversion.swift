import Tensor

// The Env's observations (UInt8, height x width x RGB interleaved, row-major, frame after
// frame) to the tokenizer's input (Float NCHW in [0, 1]) and back, in single passes.

extension Tensor {
    /// `count` frames of `size` x `size` x 3 bytes (HWC) as a [count, 3, size, size] tensor in [0, 1].
    public convenience init(frames bytes: UnsafeBufferPointer<UInt8>, count: Int, size: Int = 64) {
        self.init(shape: [count, 3, size, size], values: planarFrames(bytes, count: count, size: size))
    }

    /// `count` frames of `size` x `size` x 3 bytes (HWC) as a [count, 3, size, size] tensor in [0, 1].
    public convenience init(frames bytes: [UInt8], count: Int, size: Int = 64) {
        let values = bytes.withUnsafeBufferPointer { planarFrames($0, count: count, size: size) }
        self.init(shape: [count, 3, size, size], values: values)
    }

    /// Frames [N, 3, S, S] with values in [0, 1] as N * S * S * 3 bytes (HWC, RGB interleaved),
    /// rounded to the nearest level and clamped (for PNG writing).
    public func frameBytes() -> [UInt8] {
        require(rank == 4 && shape[1] == 3, "frameBytes: need frames [N, 3, S, S], got \(shape)")
        let plane = shape[2] * shape[3], frame = 3 * plane, n = shape[0]
        return withUnsafeBufferPointer { x in
            [UInt8](unsafeUninitializedCapacity: n * frame) { out, initialized in
                for f in 0..<n {
                    let red = x.baseAddress! + f * frame, green = red + plane, blue = green + plane
                    let dst = out.baseAddress! + f * frame
                    for p in 0..<plane {
                        dst[3 * p] = byte(red[p])
                        dst[3 * p + 1] = byte(green[p])
                        dst[3 * p + 2] = byte(blue[p])
                    }
                }
                initialized = n * frame
            }
        }
    }
}

/// HWC bytes to planar Floats in [0, 1], one pass over each frame.
private func planarFrames(_ bytes: UnsafeBufferPointer<UInt8>, count: Int, size: Int) -> [Float] {
    let plane = size * size, frame = 3 * plane
    require(count >= 0 && size > 0 && bytes.count == count * frame,
          "Tensor(frames:): \(bytes.count) bytes for \(count) frames of \(size)x\(size)x3")
    return [Float](unsafeUninitializedCapacity: count * frame) { out, initialized in
        // Division, not a multiply by 1/255: the same values as IRIS's `obs.float().div(255)`.
        for f in 0..<count {
            let src = bytes.baseAddress! + f * frame
            let red = out.baseAddress! + f * frame, green = red + plane, blue = green + plane
            for p in 0..<plane {
                red[p] = Float(src[3 * p]) / 255
                green[p] = Float(src[3 * p + 1]) / 255
                blue[p] = Float(src[3 * p + 2]) / 255
            }
        }
        initialized = count * frame
    }
}

@inline(__always)
private func byte(_ v: Float) -> UInt8 {
    v.isNaN ? 0 : UInt8(Swift.min(Swift.max(v * 255 + 0.5, 0), 255))
}
