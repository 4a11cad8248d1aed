import Env
@testable import Viewer

/// A small GIF89a decoder for the tests: parses the blocks the writer emits and composes the
/// frames (transparency, disposal "leave in place"), so a test can compare them with what went in.
struct DecodedGIF {
    var width = 0, height = 0
    var loops = false
    var frames: [RGBImage] = []
    var delays: [Int] = []

    enum Failure: Error { case malformed(String) }

    init(_ bytes: [UInt8]) throws {
        var position = 0
        func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard position + n <= bytes.count else { throw Failure.malformed("truncated at \(position)") }
            defer { position += n }
            return bytes[position..<(position + n)]
        }
        func u16() throws -> Int { let b = try take(2); return Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8 }
        func u8() throws -> Int { Int(try take(1).first!) }
        func subBlocks() throws -> [UInt8] {
            var data: [UInt8] = []
            while true { let n = try u8(); if n == 0 { return data }; data += try take(n) }
        }
        guard Array(try take(6)) == Array("GIF89a".utf8) else { throw Failure.malformed("signature") }
        width = try u16(); height = try u16()
        let flags = try u8(); _ = try take(2)
        var global: [RGB] = []
        if flags & 0x80 != 0 { global = try Self.table(try take(3 << ((flags & 7) + 1))) }
        var canvas = RGBImage(width: width, height: height)
        var transparent: Int?, delay = 0
        loop: while true {
            switch try u8() {
            case 0x21:
                let label = try u8()
                let data = try subBlocks()
                if label == 0xF9 {
                    delay = Int(data[1]) | Int(data[2]) << 8
                    transparent = data[0] & 1 != 0 ? Int(data[3]) : nil
                } else if label == 0xFF, data.starts(with: Array("NETSCAPE2.0".utf8)) {
                    loops = true
                }
            case 0x2C:
                let x = try u16(), y = try u16(), w = try u16(), h = try u16()
                let imageFlags = try u8()
                let palette = imageFlags & 0x80 != 0 ? try Self.table(try take(3 << ((imageFlags & 7) + 1))) : global
                let minimumCodeSize = try u8()
                let indices = try Self.lzwDecode(try subBlocks(), minimumCodeSize: minimumCodeSize)
                guard indices.count >= w * h else { throw Failure.malformed("\(indices.count) indices for \(w)x\(h)") }
                for row in 0..<h {
                    for column in 0..<w {
                        let index = Int(indices[row * w + column])
                        if index == transparent { continue }
                        guard index < palette.count else { throw Failure.malformed("index \(index) outside the palette") }
                        canvas.fillRect(x: x + column, y: y + row, width: 1, height: 1, color: palette[index])
                    }
                }
                frames.append(canvas)
                delays.append(delay)
                transparent = nil
            case 0x3B: break loop
            case let other: throw Failure.malformed("unknown block \(other) at \(position - 1)")
            }
        }
    }

    static func table(_ bytes: ArraySlice<UInt8>) throws -> [RGB] {
        let b = Array(bytes)
        return stride(from: 0, to: b.count, by: 3).map { RGB(b[$0], b[$0 + 1], b[$0 + 2]) }
    }

    /// GIF LZW decoding as the spec gives it (no early change), written independently of the encoder.
    static func lzwDecode(_ data: [UInt8], minimumCodeSize: Int) throws -> [UInt8] {
        let clear = 1 << minimumCodeSize, end = clear + 1
        var dictionary: [[UInt8]] = []
        func resetDictionary() { dictionary = (0..<clear).map { [UInt8($0)] } + [[], []] }
        resetDictionary()
        var codeSize = minimumCodeSize + 1
        var bitPosition = 0
        var output: [UInt8] = []
        var previous: [UInt8]?
        while bitPosition + codeSize <= data.count * 8 {
            var code = 0
            for bit in 0..<codeSize where data[(bitPosition + bit) / 8] >> ((bitPosition + bit) % 8) & 1 != 0 { code |= 1 << bit }
            bitPosition += codeSize
            if code == clear { resetDictionary(); codeSize = minimumCodeSize + 1; previous = nil; continue }
            if code == end { return output }
            let entry: [UInt8]
            if code < dictionary.count { entry = dictionary[code] }
            else if code == dictionary.count, let previous { entry = previous + [previous[0]] }
            else { throw Failure.malformed("code \(code) beyond the dictionary (\(dictionary.count))") }
            output += entry
            if let previous, dictionary.count < 4096 {
                dictionary.append(previous + [entry[0]])
                if dictionary.count == 1 << codeSize && codeSize < 12 { codeSize += 1 }
            }
            previous = entry
        }
        throw Failure.malformed("no end code")
    }
}
