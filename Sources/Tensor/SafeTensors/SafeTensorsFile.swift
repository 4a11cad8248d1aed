// A parsed safetensors file: entries by name and metadata.

import Foundation

// MARK: - File

/// The tensors and string metadata of one safetensors file.
public struct SafeTensorsFile: Sendable, Equatable {
    public var entries: [String: SafeTensorsEntry]
    public var metadata: [String: String]
    /// Where the tensors came from (a path, or a label), for error messages.
    public var source: String

    public init(entries: [String: SafeTensorsEntry] = [:], metadata: [String: String] = [:],
                source: String = "<memory>") {
        self.entries = entries
        self.metadata = metadata
        self.source = source
    }

    /// The tensor names in sorted order.
    public var names: [String] { entries.keys.sorted(by: SafeTensors.utf8Precedes) }

    /// The entry called `name`, or nil; `entry(named:)` is the throwing form.
    public subscript(name: String) -> SafeTensorsEntry? {
        get { entries[name] }
        set { entries[name] = newValue }
    }

    /// The entry called `name`; throws an error listing the names the file does have.
    public func entry(named name: String) throws -> SafeTensorsEntry {
        guard let entry = entries[name] else {
            throw SafeTensorsError.missingTensor(file: source, name: name, available: names)
        }
        return entry
    }
}
