import Foundation

// Tensors to and from safetensors files: the format of checkpoints.

extension Tensor {
    /// A tensor holding a file entry's values (F32, BF16, I64 and U8 convert to Float).
    public convenience init(_ entry: SafeTensorsEntry) throws {
        self.init(shape: entry.shape, values: try entry.floats())
    }
}

extension SafeTensors {
    /// Writes named tensors atomically (temp file + rename).
    public static func write(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                             to url: URL) throws {
        try write(tensors.map { ($0.name, $0.tensor.shape, $0.tensor.values) }, metadata: metadata, to: url)
    }

    /// Reads every entry of a file as a tensor, by name.
    public static func readTensors(from url: URL) throws -> [String: Tensor] {
        let file = try read(from: url)
        var result: [String: Tensor] = [:]
        for (name, entry) in file.entries { result[name] = try Tensor(entry) }
        return result
    }
}

extension Module {
    /// Saves every parameter under its dotted name, atomically.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(tensors: namedParameters(), metadata: metadata, to: url)
    }

    /// Loads every parameter from a file written by `save(to:)`; throws on anything missing,
    /// extra or misshapen, leaving a clear message.
    public func load(from url: URL) throws {
        try load(state: SafeTensors.readTensors(from: url))
    }
}
