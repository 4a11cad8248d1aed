// Shared helpers: fixture files, value comparison, small models and random sequences.

import Foundation
import Testing
import Tensor
@testable import WorldModel

/// A file in the `Fixtures` folder written by make_fixtures.py (bundled copy, else the source folder).
func fixtureURL(_ file: String) throws -> URL {
    if let bundled = Bundle.module.url(forResource: "Fixtures", withExtension: nil) {
        return bundled.appendingPathComponent(file)
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(file)")
}

/// Asserts two value arrays agree within `relative` of the larger magnitude plus `absolute`.
func expectClose(_ actual: [Float], _ expected: [Float], relative: Float = 1e-5, absolute: Float = 1e-6,
                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    let scale = expected.reduce(0) { max($0, abs($1)) }
    var worst: Float = 0, at = 0
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= worst) { worst = abs(a - e); at = i }
    #expect(worst <= absolute + relative * scale, "\(what): max difference \(worst) at \(at) (scale \(scale))",
            sourceLocation: sourceLocation)
}

/// The test architecture: 2 layers, 2 heads, 16 wide, 3 blocks of 4 frame tokens + 1 action,
/// vocabulary 16, no dropout (the PyTorch fixture's configuration).
let smallConfig: WorldModelConfig = {
    var c = WorldModelConfig.tiny
    c.embeddingWidth = 16
    c.maxBlocks = 3
    return c
}()

/// Random interleaved token rows [B, T] for a model: frame tokens at frame positions,
/// actions at action positions, starting at absolute position `start`.
func randomTokens(_ model: WorldModel, batch: Int, length: Int, start: Int = 0, seed: UInt64) -> [Int] {
    var rng = RandomGenerator(seed: seed)
    return (0..<(batch * length)).map { i in
        let bound = model.isAction(start + i % length) ? model.actionCount : model.config.vocabularySize
        return Int(rng.next() % UInt64(bound))
    }
}

/// Rows `range` of each batch row of a [B, N, C] tensor, flattened (B, range, C).
func rows(_ t: Tensor, _ range: Range<Int>) -> [Float] { t.sliced(axis: 1, range).values }
