/// The parts of a training epoch and what each has cost so far, for the ETA.
///
/// An epoch's cost changes several-fold over a run as the schedule starts and stops models
/// (the first epochs only collect: timing them put a 2-hour run at 6 minutes). So each part is
/// timed on its own, and the time left is the sum, over the epochs still to come, of the parts
/// each of them runs (the same schedule as `Trainer.runEpoch`), at their recent mean cost.
/// Parts not timed yet are named, and the estimate is then a lower bound.
struct EpochCosts {
    enum Part: String, CaseIterable, Comparable {
        case collection, tokenizer, worldModel = "world model", actorCritic = "actor-critic", evaluation, media

        static func < (a: Part, b: Part) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    /// Recent costs per part: the world model's step gets cheaper once tokens are cached, so
    /// old measurements age out.
    private var recent: [Part: [Double]] = [:]
    static let window = 10

    mutating func record(_ part: Part, seconds: Double) {
        recent[part, default: []].append(seconds)
        if recent[part]!.count > Self.window { recent[part]!.removeFirst() }
    }

    func mean(_ part: Part) -> Double? {
        guard let values = recent[part], !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The parts `epoch` (1-based) runs under `config`.
    static func parts(in epoch: Int, config: TrainerConfig) -> Set<Part> {
        var parts: Set<Part> = []
        let schedule = config.training
        if epoch <= config.collectionEpochs { parts.insert(.collection) }
        if schedule.tokenizer.trains(in: epoch) { parts.insert(.tokenizer) }
        if schedule.worldModel.trains(in: epoch) { parts.insert(.worldModel) }
        if schedule.actorCritic.trains(in: epoch) { parts.insert(.actorCritic) }
        let every = config.evaluation.every
        if every > 0 && epoch % every == 0 && epoch > schedule.actorCritic.startAfterEpochs && config.evaluation.episodes > 0 {
            parts.insert(.evaluation)
        }
        if config.evaluation.mediaEvery > 0 && epoch % config.evaluation.mediaEvery == 0 { parts.insert(.media) }
        return parts
    }

    /// Seconds the epochs after `epoch` will take at the measured costs, and the parts they run
    /// that have no measurement yet (left out of the sum).
    func remaining(after epoch: Int, config: TrainerConfig) -> (seconds: Double, untimed: [Part]) {
        var seconds = 0.0
        var untimed: Set<Part> = []
        guard epoch < config.totalEpochs else { return (0, []) }
        for future in (epoch + 1)...config.totalEpochs {
            for part in Self.parts(in: future, config: config) {
                if let cost = mean(part) { seconds += cost } else { untimed.insert(part) }
            }
        }
        // The final evaluation: `finalEpisodes` episodes at the periodic evaluation's cost per episode.
        if config.evaluation.finalEpisodes > 0 {
            if let cost = mean(.evaluation), config.evaluation.episodes > 0 {
                seconds += cost * Double(config.evaluation.finalEpisodes) / Double(config.evaluation.episodes)
            } else {
                untimed.insert(.evaluation)
            }
        }
        return (seconds, untimed.sorted())
    }
}
