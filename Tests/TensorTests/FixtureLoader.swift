// FixtureLoader: finds and reads the PyTorch reference files in Tests/TensorTests/Fixtures.

import Foundation
import Tensor

/// The `Fixtures` folder: the copy SwiftPM bundles with the tests, or else the source folder
/// beside this file (for runners that do not bundle resources).
func fixtureDirectory() throws -> URL {
    if let bundled = Bundle.module.url(forResource: "Fixtures", withExtension: nil) {
        return bundled
    }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    guard FileManager.default.fileExists(atPath: source.path) else {
        throw SafeTensorsError.unreadable(file: source.path, reason: "fixture folder not found")
    }
    return source
}

/// The URL of fixture `name` (`"linear"` or `"linear.safetensors"`).
func fixtureURL(_ name: String) throws -> URL {
    let file = name.hasSuffix(".safetensors") ? name : name + ".safetensors"
    return try fixtureDirectory().appendingPathComponent(file)
}

/// Reads fixture `name` (`"linear"` or `"linear.safetensors"`), written by make_fixtures.py.
func fixture(_ name: String) throws -> SafeTensorsFile {
    try SafeTensors.read(from: fixtureURL(name))
}
