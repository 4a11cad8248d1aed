/// The controls as printed at start and on `h`: IRIS's play keys (`.` pause, Enter reset,
/// `,` record) with DIAMOND's additions (`e` single step, `m` human/policy, switching source).
public enum ControlsHelp {
    public static func text(gameKeys: [String], sources: [String], hasPolicy: Bool) -> String {
        var lines = ["controls:"]
        lines += gameKeys.map { "  \($0)" }
        lines.append("  (no game key held: NOOP; held keys repeat every step)")
        lines += [
            "  .        pause / resume",
            "  e        one step while paused",
            "  + / -    faster / slower (steps per second)",
            "  Enter    reset the episode",
        ]
        lines.append(sources.count > 1 ? "  Tab      switch source: \(sources.joined(separator: " <-> "))"
                                       : "  Tab      switch source (only one here: \(sources.first ?? ""))")
        lines.append(hasPolicy ? "  m        human <-> policy control" : "  m        human <-> policy control (no policy here)")
        lines += [
            "  ,        start / stop recording (PNG frames + GIF)",
            "  p        screenshot (PNG)",
            "  h        this help",
            "  Esc      quit (or close the window)",
        ]
        return lines.joined(separator: "\n")
    }
}
