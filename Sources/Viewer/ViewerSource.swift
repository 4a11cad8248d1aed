/// Something the viewer shows and drives step by step: the real game, the agent in the real
/// game, or the agent's world model dreaming. The viewer knows nothing else about it.
///
/// Threading: the viewer calls `reset`, `step`, `policyAction`, `panels` and `status` from one
/// background thread only (never two calls at once), so a slow step (a world model on a CPU)
/// never blocks the window's event handling, and a source needs no locks; nothing else may
/// drive it while the viewer runs. `name`, `gameName`, `actionNames` and `hasPolicy` are read
/// from the window's thread and must not change.
public protocol ViewerSource: AnyObject {
    /// Shown in the header and when switching, e.g. "real pong" or "world model".
    var name: String { get }
    /// The game's name as `GameRegistry` knows it ("pong"): picks the keymap.
    var gameName: String { get }
    /// ALE action names by index (`ALEAction.name`): the keymap binds only keys whose action is here.
    var actionNames: [String] { get }
    /// Whether `policyAction()` can answer: the human <-> policy toggle is offered only then.
    var hasPolicy: Bool { get }
    /// Starts a new episode; `panels` then show its first frame.
    func reset() throws
    /// Acts with the action at `action` in `actionNames`.
    func step(_ action: Int) throws -> ViewerStep
    /// What the policy would do now (an index into `actionNames`), or nil without a policy.
    func policyAction() throws -> Int?
    /// Images of the current state, shown side by side in this order (any sizes).
    var panels: [ViewerPanel] { get }
    /// One short extra header line (lives, dream horizon...), or "" for none.
    var status: String { get }
}

extension ViewerSource {
    public var status: String { "" }
}

/// The outcome of one step as the header shows it.
public struct ViewerStep: Equatable, Sendable {
    public var reward: Float
    /// The episode is over (terminated or truncated): the viewer resets before the next step.
    public var ended: Bool

    public init(reward: Float, ended: Bool) {
        self.reward = reward
        self.ended = ended
    }
}

/// One image of a source with the caption drawn above it.
public struct ViewerPanel: Equatable, Sendable {
    public var caption: String
    public var image: RGBImage

    public init(caption: String, image: RGBImage) {
        self.caption = caption
        self.image = image
    }
}
