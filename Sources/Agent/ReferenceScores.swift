/// Random and human scores of the Atari 100k benchmark (IRIS's results/data), the anchors of
/// human-normalised scores: (score - random) / (human - random).
public enum ReferenceScores {
    public static let table: [String: (random: Double, human: Double)] = [
        "pong": (-20.7, 14.6),
        "breakout": (1.7, 30.5),
    ]

    /// The human-normalised score, or nil for games without references (e.g. catch).
    public static func humanNormalized(_ score: Double, game: String) -> Double? {
        table[game.lowercased()].map { (score - $0.random) / ($0.human - $0.random) }
    }
}
