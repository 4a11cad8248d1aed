// What goes wrong reading or writing safetensors files.

import Foundation

// MARK: - Errors

/// What went wrong reading or writing a safetensors file; each message names the file.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// Fewer than the 8 bytes of the header length.
    case truncated(file: String, byteCount: Int)
    /// The header length points past the end of the file.
    case headerLengthExceedsFile(file: String, headerLength: UInt64, fileSize: Int)
    /// The header length is beyond `SafeTensors.maximumHeaderLength`: not a safetensors file.
    case headerLengthExceedsLimit(file: String, headerLength: UInt64, limit: Int)
    /// The header is not the expected JSON object.
    case malformedHeader(file: String, reason: String)
    /// A tensor's dtype is not a `SafeTensorsDType`.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A shape has a negative dimension or its byte size overflows.
    case invalidShape(file: String, tensor: String, shape: [Int], reason: String)
    /// `data_offsets` are not two offsets inside the data whose span matches the shape.
    case invalidDataOffsets(file: String, tensor: String, offsets: [Int], reason: String)
    /// No tensor with the requested name.
    case missingTensor(file: String, name: String, available: [String])
    /// Raw bytes whose count does not match `shape` times the element size.
    case byteCountMismatch(dtype: SafeTensorsDType, shape: [Int], byteCount: Int)
    /// A conversion the dtype does not support (floats to integers).
    case unsupportedConversion(dtype: SafeTensorsDType, to: String)
    /// A tensor name that cannot be written (empty, reserved or repeated).
    case invalidTensorName(name: String, reason: String)
    /// Values whose count does not match the shape (or a shape that is negative or overflows).
    case valueCountMismatch(tensor: String?, shape: [Int], valueCount: Int)
    /// Writing the file failed; the previous file, if any, is untouched.
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): cannot read safetensors file: \(reason)"
        case let .truncated(file, byteCount):
            "\(file): truncated safetensors file: \(byteCount) bytes, fewer than the 8-byte header length"
        case let .headerLengthExceedsFile(file, headerLength, fileSize):
            "\(file): header length \(headerLength) runs past the end of the file (\(fileSize) bytes)"
        case let .headerLengthExceedsLimit(file, headerLength, limit):
            "\(file): header length \(headerLength) exceeds the \(limit)-byte limit; not a safetensors file?"
        case let .malformedHeader(file, reason):
            "\(file): malformed safetensors header: \(reason)"
        case let .unknownDType(file, tensor, dtype):
            "\(file): tensor '\(tensor)' has unsupported dtype '\(dtype)' (supported: "
                + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case let .invalidShape(file, tensor, shape, reason):
            "\(file): tensor '\(tensor)' has invalid shape \(shape): \(reason)"
        case let .invalidDataOffsets(file, tensor, offsets, reason):
            "\(file): tensor '\(tensor)' has invalid data_offsets \(offsets): \(reason)"
        case let .missingTensor(file, name, available):
            "no tensor named '\(name)' in \(file) (has: \(available.joined(separator: ", ")))"
        case let .byteCountMismatch(dtype, shape, byteCount):
            "\(dtype.rawValue) tensor of shape \(shape) cannot hold \(byteCount) bytes"
        case let .unsupportedConversion(dtype, target):
            "cannot read a \(dtype.rawValue) tensor as \(target)"
        case let .invalidTensorName(name, reason):
            "cannot write tensor '\(name)': \(reason)"
        case let .valueCountMismatch(tensor, shape, valueCount):
            (tensor.map { "tensor '\($0)': " } ?? "")
                + "shape \(shape) does not hold \(valueCount) values"
        case let .writeFailed(file, reason):
            "\(file): cannot write safetensors file: \(reason)"
        }
    }
}
