// SafeTensorsTests: the safetensors reader and writer, and interop with the Python library.

import Foundation
import Testing
@testable import Tensor

/// A file made by hand: the 8-byte length, `header` (unpadded), then `data`.
private func crafted(_ header: String, data: [UInt8] = []) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    return SafeTensors.littleEndianBytes([UInt64(headerBytes.count)]) + headerBytes + data
}

/// The error reading `bytes` throws, or nil if it reads; fails the test on a foreign error.
private func readError(_ bytes: [UInt8]) -> SafeTensorsError? {
    do {
        _ = try SafeTensors.read(bytes: bytes, source: "test.safetensors")
        return nil
    } catch let error as SafeTensorsError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// A fresh empty directory for file tests.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("SafeTensorsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The tensors of `swift_written.safetensors`, the file the Python script checks.
private let swiftWrittenTensors: [(name: String, shape: [Int], values: [Float])] = [
    ("b", [2], [1.5, -2.25]),
    ("a", [2, 3], [0, 1, 2, 3, 4, 5]),
]
private let swiftWrittenMetadata = ["format": "pt"]

@Suite struct SafeTensorsTests {
    // MARK: - Round trip and layout

    @Test func roundTripKeepsValuesShapesAndMetadata() throws {
        let values: [Float] = [1, -2, 3.5, .pi, -0.0, 1e-30]
        let bytes = try SafeTensors.encode([
            ("weight", [2, 3], values),
            ("scalar", [], [42]),
            ("empty", [0, 4], []),
        ], metadata: ["format": "pt", "step": "7"])
        let file = try SafeTensors.read(bytes: bytes, source: "memory")
        #expect(file.names == ["empty", "scalar", "weight"])
        #expect(file.metadata == ["format": "pt", "step": "7"])
        let weight = try file.entry(named: "weight")
        #expect(weight.dtype == .float32)
        #expect(weight.shape == [2, 3])
        #expect(try weight.floats().map(\.bitPattern) == values.map(\.bitPattern))
        #expect(try file.entry(named: "scalar").shape == [])
        #expect(try file.entry(named: "scalar").floats() == [42])
        #expect(try file.entry(named: "empty").floats() == [])
    }

    @Test func byteLayoutIsLengthThenPaddedSortedHeaderThenData() throws {
        let bytes = try SafeTensors.encode([("zeta", [1], [1]), ("alpha", [2], [2, -1])], metadata: ["k": "v"])
        let headerLength = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect(headerLength % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 12)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let json = #"{"__metadata__":{"k":"v"},"alpha":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""zeta":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        #expect(header == json + String(repeating: " ", count: headerLength - json.utf8.count))
        #expect(headerLength - json.utf8.count < 8)
        // alpha = [2, -1], then zeta = [1], little-endian.
        #expect(Array(bytes[(8 + headerLength)...]) == [0, 0, 0, 0x40, 0, 0, 0x80, 0xbf, 0, 0, 0x80, 0x3f])
    }

    @Test func encodingIsDeterministicWhateverTheInputOrder() throws {
        let forward = try SafeTensors.encode(swiftWrittenTensors, metadata: ["b": "2", "a": "1"])
        let backward = try SafeTensors.encode(Array(swiftWrittenTensors.reversed()), metadata: ["a": "1", "b": "2"])
        #expect(forward == backward)
    }

    @Test func namesNeedingJSONEscapesRoundTrip() throws {
        let names = ["quote\"d", "back\\slash", "tab\tnew\nline", "ünï\u{1}"]
        let bytes = try SafeTensors.encode(names.map { ($0, [1], [1]) }, metadata: ["note": "a \"b\""])
        let file = try SafeTensors.read(bytes: bytes, source: "memory")
        #expect(Set(file.names) == Set(names))
        #expect(file.metadata["note"] == "a \"b\"")
    }

    @Test func encodeRejectsBadTensors() {
        #expect(throws: SafeTensorsError.valueCountMismatch(tensor: "x", shape: [2, 2], valueCount: 3)) {
            try SafeTensors.encode([("x", [2, 2], [1, 2, 3])])
        }
        #expect(throws: SafeTensorsError.valueCountMismatch(tensor: "x", shape: [-1], valueCount: 0)) {
            try SafeTensors.encode([("x", [-1], [])])
        }
        #expect(throws: SafeTensorsError.invalidTensorName(name: "x", reason: "the name appears twice")) {
            try SafeTensors.encode([("x", [1], [1]), ("x", [1], [2])])
        }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.encode([("__metadata__", [1], [1])]) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.encode([("", [1], [1])]) }
    }

    // MARK: - Files

    @Test func writeReplacesTheFileAndLeavesNoTemporaries() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensors.write([("w", [2], [1, 2])], to: url)
        try SafeTensors.write([("w", [3], [4, 5, 6])], metadata: ["step": "2"], to: url)
        let file = try SafeTensors.read(from: url)
        #expect(try file.entry(named: "w").floats() == [4, 5, 6])
        #expect(file.metadata == ["step": "2"])
        #expect(file.source == url.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
    }

    @Test func failedWriteKeepsThePreviousFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensors.write([("w", [2], [1, 2])], to: url)
        let before = try Data(contentsOf: url)
        #expect(throws: SafeTensorsError.self) { try SafeTensors.write([("w", [3], [1])], to: url) }
        #expect(try Data(contentsOf: url) == before)

        let missingFolder = directory.appendingPathComponent("no/such/folder/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.write([("w", [1], [1])], to: missingFolder) }
        guard case .writeFailed(let file, _)? = error else { Issue.record("wrong error: \(String(describing: error))"); return }
        #expect(file == missingFolder.path)
    }

    @Test func readingAMissingFileNamesIt() {
        let url = URL(fileURLWithPath: "/nonexistent/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(from: url) }
        #expect(error?.description.contains("/nonexistent/model.safetensors") == true)
    }

    // MARK: - Data types

    @Test func readsEveryDType() throws {
        let header = """
            {"f32":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
            "f16":{"dtype":"F16","shape":[4],"data_offsets":[8,16]},\
            "bf16":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},\
            "f64":{"dtype":"F64","shape":[1],"data_offsets":[20,28]},\
            "i64":{"dtype":"I64","shape":[2],"data_offsets":[28,44]},\
            "i32":{"dtype":"I32","shape":[1],"data_offsets":[44,48]},\
            "u8":{"dtype":"U8","shape":[3],"data_offsets":[48,51]}}
            """
        let data: [UInt8] = [
            0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x20, 0xc1,  // F32 1.5, -10
            0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x00, 0x7c,  // F16 1, -2, 2^-24, +inf
            0x80, 0x3f, 0x40, 0xc0,  // BF16 1, -3
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40,  // F64 2.5
            0x9c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07, 0, 0, 0, 0, 0, 0, 0,  // I64 -100, 7
            0xfe, 0xff, 0xff, 0xff,  // I32 -2
            0x00, 0x7f, 0xff,  // U8 0, 127, 255
        ]
        let file = try SafeTensors.read(bytes: crafted(header, data: data), source: "dtypes")
        #expect(try file.entry(named: "f32").floats() == [1.5, -10])
        #expect(try file.entry(named: "f16").floats() == [1, -2, 0x1p-24, .infinity])
        #expect(try file.entry(named: "bf16").floats() == [1, -3])
        #expect(try file.entry(named: "f64").floats() == [2.5])
        #expect(try file.entry(named: "i64").integers() == [-100, 7])
        #expect(try file.entry(named: "i64").floats() == [-100, 7])
        #expect(try file.entry(named: "i32").integers() == [-2])
        #expect(try file.entry(named: "u8").integers() == [0, 127, 255])
        #expect(try file.entry(named: "u8").floats() == [0, 127, 255])
        #expect(try file.entry(named: "i64").dtype == .int64)
        #expect(throws: SafeTensorsError.unsupportedConversion(dtype: .float32, to: "integers")) {
            try file.entry(named: "f32").integers()
        }
        #expect(throws: SafeTensorsError.unsupportedConversion(dtype: .bfloat16, to: "integers")) {
            try file.entry(named: "bf16").integers()
        }
    }

    @Test func halfPrecisionConversionCoversEveryClass() {
        #expect(SafeTensors.float(fromHalf: 0x0000).bitPattern == Float(0).bitPattern)
        #expect(SafeTensors.float(fromHalf: 0x8000).bitPattern == Float(-0.0).bitPattern)
        #expect(SafeTensors.float(fromHalf: 0x7bff) == 65504)  // largest normal
        #expect(SafeTensors.float(fromHalf: 0x0400) == 0x1p-14)  // smallest normal
        #expect(SafeTensors.float(fromHalf: 0x83ff) == -1023 * 0x1p-24)  // largest subnormal
        #expect(SafeTensors.float(fromHalf: 0xfc00) == -.infinity)
        #expect(SafeTensors.float(fromHalf: 0x7e00).isNaN)
    }

    @Test func integerEntriesRoundTrip() throws {
        let file = SafeTensorsFile(entries: ["targets": try SafeTensorsEntry(shape: [3], integers: [3, -100, 0])])
        let read = try SafeTensors.read(bytes: SafeTensors.encode(file), source: "memory")
        #expect(try read.entry(named: "targets").integers() == [3, -100, 0])
        #expect(try read.entry(named: "targets").dtype == .int64)
        #expect(throws: SafeTensorsError.byteCountMismatch(dtype: .float32, shape: [2], byteCount: 7)) {
            try SafeTensorsEntry(dtype: .float32, shape: [2], bytes: [UInt8](repeating: 0, count: 7))
        }
    }

    // MARK: - Lookup

    @Test func missingTensorErrorListsWhatTheFileHas() throws {
        let file = try SafeTensors.read(bytes: SafeTensors.encode(swiftWrittenTensors), source: "model.safetensors")
        #expect(file["a"] != nil)
        #expect(file["c"] == nil)
        let error = #expect(throws: SafeTensorsError.self) { try file.entry(named: "c") }
        #expect(error?.description == "no tensor named 'c' in model.safetensors (has: a, b)")
    }

    // MARK: - Malformed files

    @Test func shortFilesAreTruncated() {
        #expect(readError([]) == .truncated(file: "test.safetensors", byteCount: 0))
        #expect(readError([1, 0, 0, 0]) == .truncated(file: "test.safetensors", byteCount: 4))
        #expect(readError([0, 0, 0, 0, 0, 0, 0]) == .truncated(file: "test.safetensors", byteCount: 7))
    }

    @Test func headerLengthPastTheEndOrHugeIsRejected() {
        let short = SafeTensors.littleEndianBytes([UInt64(100)]) + Array("{}".utf8)
        #expect(readError(short) == .headerLengthExceedsFile(file: "test.safetensors", headerLength: 100, fileSize: 10))
        let huge = SafeTensors.littleEndianBytes([UInt64.max]) + Array("{}".utf8)
        #expect(readError(huge) == .headerLengthExceedsLimit(file: "test.safetensors", headerLength: .max,
                                                             limit: SafeTensors.maximumHeaderLength))
        let justOver = SafeTensors.littleEndianBytes([UInt64(SafeTensors.maximumHeaderLength + 1)])
        #expect(readError(justOver) == .headerLengthExceedsLimit(
            file: "test.safetensors", headerLength: UInt64(SafeTensors.maximumHeaderLength + 1),
            limit: SafeTensors.maximumHeaderLength))
        #expect(readError(short)?.description.contains("test.safetensors") == true)
    }

    @Test(arguments: [
        "",  // empty header
        "not json",
        "[1, 2]",  // not an object
        "{\"a\": 3}",  // tensor is not an object
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [1]}}",  // no data_offsets
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}",
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [1e30], \"data_offsets\": [0, 4]}}",
        "{\"a\": {\"dtype\": 32, \"shape\": [1], \"data_offsets\": [0, 4]}}",
        "{\"__metadata__\": {\"step\": 7}}",  // metadata values must be strings
        "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}",  // unterminated
        "\u{FFFD}{}",
    ])
    func malformedHeadersThrowMalformedHeader(header: String) {
        let error = readError(crafted(header, data: [0, 0, 0, 0]))
        guard case .malformedHeader(let file, _)? = error else {
            Issue.record("expected malformedHeader, got \(String(describing: error))")
            return
        }
        #expect(file == "test.safetensors")
    }

    @Test func invalidUTF8HeaderIsMalformed() {
        let bytes = SafeTensors.littleEndianBytes([UInt64(3)]) + [0x7b, 0xff, 0x7d]
        guard case .malformedHeader? = readError(bytes) else { Issue.record("expected malformedHeader"); return }
    }

    @Test func unknownDTypeIsNamed() {
        let header = #"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#
        let error = readError(crafted(header, data: [0]))
        #expect(error == .unknownDType(file: "test.safetensors", tensor: "a", dtype: "F8_E4M3"))
        #expect(error?.description.contains("F8_E4M3") == true)
    }

    @Test func negativeOrOverflowingShapesAreRejected() {
        let negative = #"{"a":{"dtype":"F32","shape":[2,-1],"data_offsets":[0,0]}}"#
        #expect(readError(crafted(negative)) == .invalidShape(
            file: "test.safetensors", tensor: "a", shape: [2, -1], reason: "negative dimension"))
        let overflowing = #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#
        #expect(readError(crafted(overflowing)) == .invalidShape(
            file: "test.safetensors", tensor: "a", shape: [4_294_967_296, 4_294_967_296], reason: "byte size overflows"))
        let bytesOverflow = #"{"a":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}}"#
        guard case .invalidShape? = readError(crafted(bytesOverflow)) else { Issue.record("expected invalidShape"); return }
    }

    @Test(arguments: [
        ("[0, 12]", "past the end"),  // data has 8 bytes
        ("[8, 16]", "past the end"),
        ("[0, 4]", "span of 4 bytes"),  // shape [2] F32 needs 8
        ("[4, 0]", "begin"),
        ("[-8, 0]", "begin"),
        ("[0]", "expected [begin, end]"),
        ("[0, 8, 16]", "expected [begin, end]"),
        ("[0, 9223372036854775807]", "past the end"),
    ])
    func badDataOffsetsAreRejected(offsets: String, reason: String) {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":"# + offsets + "}}"
        let error = readError(crafted(header, data: [UInt8](repeating: 0, count: 8)))
        guard case .invalidDataOffsets(let file, let tensor, _, let message)? = error else {
            Issue.record("expected invalidDataOffsets, got \(String(describing: error))")
            return
        }
        #expect(file == "test.safetensors" && tensor == "a")
        #expect(message.contains(reason))
    }

    @Test func headerPaddingAndTrailingDataAreAccepted() throws {
        let header = #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"# + "     "
        let file = try SafeTensors.read(bytes: crafted(header, data: [9, 1, 2, 9]), source: "padded")
        #expect(try file.entry(named: "a").integers() == [1, 2])
    }

    /// Corrupting any byte, or cutting the file anywhere, must throw or read; never trap.
    @Test func corruptedFilesNeverCrash() throws {
        let valid = try SafeTensors.encode(swiftWrittenTensors, metadata: swiftWrittenMetadata)
        for length in 0..<valid.count { _ = readError(Array(valid[..<length])) }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for position in 0..<valid.count {
            for _ in 0..<4 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var corrupted = valid
                corrupted[position] ^= UInt8(truncatingIfNeeded: state >> 56) | 1
                _ = readError(corrupted)
            }
        }
    }

    // MARK: - Interop with the Python library

    /// Every file make_fixtures.py writes, with its tensors' shapes: the contract the op tests rely on.
    static let pythonFixtures: [String: [String: [Int]]] = {
        func withGradients(_ inputs: [String: [Int]], out: [Int]) -> [String: [Int]] {
            var all = inputs.merging(["out": out, "grad_out": out]) { $1 }
            for (name, shape) in inputs { all["grad_" + name] = shape }
            return all
        }
        let attention = ["q": [2, 3, 5, 4], "k": [2, 3, 5, 4], "v": [2, 3, 5, 4]]
        var activations: [String: [Int]] = ["x": [4, 7]]
        for op in ["gelu", "silu", "softmax", "log_softmax"] {
            activations[op + "_out"] = [4, 7]
            activations["grad_out_" + op] = [4, 7]
            activations["grad_x_" + op] = [4, 7]
        }
        var lstm: [String: [Int]] = [
            "x": [3, 6], "h": [3, 5], "c": [3, 5],
            "weight_ih": [20, 6], "weight_hh": [20, 5], "bias_ih": [20], "bias_hh": [20],
        ]
        for (name, shape) in lstm { lstm["grad_" + name] = shape }
        lstm.merge(["h_out": [3, 5], "c_out": [3, 5], "grad_h_out": [3, 5], "grad_c_out": [3, 5]]) { $1 }
        let mlp = ["fc1.weight": [8, 4], "fc1.bias": [8], "fc2.weight": [3, 8], "fc2.bias": [3]]
        var adamw: [String: [Int]] = ["x": [5, 4], "y": [5, 3], "losses": [10], "grad_norms": [10]]
        for (name, shape) in mlp {
            adamw["init." + name] = shape
            adamw["final." + name] = shape
        }
        return [
            "linear": withGradients(["x": [4, 5], "weight": [3, 5], "bias": [3]], out: [4, 3]),
            "conv2d_stride1": withGradients(["x": [2, 3, 7, 6], "weight": [4, 3, 3, 3], "bias": [4]], out: [2, 4, 7, 6]),
            "conv2d_stride2_asymmetric": withGradients(["x": [2, 3, 8, 8], "weight": [4, 3, 3, 3], "bias": [4]],
                                                       out: [2, 4, 4, 4]),
            "group_norm": withGradients(["x": [2, 8, 5, 5], "weight": [8], "bias": [8]], out: [2, 8, 5, 5]),
            "layer_norm": withGradients(["x": [3, 4, 16], "weight": [16], "bias": [16]], out: [3, 4, 16]),
            "attention_causal": withGradients(attention, out: [2, 3, 5, 4]),
            "attention_mask": withGradients(attention, out: [2, 3, 5, 4]).merging(["mask": [5, 5]]) { $1 },
            "lstm_cell": lstm,
            "cross_entropy": ["logits": [6, 5], "targets": [6], "loss": [1], "grad_logits": [6, 5]],
            "adamw_mlp": adamw,
            "gelu_softmax": activations,
        ]
    }()

    @Test(arguments: SafeTensorsTests.pythonFixtures.keys.sorted())
    func pythonFixtureHasTheAgreedTensors(name: String) throws {
        let file = try fixture(name)
        let expected = try #require(Self.pythonFixtures[name])
        #expect(file.names == expected.keys.sorted(by: SafeTensors.utf8Precedes))
        #expect(file.metadata["source"] == "make_fixtures.py")
        for (key, shape) in expected {
            let entry = try file.entry(named: key)
            #expect(entry.shape == shape, "\(name).\(key)")
            if key == "targets" { continue }
            #expect(entry.dtype == .float32, "\(name).\(key)")
            #expect(try entry.floats().allSatisfy(\.isFinite), "\(name).\(key)")
        }
    }

    @Test func pythonCrossEntropyTargetsAreInt64WithAnIgnoredEntry() throws {
        let targets = try fixture("cross_entropy").entry(named: "targets")
        #expect(targets.dtype == .int64)
        let values = try targets.integers()
        #expect(values.filter { $0 == -100 }.count == 1)
        #expect(values.allSatisfy { $0 == -100 || (0..<5).contains($0) })
    }

    @Test func pythonLinearFixtureMatchesItsDefinition() throws {
        // out = x @ weight.T + bias, recomputed here: proves the reader's layout is row-major.
        let file = try fixture("linear")
        let x = try file.entry(named: "x").floats(), weight = try file.entry(named: "weight").floats()
        let bias = try file.entry(named: "bias").floats(), out = try file.entry(named: "out").floats()
        for row in 0..<4 {
            for column in 0..<3 {
                var sum = bias[column]
                for inner in 0..<5 { sum += x[row * 5 + inner] * weight[column * 5 + inner] }
                #expect(abs(sum - out[row * 3 + column]) < 1e-5)
            }
        }
    }

    /// make_fixtures.py checks this committed file loads in PyTorch; this test checks the
    /// writer still produces it byte for byte. On a mismatch, the new bytes are left in a
    /// temporary file to inspect and, if the change is intended, copy over the fixture.
    @Test func swiftWrittenFixtureIsWhatEncodeProduces() throws {
        let encoded = try SafeTensors.encode(swiftWrittenTensors, metadata: swiftWrittenMetadata)
        let url = try fixtureURL("swift_written")
        let committed = (try? Data(contentsOf: url)).map { [UInt8]($0) }
        if committed != encoded {
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("swift_written.safetensors")
            try SafeTensors.write(swiftWrittenTensors, metadata: swiftWrittenMetadata, to: fresh)
            Issue.record("""
                Fixtures/swift_written.safetensors differs from SafeTensors.encode; new file at \(fresh.path). \
                Copy it to Tests/TensorTests/Fixtures/ and run make_fixtures.py to check it in PyTorch.
                """)
        }
        let file = try fixture("swift_written")
        #expect(try file.entry(named: "a").floats() == [0, 1, 2, 3, 4, 5])
        #expect(try file.entry(named: "a").shape == [2, 3])
        #expect(try file.entry(named: "b").floats() == [1.5, -2.25])
        #expect(file.metadata == swiftWrittenMetadata)
    }
}
