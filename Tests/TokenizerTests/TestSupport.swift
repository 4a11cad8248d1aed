import Foundation
import Testing
import Tensor
@testable import Tokenizer

/// The `Fixtures` folder: SwiftPM's bundled copy, or the source folder beside this file.
func fixtureURL(_ file: String) throws -> URL {
    let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    let url = folder.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw SafeTensorsError.unreadable(file: url.path, reason: "fixture not found (run make_fixtures.py)")
    }
    return url
}

/// Asserts max |actual - expected| <= absolute + relative * max |expected| (scale-free).
func expectClose(_ actual: [Float], _ expected: [Float], relative: Float, absolute: Float = 1e-6,
                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    let scale = expected.reduce(0) { Swift.max($0, abs($1)) }
    var worst: Float = 0, at = 0
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= worst) { worst = abs(a - e); at = i }
    #expect(worst <= absolute + relative * scale,
            "\(what): max difference \(worst) at \(at) (scale \(scale))", sourceLocation: sourceLocation)
}

/// The small configuration of `make_fixtures.py` (16x16 frames -> 4x4 tokens, 4/8/4 channels).
func smallFixtureConfig() -> TokenizerConfig {
    var c = TokenizerConfig()
    c.resolution = 16
    c.zChannels = 8
    c.channels = 4
    c.channelMultipliers = [1, 2, 1]
    c.residualBlocks = 1
    c.attentionResolutions = [8]
    c.vocabularySize = 12
    c.embeddingWidth = 6
    c.normGroups = 2
    return c
}

/// Uniform frames in [0, 1] for a configuration.
func randomFrames(_ count: Int, _ config: TokenizerConfig, seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.uniform([count, config.inChannels, config.resolution, config.resolution], 0, 1, using: &rng)
}
