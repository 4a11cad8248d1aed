// SafeTensors: read and write the safetensors checkpoint format, independent of `Tensor`.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// A note on the format. A safetensors file is
//
//     [8 bytes: header length N, little-endian UInt64]
//     [N bytes: UTF-8 JSON header, possibly padded with trailing spaces]
//     [data: raw little-endian tensor bytes]
//
// The header maps each tensor name to `{"dtype": "F32", "shape": [2, 3],
// "data_offsets": [begin, end]}`, with offsets relative to the first data byte, plus an
// optional `"__metadata__": {"key": "value"}` of strings. This is the format of the Python
// `safetensors` library, so checkpoints move between this code and PyTorch unchanged.
//
// The reader treats every file as untrusted: each length, shape and offset is checked (with
// overflow-safe arithmetic) before a byte is read, and every problem throws a
// `SafeTensorsError` naming the file. It never traps, in debug or in `-Ounchecked` release.


// MARK: - Reading and writing

public enum SafeTensors {
    /// Header lengths above this are rejected before any allocation: a corrupt or foreign file
    /// would otherwise ask for gigabytes. The Python library uses the same 100 MB limit.
    public static let maximumHeaderLength = 100_000_000

    /// The key of the string-to-string metadata object in the header.
    public static let metadataKey = "__metadata__"

    /// Reads and validates the file at `url`.
    public static func read(from url: URL) throws -> SafeTensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SafeTensorsError.unreadable(file: url.path, reason: "\(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { try parse($0, source: url.path) }
    }

    /// Reads and validates the bytes of a file; `source` names it in error messages.
    public static func read(bytes: [UInt8], source: String) throws -> SafeTensorsFile {
        try bytes.withUnsafeBytes { try parse($0, source: source) }
    }

    /// Writes F32 tensors: `encode`'s bytes, atomically (a temporary file in the same directory,
    /// flushed, then renamed over `url`), so a crash mid-write never destroys the previous file.
    public static func write(_ tensors: [(name: String, shape: [Int], values: [Float])],
                             metadata: [String: String] = [:], to url: URL) throws {
        try writeAtomically(encode(tensors, metadata: metadata), to: url)
    }

    /// Writes any entries, atomically, like `write(_:metadata:to:)`.
    public static func write(_ file: SafeTensorsFile, to url: URL) throws {
        try writeAtomically(encode(file), to: url)
    }

