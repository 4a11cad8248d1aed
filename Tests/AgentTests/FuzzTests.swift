@testable import Agent
import Env
import Foundation
import Tensor
import Testing
import Tokenizer
import WorldModel

/// Random damage to every file iris loads: a safetensors file, config.json, state.json and a
/// replay episode. Each mutation (bit flips, truncations, huge lengths written over length
/// fields, inserted and deleted bytes, numbers swapped for extreme ones in the JSON files) is
/// loaded, and must give either a clear error (a typed error with a message) or a correct
/// load; a crash or a trap ends the test process, a hang its time limit. Seeded, so a failure
/// reproduces. The counts are in the README's Reliability section.
@Suite("Fuzzing the loaders", .timeLimit(.minutes(2)))
struct FuzzTests {
    static let mutationsPerFormat = 1000

    /// One random change of `bytes`; `lengthOffsets` are where length fields sit.
    static func mutate(_ bytes: [UInt8], lengthOffsets: [Int], using rng: inout RandomGenerator) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [0xFF] }
        switch rng.next() % 6 {
        case 0:  // flip 1-4 bits
            for _ in 0...(rng.next() % 4) {
                let i = Int(rng.next() % UInt64(out.count))
                out[i] ^= 1 << UInt8(rng.next() % 8)
            }
        case 1:  // truncate
            out = Array(out.prefix(Int(rng.next() % UInt64(out.count))))
        case 2:  // a huge or odd length over a length field (or anywhere)
            let values: [UInt64] = [.max, UInt64(Int64.max), 1 << 32, 1 << 31, 0xFFFF_FFFF, 0, 1, 100_000_001]
            let value = values[Int(rng.next() % UInt64(values.count))]
            let offset = lengthOffsets.isEmpty || rng.next() % 3 == 0
                ? Int(rng.next() % UInt64(out.count)) : lengthOffsets[Int(rng.next() % UInt64(lengthOffsets.count))]
            let width = rng.next() % 2 == 0 ? 4 : 8
            for k in 0..<width where offset + k < out.count { out[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        case 3:  // insert random bytes
            let i = Int(rng.next() % UInt64(out.count + 1))
            out.insert(contentsOf: (0..<(1 + rng.next() % 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: i)
        case 4:  // delete a run of bytes
            let i = Int(rng.next() % UInt64(out.count))
            out.removeSubrange(i..<min(out.count, i + 1 + Int(rng.next() % 16)))
        default:  // one random byte
            out[Int(rng.next() % UInt64(out.count))] = UInt8(truncatingIfNeeded: rng.next())
        }
        return out
    }

    /// JSON text with one number replaced by an extreme or malformed one (or, half the time,
    /// the byte-level mutations above).
    static func mutateJSON(_ bytes: [UInt8], using rng: inout RandomGenerator) -> [UInt8] {
        guard rng.next() % 2 == 0 else { return mutate(bytes, lengthOffsets: [], using: &rng) }
        let text = String(decoding: bytes, as: UTF8.self)
        let numbers = text.ranges(of: /-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?/)
        guard !numbers.isEmpty else { return bytes }
        let range = numbers[Int(rng.next() % UInt64(numbers.count))]
        let replacements = ["-1", "1e308", "1e400", "99999999999999999999999", "9223372036854775807", "-9223372036854775808",
                            "0", "1.5", "NaN", "\"x\"", "null", "[]", "{}", "4294967296", "2147483648", "-0"]
        return Array(text.replacingCharacters(in: range, with: replacements[Int(rng.next() % UInt64(replacements.count))]).utf8)
    }

    /// Loads each of `count` mutations of `original`; every failure must be one of iris's
    /// typed errors with a non-empty message. Returns (errors, loads).
    static func run(_ original: [UInt8], count: Int, seed: UInt64, mutation: (inout RandomGenerator) -> [UInt8],
                    load: ([UInt8]) throws -> Void) -> (errors: Int, loads: Int) {
        var rng = RandomGenerator(seed: seed)
        var errors = 0, loads = 0
        for _ in 0..<count {
            let bytes = mutation(&rng)
            do {
                try load(bytes)
                loads += 1
            } catch let error as SafeTensorsError {
                errors += 1
                #expect(!error.description.isEmpty)
            } catch let error as AgentError {
                errors += 1
                #expect(!error.description.isEmpty)
            } catch let error as WorldModelConfigError {  // the models' own config checks
                errors += 1
                #expect(!error.description.isEmpty)
            } catch let error as TokenizerConfigError {
                errors += 1
                #expect(!error.description.isEmpty)
            } catch {
                Issue.record("untyped error for a mutated file: \(error)")
            }
        }
        return (errors, loads)
    }

    @Test("safetensors: every mutation is a SafeTensorsError or a load whose tensors hold their shapes' values")
    func safetensors() throws {
        let original = try SafeTensors.encode([
            ("world_model.pos_emb.weight", [3, 4], (0..<12).map(Float.init)),
            ("actor_critic.actor_linear.bias", [5], [1, 2, 3, 4, 5]),
            ("tokenizer.embedding.weight", [2, 2, 2], (0..<8).map { Float($0) / 3 }),
        ], metadata: ["epoch": "7"])
        let headerLength = Int(original.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        let result = Self.run(original, count: Self.mutationsPerFormat, seed: 1, mutation: { rng in
            rng.next() % 3 == 0
                ? Array(original.prefix(8)) + Self.mutateJSON(Array(original[8..<(8 + headerLength)]), using: &rng)
                    + Array(original[(8 + headerLength)...])
                : Self.mutate(original, lengthOffsets: [0], using: &rng)
        }) { bytes in
            let file = try SafeTensors.read(bytes: bytes, source: "fuzz")
            for name in file.names {
                let entry = file[name]!
                #expect(try Tensor(entry).values.count == entry.shape.reduce(1, *))
            }
        }
        #expect(result.errors + result.loads == Self.mutationsPerFormat)
        #expect(result.errors > Self.mutationsPerFormat / 2)
    }

    @Test("config.json: every mutation is an AgentError or a config that validates")
    func configJSON() throws {
        let original = [UInt8](try ConfigOverrides.encode(.tiny))
        let url = URL(fileURLWithPath: "/fuzz/config.json")
        let result = Self.run(original, count: Self.mutationsPerFormat, seed: 2, mutation: { Self.mutateJSON(original, using: &$0) }) {
            let config = try ConfigOverrides.load(data: Data($0), url: url, over: .paper)
            try config.validate()
            #expect(config.totalEpochs >= 1)
        }
        #expect(result.errors + result.loads == Self.mutationsPerFormat)
        #expect(result.errors > 0 && result.loads > 0)
    }

    @Test("state.json: every mutation is an AgentError or a state within the run's bounds")
    func stateJSON() throws {
        let config = TrainerConfig.tiny
        var rng = RandomGenerator(seed: 4)
        var state = TrainerState(rng: rng.split())
        state.epoch = 3
        state.envSteps = 150
        state.trainEpisodes = 2
        state.collectorLog = (0..<152).map { $0 == 70 || $0 == 140 ? -1 : Int32($0 % 3) }
        state.episodeLengths = [69, 70, 11]
        state.bestEvaluation = -3
        state.wallSeconds = 12.5
        try state.validate(config: config, path: "state.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let original = [UInt8](try encoder.encode(state))
        let result = Self.run(original, count: Self.mutationsPerFormat, seed: 3, mutation: { Self.mutateJSON(original, using: &$0) }) {
            let decoded: TrainerState
            do { decoded = try JSONDecoder().decode(TrainerState.self, from: Data($0)) } catch {
                throw AgentError.corruptCheckpoint(path: "state.json", reason: Checkpoint.describe(error))
            }
            try decoded.validate(config: config, path: "state.json")
            #expect((0...config.totalEpochs).contains(decoded.epoch) && (0...config.common.envSteps).contains(decoded.envSteps))
        }
        #expect(result.errors + result.loads == Self.mutationsPerFormat)
        #expect(result.errors > 0 && result.loads > 0)
    }

    @Test("replay episode: every mutation is an AgentError or the episode intact, also with the checksum recomputed")
    func replayEpisode() throws {
        let steps = 3, tokensPerStep = 4
        let episode = Episode(frames: (0..<(steps * Episode.frameBytes)).map { UInt8(truncatingIfNeeded: $0 &* 7) },
                              actions: [0, 2, 1], rewards: [0, 1, -1], ends: [0, 0, 1],
                              tokens: (0..<Int32(steps * tokensPerStep)).map { $0 })
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iris-fuzz-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try ReplayStore.write(episode, to: url)
        let original = [UInt8](try Data(contentsOf: url))
        // Half the mutations get a valid checksum again, so they reach the parser behind it
        // (a foreign file, or damage the hash happens to miss).
        func resealed(_ bytes: [UInt8]) -> [UInt8] {
            guard bytes.count > 8 else { return bytes }
            let body = bytes.dropLast(8)
            return Array(body) + withUnsafeBytes(of: fnv1a64(body).littleEndian) { Array($0) }
        }
        let result = Self.run(original, count: 2 * Self.mutationsPerFormat, seed: 5, mutation: { rng in
            let mutated = Self.mutate(original, lengthOffsets: [8, 12], using: &rng)
            return rng.next() % 2 == 0 ? resealed(mutated) : mutated
        }) { bytes in
            let loaded = try ReplayStore.read(data: Data(bytes), path: "episode")
            #expect(loaded.frames.count == loaded.count * Episode.frameBytes)
            #expect(loaded.actions.count == loaded.count && loaded.rewards.count == loaded.count && loaded.ends.count == loaded.count)
            #expect(loaded.count == 0 || loaded.tokens.count % loaded.count == 0)
        }
        #expect(result.errors + result.loads == 2 * Self.mutationsPerFormat)
        #expect(result.errors > Self.mutationsPerFormat)
    }
}
