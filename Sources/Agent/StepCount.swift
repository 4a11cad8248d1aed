import Foundation

/// A number of environment steps as people write it: `250000`, `100k`, `1.5M`, `2e5`.
///
/// Suffixes are decimal (k = 1e3, M = 1e6, G = 1e9, either case); the value must come out a
/// positive whole number, so `1.5k` is fine and `1.2345k` or `-3` are errors.
public struct StepCount: Equatable, Sendable, CustomStringConvertible {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = Substring(trimmed)
        var multiplier = 1.0
        if let last = number.last, let scale = Self.suffixes[last] {
            multiplier = scale
            number = number.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" }),
              let base = Double(number), base.isFinite else {
            throw AgentError.invalidStepCount(text)
        }
        let total = base * multiplier
        guard total >= 1, total <= Double(Int32.max), total.rounded() == total else {
            throw AgentError.invalidStepCount(text)
        }
        value = Int(total)
    }

    private static let suffixes: [Character: Double] = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9]

    /// `100k`, `1.5M` or the plain number, whichever is exact.
    public var description: String {
        if value % 1_000_000 == 0 { return "\(value / 1_000_000)M" }
        if value % 1_000 == 0 { return "\(value / 1_000)k" }
        return "\(value)"
    }
}