    /// The bytes `write` writes: F32 tensors in sorted-name order, header padded to 8 bytes.
    ///
    /// Throws if a name is empty, repeated or `__metadata__`, or a value count disagrees with
    /// its shape.
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])],
                              metadata: [String: String] = [:]) throws -> [UInt8] {
        var entries: [String: SafeTensorsEntry] = [:]
        for tensor in tensors {
            guard entries[tensor.name] == nil else {
                throw SafeTensorsError.invalidTensorName(name: tensor.name, reason: "the name appears twice")
            }
            guard let count = elementCount(of: tensor.shape), count == tensor.values.count else {
                throw SafeTensorsError.valueCountMismatch(tensor: tensor.name, shape: tensor.shape,
                                                          valueCount: tensor.values.count)
            }
            entries[tensor.name] = try SafeTensorsEntry(shape: tensor.shape, floats: tensor.values)
        }
        return try encode(SafeTensorsFile(entries: entries, metadata: metadata))
    }

    /// The bytes of `file`: metadata first, then tensors in sorted-name order (UTF-8 byte
    /// order), data laid out in the same order, header padded with spaces to a multiple of 8
    /// so the data starts aligned. Equal inputs always give identical bytes.
    public static func encode(_ file: SafeTensorsFile) throws -> [UInt8] {
        var header = "{"
        var fields: [String] = []
        if !file.metadata.isEmpty {
            let pairs = file.metadata.keys.sorted(by: utf8Precedes).map {
                jsonString($0) + ":" + jsonString(file.metadata[$0]!)
            }
            fields.append(jsonString(metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in file.names {
            guard !name.isEmpty, name != metadataKey else {
                throw SafeTensorsError.invalidTensorName(name: name, reason: "the name is empty or reserved")
            }
            let entry = file.entries[name]!
            let shape = entry.shape.map(String.init).joined(separator: ",")
            let end = offset + entry.bytes.count
            fields.append(jsonString(name) + ":{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        bytes += littleEndianBytes([UInt64(headerBytes.count)])
        bytes += headerBytes
        for name in file.names { bytes += file.entries[name]!.bytes }
        return bytes
    }

    // MARK: - Parsing

    /// The header as JSON gives it, before validation.
    private struct RawHeader: Decodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        struct TensorInfo: Decodable {
            let dtype: String
            let shape: [Int]
            let offsets: [Int]
            enum CodingKeys: String, CodingKey { case dtype, shape, offsets = "data_offsets" }
        }

        var tensors: [(name: String, info: TensorInfo)] = []
        var metadata: [String: String] = [:]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == SafeTensors.metadataKey {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    tensors.append((key.stringValue, try container.decode(TensorInfo.self, forKey: key)))
                }
            }
        }
    }

    private static func parse(_ file: UnsafeRawBufferPointer, source: String) throws -> SafeTensorsFile {
        guard file.count >= 8 else { throw SafeTensorsError.truncated(file: source, byteCount: file.count) }
        let headerLength = UInt64(littleEndian: file.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw SafeTensorsError.headerLengthExceedsLimit(file: source, headerLength: headerLength,
                                                            limit: maximumHeaderLength)
        }
        guard headerLength <= UInt64(file.count - 8) else {
            throw SafeTensorsError.headerLengthExceedsFile(file: source, headerLength: headerLength,
                                                           fileSize: file.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header: RawHeader
        do {
            header = try JSONDecoder().decode(RawHeader.self, from: Data(file[8..<dataStart]))
        } catch let error as DecodingError {
            throw SafeTensorsError.malformedHeader(file: source, reason: describe(error))
        } catch {
            throw SafeTensorsError.malformedHeader(file: source, reason: "\(error)")
        }

        let dataSize = file.count - dataStart
        var entries: [String: SafeTensorsEntry] = [:]
        for (name, info) in header.tensors {
            guard let dtype = SafeTensorsDType(rawValue: info.dtype) else {
                throw SafeTensorsError.unknownDType(file: source, tensor: name, dtype: info.dtype)
            }
            guard info.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError.invalidShape(file: source, tensor: name, shape: info.shape,
                                                    reason: "negative dimension")
            }
            guard let byteCount = byteCount(of: info.shape, dtype: dtype) else {
                throw SafeTensorsError.invalidShape(file: source, tensor: name, shape: info.shape,
                                                    reason: "byte size overflows")
            }
            let offsets = info.offsets
            guard offsets.count == 2 else {
                throw SafeTensorsError.invalidDataOffsets(file: source, tensor: name, offsets: offsets,
                                                          reason: "expected [begin, end]")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end else {
                throw SafeTensorsError.invalidDataOffsets(file: source, tensor: name, offsets: offsets,
                                                          reason: "begin must satisfy 0 <= begin <= end")
            }
            guard end <= dataSize else {
                throw SafeTensorsError.invalidDataOffsets(file: source, tensor: name, offsets: offsets,
                                                          reason: "past the end of the \(dataSize) data bytes")
            }
            guard end - begin == byteCount else {
                throw SafeTensorsError.invalidDataOffsets(
                    file: source, tensor: name, offsets: offsets,
                    reason: "span of \(end - begin) bytes, but \(dtype.rawValue) \(info.shape) needs \(byteCount)")
            }
            let bytes = [UInt8](file[(dataStart + begin)..<(dataStart + end)])
            entries[name] = try SafeTensorsEntry(dtype: dtype, shape: info.shape, bytes: bytes)
        }
        return SafeTensorsFile(entries: entries, metadata: header.metadata, source: source)
    }

    /// A one-line reason from a decoding error: where in the header, and what.
    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case let .typeMismatch(_, found), let .valueNotFound(_, found),
             let .keyNotFound(_, found), let .dataCorrupted(found):
            context = found
        @unknown default:
            return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
    }

    // MARK: - Helpers

    /// The product of `shape`, or nil if a dimension is negative or the product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Bytes `shape` needs at `dtype`, or nil if negative or overflowing.
    static func byteCount(of shape: [Int], dtype: SafeTensorsDType) -> Int? {
        guard let count = elementCount(of: shape) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        return overflow ? nil : bytes
    }

    /// The little-endian bytes of `words`.
    static func littleEndianBytes<Word: FixedWidthInteger>(_ words: [Word]) -> [UInt8] {
        let size = MemoryLayout<Word>.size
        return [UInt8](unsafeUninitializedCapacity: words.count * size) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, word) in words.enumerated() {
                raw.storeBytes(of: word.littleEndian, toByteOffset: index * size, as: Word.self)
            }
            initialized = words.count * size
        }
    }

    /// IEEE half precision to Float, by bits (Float16 is not available on every platform).
    static func float(fromHalf bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1f
        let mantissa = UInt32(bits & 0x3ff)
        switch exponent {
        case 0:  // zero or subnormal: mantissa * 2^-24
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1f:  // infinity or NaN
            return Float(bitPattern: sign | 0x7f80_0000 | mantissa << 13)
        default:  // rebias the exponent from 15 to 127
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }

    /// Orders strings by their UTF-8 bytes, as Python sorts str keys of ASCII names, and
    /// independent of Unicode normalization.
    static func utf8Precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// `value` as a JSON string literal.
    static func jsonString(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    // MARK: - Atomic write

    /// Writes `bytes` to a temporary file beside `url`, flushes it, and renames it over `url`.
    private static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            try POSIXFile.writeAndSync(bytes, to: temporary)
        } catch let reason as POSIXFile.Failure {
            unlink(temporary)
            throw SafeTensorsError.writeFailed(file: path, reason: reason.message)
        }
        guard rename(temporary, path) == 0 else {
            let reason = POSIXFile.Failure("rename \(temporary) -> \(path)").message
            unlink(temporary)
            throw SafeTensorsError.writeFailed(file: path, reason: reason)
        }
        POSIXFile.syncDirectory(directory)  // best effort: makes the rename itself durable
    }
}

/// The few POSIX calls the atomic write needs, kept outside `SafeTensors` so its `write`
/// methods do not shadow the system `write`.
private enum POSIXFile {
    struct Failure: Error {
        let message: String
        init(_ operation: String) { message = "\(operation): \(String(cString: strerror(errno)))" }
    }

    static func writeAndSync(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure("create \(path)") }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Failure("write \(path)")
                }
                written += result
            }
        }
        guard fsync(descriptor) == 0 else { throw Failure("fsync \(path)") }
    }

    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
