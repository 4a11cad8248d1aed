// Safetensors entries: element types and one tensor's raw bytes.

import Foundation

// MARK: - Data types

/// The element types this code reads; the raw values are the header's `dtype` strings.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case float32 = "F32"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case float64 = "F64"
    case int64 = "I64"
    case int32 = "I32"
    case uint8 = "U8"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .uint8: 1
        case .float16, .bfloat16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }
}

// MARK: - Entry

/// One tensor as stored: its element type, shape and raw little-endian bytes.
///
/// The initializers check that the byte count matches the shape, so the conversions below
/// can trust it.
public struct SafeTensorsEntry: Sendable, Equatable {
    public let dtype: SafeTensorsDType
    public let shape: [Int]
    /// The raw little-endian element bytes, `elementCount * dtype.byteSize` of them.
    public let bytes: [UInt8]

    /// Wraps raw bytes; throws if the shape is negative, overflows or disagrees with the byte count.
    public init(dtype: SafeTensorsDType, shape: [Int], bytes: [UInt8]) throws {
        guard let byteCount = SafeTensors.byteCount(of: shape, dtype: dtype), byteCount == bytes.count else {
            throw SafeTensorsError.byteCountMismatch(dtype: dtype, shape: shape, byteCount: bytes.count)
        }
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An F32 entry holding `values` in row-major order.
    public init(shape: [Int], floats values: [Float]) throws {
        guard let count = SafeTensors.elementCount(of: shape), count == values.count else {
            throw SafeTensorsError.valueCountMismatch(tensor: nil, shape: shape, valueCount: values.count)
        }
        self.dtype = .float32
        self.shape = shape
        self.bytes = SafeTensors.littleEndianBytes(values.map(\.bitPattern))
    }

    /// An I64 entry holding `values` in row-major order (PyTorch's type for class targets).
    public init(shape: [Int], integers values: [Int]) throws {
        guard let count = SafeTensors.elementCount(of: shape), count == values.count else {
            throw SafeTensorsError.valueCountMismatch(tensor: nil, shape: shape, valueCount: values.count)
        }
        self.dtype = .int64
        self.shape = shape
        self.bytes = SafeTensors.littleEndianBytes(values.map { Int64($0) })
    }

    /// Number of elements: the product of the shape (1 for a scalar).
    public var elementCount: Int { bytes.count / dtype.byteSize }

    /// The values as Float, converting from any supported dtype (F64 and large integers round).
    public func floats() throws -> [Float] {
        switch dtype {
        case .float32: decode(UInt32.self) { Float(bitPattern: $0) }
        case .float16: decode(UInt16.self) { SafeTensors.float(fromHalf: $0) }
        case .bfloat16: decode(UInt16.self) { Float(bitPattern: UInt32($0) << 16) }
        case .float64: decode(UInt64.self) { Float(Double(bitPattern: $0)) }
        case .int64: decode(UInt64.self) { Float(Int64(bitPattern: $0)) }
        case .int32: decode(UInt32.self) { Float(Int32(bitPattern: $0)) }
        case .uint8: decode(UInt8.self) { Float($0) }
        }
    }

    /// The values as Int; only integer dtypes convert, since rounding floats would hide a bug.
    public func integers() throws -> [Int] {
        switch dtype {
        case .int64: return decode(UInt64.self) { Int(Int64(bitPattern: $0)) }
        case .int32: return decode(UInt32.self) { Int(Int32(bitPattern: $0)) }
        case .uint8: return decode(UInt8.self) { Int($0) }
        case .float32, .float16, .bfloat16, .float64:
            throw SafeTensorsError.unsupportedConversion(dtype: dtype, to: "integers")
        }
    }

    /// Reads `elementCount` little-endian `Raw` words and converts each.
    private func decode<Raw: FixedWidthInteger, Value>(_: Raw.Type, _ convert: (Raw) -> Value) -> [Value] {
        let count = bytes.count / MemoryLayout<Raw>.size
        return bytes.withUnsafeBytes { source in
            [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let raw = source.loadUnaligned(fromByteOffset: index * MemoryLayout<Raw>.size, as: Raw.self)
                    (buffer.baseAddress! + index).initialize(to: convert(Raw(littleEndian: raw)))
                }
                initialized = count
            }
        }
    }
}
