/// The 18 joystick actions of the Arcade Learning Environment, with ALE's indices and names.
///
/// Games read an action as its parts (fire, up, down, left, right); an environment's action
/// space is a list of these (a game's minimal set, or all 18), and agents pick an index into it.
public enum ALEAction: Int, CaseIterable, Sendable, CustomStringConvertible {
    case noop = 0
    case fire
    case up
    case right
    case left
    case down
    case upRight
    case upLeft
    case downRight
    case downLeft
    case upFire
    case rightFire
    case leftFire
    case downFire
    case upRightFire
    case upLeftFire
    case downRightFire
    case downLeftFire

    /// ALE's name, e.g. `RIGHTFIRE`.
    public var name: String {
        switch self {
        case .noop: "NOOP"
        case .fire: "FIRE"
        case .up: "UP"
        case .right: "RIGHT"
        case .left: "LEFT"
        case .down: "DOWN"
        case .upRight: "UPRIGHT"
        case .upLeft: "UPLEFT"
        case .downRight: "DOWNRIGHT"
        case .downLeft: "DOWNLEFT"
        case .upFire: "UPFIRE"
        case .rightFire: "RIGHTFIRE"
        case .leftFire: "LEFTFIRE"
        case .downFire: "DOWNFIRE"
        case .upRightFire: "UPRIGHTFIRE"
        case .upLeftFire: "UPLEFTFIRE"
        case .downRightFire: "DOWNRIGHTFIRE"
        case .downLeftFire: "DOWNLEFTFIRE"
        }
    }

    public var description: String { name }

    /// Whether the fire button is held.
    public var fire: Bool {
        switch self {
        case .fire, .upFire, .rightFire, .leftFire, .downFire,
             .upRightFire, .upLeftFire, .downRightFire, .downLeftFire: true
        default: false
        }
    }

    /// Horizontal joystick direction: +1 right, -1 left, 0 neither.
    public var horizontal: Int {
        switch self {
        case .right, .upRight, .downRight, .rightFire, .upRightFire, .downRightFire: 1
        case .left, .upLeft, .downLeft, .leftFire, .upLeftFire, .downLeftFire: -1
        default: 0
        }
    }

    /// Vertical joystick direction: +1 up, -1 down, 0 neither.
    public var vertical: Int {
        switch self {
        case .up, .upRight, .upLeft, .upFire, .upRightFire, .upLeftFire: 1
        case .down, .downRight, .downLeft, .downFire, .downRightFire, .downLeftFire: -1
        default: 0
        }
    }
}
