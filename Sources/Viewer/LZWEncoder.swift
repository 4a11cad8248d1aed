import Tensor

/// GIF's variable-length LZW compression of palette indices (GIF89a spec, appendix F).
///
/// Codes start at `minimumCodeSize + 1` bits and grow to 12; when all 4096 codes are used the
/// encoder emits a clear code and starts over. Bits are packed least significant first.
struct LZWEncoder {
    /// Dictionary of (prefix code, next index) -> code, indexed by `prefix << 8 | index`. Entries
    /// carry the generation that wrote them, so a clear code empties it in O(1) instead of
    /// rewriting 2^20 slots.
    private var table = [UInt32](repeating: 0, count: 1 << 20)
    private var generation: UInt32 = 0

    /// The compressed bytes (without GIF's minimum-code-size byte and sub-block framing).
    mutating func encode(_ indices: [UInt8], minimumCodeSize: Int) -> [UInt8] {
        require((2...8).contains(minimumCodeSize), "GIF minimum code size \(minimumCodeSize) must be in 2...8")
        let clear = 1 << minimumCodeSize, end = clear + 1
        var writer = BitWriter()
        var codeSize = minimumCodeSize + 1
        var next = clear + 2
        startGeneration()
        writer.write(clear, bits: codeSize)
        guard var prefix = indices.first.map(Int.init) else {
            writer.write(end, bits: codeSize)
            return writer.finish()
        }
        for index in indices.dropFirst() {
            let key = prefix << 8 | Int(index)
            let entry = table[key]
            if entry >> 12 == generation {
                prefix = Int(entry & 0xFFF)
                continue
            }
            writer.write(prefix, bits: codeSize)
            if next < 4096 {
                table[key] = generation << 12 | UInt32(next)
                next += 1
                // The decoder adds each entry one code later than we do, so it widens its codes
                // when its next code reaches 2^codeSize, one code after ours does.
                if next > 1 << codeSize && codeSize < 12 { codeSize += 1 }
            } else {
                writer.write(clear, bits: codeSize)
                startGeneration()
                codeSize = minimumCodeSize + 1
                next = clear + 2
            }
            prefix = Int(index)
        }
        writer.write(prefix, bits: codeSize)
        writer.write(end, bits: codeSize)
        return writer.finish()
    }

    private mutating func startGeneration() {
        generation += 1
        if generation >= 1 << 20 {  // would overflow the 20 bits left beside the code: wipe once
            table = [UInt32](repeating: 0, count: 1 << 20)
            generation = 1
        }
    }
}

/// Packs codes of varying width into bytes, least significant bit first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var count = 0

    mutating func write(_ code: Int, bits: Int) {
        buffer |= UInt32(code) << UInt32(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            count -= 8
        }
    }

    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        count = 0
        return bytes
    }
}
