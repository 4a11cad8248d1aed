/// Random and human scores of the 26 Atari 100k games (IRIS's results/data, the table of the
/// IRIS paper's Atari 100k results), the anchors of human-normalised scores:
/// (score - random) / (human - random).
///
/// Keyed by ALE's ROM id, so that the real game (`ale:pong`) and our built-in imitation
/// (`pong`) find the same references; `catch` has none.
public enum ReferenceScores {
    public static let table: [String: (random: Double, human: Double)] = [
        "alien": (227.8, 7127.7),
        "amidar": (5.8, 1719.5),
        "assault": (222.4, 742.0),
        "asterix": (210.0, 8503.3),
        "bank_heist": (14.2, 753.1),
        "battle_zone": (2360.0, 37187.5),
        "boxing": (0.1, 12.1),
        "breakout": (1.7, 30.5),
        "chopper_command": (811.0, 7387.8),
        "crazy_climber": (10780.5, 35829.4),
        "demon_attack": (152.1, 1971.0),
        "freeway": (0.0, 29.6),
        "frostbite": (65.2, 4334.7),
        "gopher": (257.6, 2412.5),
        "hero": (1027.0, 30826.4),
        "jamesbond": (29.0, 302.8),
        "kangaroo": (52.0, 3035.0),
        "krull": (1598.0, 2665.5),
        "kung_fu_master": (258.5, 22736.3),
        "ms_pacman": (307.3, 6951.6),
        "pong": (-20.7, 14.6),
        "private_eye": (24.9, 69571.3),
        "qbert": (163.9, 13455.0),
        "road_runner": (11.5, 7845.0),
        "seaquest": (68.4, 42054.7),
        "up_n_down": (533.4, 11693.2),
    ]

    /// The references of `game`: a built-in name (`pong`), an ALE game (`ale:ms_pacman`), or the
    /// papers' spelling (`MsPacman`), compared without case, `ale:` and underscores.
    public static func reference(for game: String) -> (random: Double, human: Double)? {
        var key = game.lowercased()
        if key.hasPrefix("ale:") { key.removeFirst(4) }
        if let found = table[key] { return found }
        let squashed = key.filter { $0 != "_" }
        return table.first { entry in entry.key.filter { $0 != "_" } == squashed }?.value
    }

    /// The human-normalised score, or nil for games without references (e.g. catch).
    public static func humanNormalized(_ score: Double, game: String) -> Double? {
        reference(for: game).map { (score - $0.random) / ($0.human - $0.random) }
    }
}
