import Env
import Foundation
import Testing
@testable import Viewer

@Suite("GIF encoder")
struct GIFTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("iris-viewer-\(UUID().uuidString)-\(name)").path
    }

    @Test("LZW round trip, including dictionary resets", arguments: [2, 4, 8])
    func lzwRoundTrip(minimumCodeSize: Int) throws {
        var generator = SeededGenerator(seed: 11)
        let alphabet = 1 << minimumCodeSize
        // Random data fills the 4096-entry dictionary many times over; runs exercise the KwKwK case.
        var indices = (0..<60_000).map { _ in UInt8(generator.uniform(0...(alphabet - 1))) }
        indices += [UInt8](repeating: 1, count: 5000)
        var encoder = LZWEncoder()
        let encoded = encoder.encode(indices, minimumCodeSize: minimumCodeSize)
        #expect(try DecodedGIF.lzwDecode(encoded, minimumCodeSize: minimumCodeSize) == indices)
        // A second use of the same encoder (fresh generation) still round-trips.
        let short: [UInt8] = [0, 1, 0, 1, 0, 1, 1, 1, 1]
        #expect(try DecodedGIF.lzwDecode(encoder.encode(short, minimumCodeSize: minimumCodeSize), minimumCodeSize: minimumCodeSize) == short)
    }

    @Test func framesDecodeBackExactly() throws {
        let path = temporaryPath("pong.gif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try RealGameSource(game: "pong", seed: 3)
        try source.reset()
        var renderer = ViewerRenderer(scale: 1)
        var expected: [RGBImage] = []
        var writer: GIFWriter?
        for step in 0..<40 {
            if step > 0 { _ = try source.step(step % 3 == 0 ? 2 : 3) }
            let header = HeaderInfo(sourceName: source.name, control: "random", episode: 1, step: step, actionName: "RIGHT",
                                    reward: 0, episodeReturn: 0, targetFPS: 15)
            let canvas = renderer.render(panels: source.panels, header: header)
            if writer == nil { writer = try GIFWriter(path: path, width: canvas.width, height: canvas.height) }
            try writer!.add(canvas, delay: 7)
            expected.append(canvas)
        }
        // An unchanged frame extends the previous one's delay instead of adding a frame.
        try writer!.add(expected.last!, delay: 7)
        try writer!.finish()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(6)) == Array("GIF89a".utf8))
        #expect(bytes.last == 0x3B)
        let gif = try DecodedGIF(bytes)
        #expect(gif.width == 364 && gif.height == 266)
        #expect(gif.loops)
        #expect(gif.frames.count == 40)
        #expect(gif.delays.prefix(39).allSatisfy { $0 == 7 } && gif.delays.last == 14)
        for (index, frame) in gif.frames.enumerated() { #expect(frame == expected[index], "frame \(index)") }
        #expect(bytes.count < 40 * 4000, "diff frames should be small, got \(bytes.count) bytes")
    }

    @Test func manyColoursAreQuantisedToAtMost256() throws {
        // A gradient of 4096 colours: median cut must keep each pixel close to its colour.
        var image = RGBImage(width: 64, height: 64)
        for y in 0..<64 {
            for x in 0..<64 { image.fillRect(x: x, y: y, width: 1, height: 1, color: RGB(UInt8(x * 4), UInt8(y * 4), 128)) }
        }
        let result = ColorQuantizer.quantize(image.pixels, capacity: 256)
        #expect(result.palette.count == 256)
        var worst = 0
        for i in 0..<(64 * 64) {
            let entry = result.palette[Int(result.indices[i])]
            let original = image[i % 64, i / 64]
            worst = max(worst, abs(Int(entry.red) - Int(original.red)), abs(Int(entry.green) - Int(original.green)))
            #expect(entry.blue == 128)
        }
        #expect(worst <= 8, "worst channel error \(worst)")

        let path = temporaryPath("gradient.gif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try GIFWriter(path: path, width: 64, height: 64)
        try writer.add(image, delay: 10)
        try writer.finish()
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(gif.frames.count == 1)
        #expect(gif.frames[0][63, 63].red >= 244)
    }

    @Test func fewColoursStayExact() {
        var pixels: [UInt8] = []
        for i in 0..<100 { pixels += i % 3 == 0 ? [144, 72, 17] : i % 3 == 1 ? [236, 236, 236] : [92, 186, 92] }
        let result = ColorQuantizer.quantize(pixels, capacity: 256)
        #expect(result.palette.count == 3)
        for i in 0..<100 {
            let c = result.palette[Int(result.indices[i])]
            #expect([c.red, c.green, c.blue] == Array(pixels[(3 * i)..<(3 * i + 3)]))
        }
    }

    @Test func wrongFrameSizeIsAnError() throws {
        let path = temporaryPath("size.gif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try GIFWriter(path: path, width: 10, height: 10)
        #expect(throws: ViewerError.self) { try writer.add(RGBImage(width: 11, height: 10), delay: 5) }
        try writer.finish()
        #expect(throws: ViewerError.self) { try GIFWriter(path: "/nonexistent-dir/x.gif", width: 10, height: 10) }
    }
}
