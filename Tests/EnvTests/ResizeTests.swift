import Testing
@testable import Env

/// Pillow-exact BILINEAR resize. Expected hashes come from Fixtures/make_resize_fixtures.py,
/// which builds the same inputs and resizes them with Pillow 13.0.0.
@Suite struct ResizeTests {
    /// The script's 31-bit LCG noise (glibc constants, third byte of each state).
    static func noise(width: Int, height: Int, seed: UInt32) -> [UInt8] {
        var state = seed
        return (0..<(width * height * 3)).map { _ in
            state = (state &* 1_103_515_245 &+ 12345) & 0x7FFF_FFFF
            return UInt8((state >> 16) & 0xFF)
        }
    }

    static func gradient(width: Int, height: Int) -> [UInt8] {
        var bytes = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 { bytes.append(UInt8((x * 3 + y * 5 + channel * 80 + (x * y) % 7) & 0xFF)) }
            }
        }
        return bytes
    }

    static func checkerboard(width: Int, height: Int) -> [UInt8] {
        var bytes = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                let value: UInt8 = (x / 3 + y / 2) % 2 == 0 ? 255 : 0
                bytes += [value, value, value]
            }
        }
        return bytes
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let width, height, outputWidth, outputHeight: Int
        let hash: UInt64
        let samples: [UInt8]
        var testDescription: String { name }

        var input: [UInt8] {
            switch name {
            case "noise": ResizeTests.noise(width: width, height: height, seed: 1)
            case "gradient": ResizeTests.gradient(width: width, height: height)
            case "checkerboard": ResizeTests.checkerboard(width: width, height: height)
            case "noiseOdd": ResizeTests.noise(width: width, height: height, seed: 7)
            default: ResizeTests.noise(width: width, height: height, seed: 3)
            }
        }
    }

    // Output of make_resize_fixtures.py (Pillow 13.0.0).
    static let cases = [
        Case(name: "noise", width: 160, height: 210, outputWidth: 64, outputHeight: 64,
             hash: 0xfbe7c85cbd8576cb, samples: [180, 102, 133, 143, 186]),
        Case(name: "gradient", width: 160, height: 210, outputWidth: 64, outputHeight: 64,
             hash: 0x946a8d27d4def05b, samples: [12, 92, 172, 23, 139]),
        Case(name: "checkerboard", width: 160, height: 210, outputWidth: 64, outputHeight: 64,
             hash: 0x7f62301ab784eed5, samples: [150, 150, 150, 121, 137]),
        Case(name: "noiseOdd", width: 37, height: 23, outputWidth: 11, outputHeight: 17,
             hash: 0x1de2f2e55f77ec30, samples: [130, 97, 106, 116, 96]),
        Case(name: "noiseUpscale", width: 20, height: 10, outputWidth: 64, outputHeight: 64,
             hash: 0x3e18e85f830c70d1, samples: [83, 195, 125, 9, 191]),
    ]

    @Test(arguments: cases)
    func matchesPillowBitForBit(_ fixture: Case) {
        let output = bilinearResize(rgb: fixture.input, width: fixture.width, height: fixture.height,
                                    toWidth: fixture.outputWidth, toHeight: fixture.outputHeight)
        let samples = [0, 1, 2, output.count / 2, output.count - 1].map { output[$0] }
        #expect(samples == fixture.samples)
        #expect(fnv1a64(output) == fixture.hash, "hash \(hex(fnv1a64(output)))")
    }

    @Test func tapTablesFollowTheReference() {
        // Support = scale: 2.5 in x (4-6 taps), 3.28 in y (5-8 taps), weights summing to ~2^22.
        let horizontal = ResampleTaps(inputSize: 160, outputSize: 64)
        let vertical = ResampleTaps(inputSize: 210, outputSize: 64)
        #expect(horizontal.count.allSatisfy { (4...6).contains($0) })
        #expect(vertical.count.allSatisfy { (5...8).contains($0) })
        for output in 0..<64 {
            let sum = (0..<horizontal.maxTaps).reduce(Int32(0)) { $0 + horizontal.weights[output * horizontal.maxTaps + $1] }
            #expect(abs(sum - (1 << 22)) <= 4)
        }
    }

    /// The incremental resizer (which skips unchanged rows) must equal a fresh full resize.
    @Test func incrementalResizeEqualsAFullResize() {
        let resizer = BilinearResizer(inputWidth: 160, inputHeight: 210, outputWidth: 64, outputHeight: 64)
        var image = ResizeTests.noise(width: 160, height: 210, seed: 9)
        var generator = SeededGenerator(seed: 10)
        for round in 0..<12 {
            // Change a few random rows, sometimes copying a neighbour (the duplicate-row path).
            for _ in 0..<generator.uniform(0...6) {
                let row = generator.uniform(1...209)
                for x in 0..<(160 * 3) {
                    image[row * 480 + x] = round % 2 == 0 ? image[(row - 1) * 480 + x] : UInt8(truncatingIfNeeded: generator.next())
                }
            }
            resizer.resize(image)
            #expect(resizer.output == bilinearResize(rgb: image, width: 160, height: 210, toWidth: 64, toHeight: 64))
        }
    }
}
