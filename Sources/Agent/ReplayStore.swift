import Env
import Foundation

/// The replay buffer on disk: one file per episode under `replay/`, written atomically, and
/// only for episodes that changed since the last checkpoint (finished ones never change).
///
/// File layout (little-endian): magic `IRISEP01`, UInt32 steps, UInt32 tokens per step, the
/// frames, Int32 actions, Float32 rewards, UInt8 ends, Int32 tokens, then the FNV-1a 64 hash
/// of everything before it, so a torn or damaged file is detected instead of loaded.
enum ReplayStore {
    static let magic = Array("IRISEP01".utf8)

    static func url(_ directory: URL, episode index: Int) -> URL {
        directory.appendingPathComponent(String(format: "episode_%06d.bin", index))
    }

    static func save(_ buffer: ReplayBuffer, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for index in buffer.modified.sorted() {
            try write(buffer.episodes[index], to: url(directory, episode: index))
        }
        buffer.markSaved()
    }

    /// Episodes 0..<lengths.count, each cut to the length the checkpoint recorded (an open
    /// episode may have been rewritten with more steps after it).
    static func load(from directory: URL, lengths: [Int]) throws -> [Episode] {
        try lengths.enumerated().map { index, length in
            let episode = try read(url(directory, episode: index))
            guard episode.count >= length else {
                throw AgentError.corruptCheckpoint(path: url(directory, episode: index).path,
                                                   reason: "episode has \(episode.count) steps, the checkpoint expects \(length)")
            }
            return episode.truncated(to: length)
        }
    }

    static func write(_ episode: Episode, to url: URL) throws {
        var data = Data()
        data.append(contentsOf: magic)
        append(UInt32(episode.count), to: &data)
        append(UInt32(episode.count == 0 ? 0 : episode.tokens.count / episode.count), to: &data)
        data.append(contentsOf: episode.frames)
        episode.actions.withUnsafeBytes { data.append(contentsOf: $0) }
        episode.rewards.withUnsafeBytes { data.append(contentsOf: $0) }
        data.append(contentsOf: episode.ends)
        episode.tokens.withUnsafeBytes { data.append(contentsOf: $0) }
        append(fnv1a64(data), to: &data)
        try AtomicFile.write(data, to: url)
    }

    static func read(_ url: URL) throws -> Episode {
        guard let data = try? Data(contentsOf: url) else {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "missing or unreadable")
        }
        return try read(data: data, path: url.path)
    }

    /// An episode from the bytes of its file; `path` names it in errors.
    static func read(data: Data, path: String) throws -> Episode {
        let fail = { (reason: String) in AgentError.corruptCheckpoint(path: path, reason: reason) }
        guard data.count >= 24, Array(data.prefix(8)) == magic else { throw fail("not an episode file") }
        let body = data.prefix(data.count - 8)
        guard fnv1a64(body) == data.suffix(8).withUnsafeBytes({ $0.loadUnaligned(as: UInt64.self) }) else {
            throw fail("checksum mismatch (damaged or partly written)")
        }
        let bytes = [UInt8](body)
        let steps = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self) })
        let tokensPerStep = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self) })
        // Overflow-checked: the counts come from the file (a file with a valid checksum can still
        // be foreign or hand-made), and a wrapped product must not pass the size check.
        let (tokenBytes, o1) = tokensPerStep.multipliedReportingOverflow(by: 4)
        let (stepBytes, o2) = (Episode.frameBytes + 4 + 4 + 1).addingReportingOverflow(tokenBytes)
        let (payload, o3) = steps.multipliedReportingOverflow(by: stepBytes)
        guard !o1, !o2, !o3, payload == bytes.count - 16 else { throw fail("size \(bytes.count) does not match \(steps) steps") }
        var offset = 16
        func take<T>(_ n: Int, _: T.Type) -> [T] {
            let size = n * MemoryLayout<T>.stride
            defer { offset += size }
            return bytes.withUnsafeBytes { raw in
                (0..<n).map { raw.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.stride, as: T.self) }
            }
        }
        let frames = Array(bytes[offset..<(offset + steps * Episode.frameBytes)])
        offset += steps * Episode.frameBytes
        let actions = take(steps, Int32.self), rewards = take(steps, Float.self), ends = take(steps, UInt8.self)
        let tokens = take(steps * tokensPerStep, Int32.self)
        return Episode(frames: frames, actions: actions, rewards: rewards, ends: ends, tokens: tokens)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Files replaced atomically: written beside the target, flushed, then renamed over it, so a
/// crash leaves either the old file or the new one, never a torn one.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "cannot create \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            throw AgentError.corruptCheckpoint(path: url.path, reason: "cannot rename \(temporary.lastPathComponent): errno \(errno)")
        }
    }
}
