/// What the header shows about the session, as plain values (the renderer formats them).
public struct HeaderInfo: Equatable, Sendable {
    public var sourceName: String
    /// "human", "policy" or "random" (the stand-in of headless play).
    public var control: String
    public var episode: Int
    /// Steps of the current episode.
    public var step: Int
    /// The action of the last step, or "" before the first.
    public var actionName: String
    public var reward: Float
    public var episodeReturn: Float
    public var targetFPS: Int
    /// Steps per second actually achieved, when measured (interactive runs).
    public var measuredFPS: Double?
    public var paused: Bool
    public var recording: Bool
    /// The source's extra line (lives...).
    public var status: String

    public init(sourceName: String, control: String, episode: Int, step: Int, actionName: String,
                reward: Float, episodeReturn: Float, targetFPS: Int, measuredFPS: Double? = nil,
                paused: Bool = false, recording: Bool = false, status: String = "") {
        self.sourceName = sourceName
        self.control = control
        self.episode = episode
        self.step = step
        self.actionName = actionName
        self.reward = reward
        self.episodeReturn = episodeReturn
        self.targetFPS = targetFPS
        self.measuredFPS = measuredFPS
        self.paused = paused
        self.recording = recording
        self.status = status
    }

    /// The three text lines (left-aligned; the paused and recording marks are drawn at the right).
    public var lines: [String] {
        let fps = measuredFPS.map { "fps \(targetFPS) (\(Self.oneDecimal($0)))" } ?? "fps \(targetFPS)"
        return [
            "\(sourceName) | \(control)" + (status.isEmpty ? "" : " | \(status)"),
            "episode \(episode)  step \(step)  action \(actionName.isEmpty ? "-" : actionName)",
            "reward \(Self.signed(reward))  return \(Self.signed(episodeReturn))  \(fps)",
        ]
    }

    /// Atari rewards are whole points: "+1", "-3", "0"; anything else gets two decimals.
    static func signed(_ value: Float) -> String {
        if value == value.rounded(), abs(value) < 1e9 {
            let whole = Int(value)
            return whole > 0 ? "+\(whole)" : "\(whole)"
        }
        let hundredths = Int((abs(value) * 100).rounded())
        let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        return (value < 0 ? "-" : "+") + text
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((max(value, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
