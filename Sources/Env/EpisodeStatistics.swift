/// Scores and lengths of finished episodes, with the mean and (population) standard deviation
/// that evaluations report.
public struct EpisodeStatistics: Equatable, Sendable {
    /// Sum of rewards of each episode.
    public var scores: [Double] = []
    /// Agent steps of each episode.
    public var lengths: [Int] = []

    public init() {}

    public mutating func record(score: Double, length: Int) {
        scores.append(score)
        lengths.append(length)
    }

    public var count: Int { scores.count }
    public var meanScore: Double { Self.mean(scores) }
    public var scoreStandardDeviation: Double { Self.standardDeviation(scores) }
    public var meanLength: Double { Self.mean(lengths.map(Double.init)) }
    public var lengthStandardDeviation: Double { Self.standardDeviation(lengths.map(Double.init)) }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let center = mean(values)
        return mean(values.map { ($0 - center) * ($0 - center) }).squareRoot()
    }
}

/// The random reference of a game: uniformly random actions with the test settings, the
/// baseline printed next to every evaluation (and the "random" of human-normalised scores).
public enum RandomPolicy {
    /// Plays `episodes` whole episodes with uniformly random actions; the environment and the
    /// policy are seeded from `seed`, so the result is reproducible.
    public static func evaluate(game: String, episodes: Int, seed: UInt64, config: EnvConfig = .test) throws -> EpisodeStatistics {
        let env = try AtariEnv(game: game, config: config)
        var policy = SeededGenerator(seed: seed, stream: 77)
        var statistics = EpisodeStatistics()
        env.reset(seed: seed)
        for _ in 0..<episodes {
            var score = 0.0, length = 0
            while true {
                let result = try env.step(policy.uniform(0...(env.actionCount - 1)))
                score += Double(result.reward)
                length += 1
                if result.isEnd { break }
            }
            statistics.record(score: score, length: length)
            env.reset()
        }
        return statistics
    }
}
