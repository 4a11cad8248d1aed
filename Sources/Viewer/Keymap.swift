import Env

/// Keyboard keys the games use; the window turns SDL scancodes into these.
public enum GameKey: Hashable, Sendable, CaseIterable {
    case w, a, s, d, up, down, left, right, space
}

/// From held keys to an action index, the way IRIS's play tool binds them (keymap.py):
/// W/A/S/D and the arrows move the joystick, Space is fire, and a key is bound only when its
/// action is in the game's action set; with no bound key held the action is NOOP.
///
/// Pong is the exception: its paddle moves vertically but ALE's Pong reads the joystick's
/// RIGHT as up and LEFT as down, so W/S and up/down are bound to RIGHT/LEFT there (and A/D,
/// which would move the paddle crosswise to the key, are left unbound).
public struct Keymap: Sendable {
    enum Button: Hashable, Sendable { case up, down, left, right, fire }

    public let actionNames: [String]
    private let actions: [ALEAction?]
    private let buttonsOfKey: [GameKey: Button]
    /// Pong: the joystick direction a vertical key produces.
    private let verticalAsHorizontal: Bool

    public init(gameName: String, actionNames: [String]) {
        self.actionNames = actionNames
        actions = actionNames.map { name in ALEAction.allCases.first { $0.name == name } }
        // The real cartridge (`ale:pong`) reads the joystick as our Pong does.
        let isPong = [Pong.name, ALEGame.prefix + Pong.name].contains(gameName.lowercased())
        verticalAsHorizontal = isPong
        var keys: [GameKey: Button] = [.w: .up, .up: .up, .s: .down, .down: .down, .space: .fire]
        if !isPong { keys.merge([.a: .left, .left: .left, .d: .right, .right: .right]) { $1 } }
        let available = Set(actions.compactMap { $0 })
        buttonsOfKey = keys.filter { _, button in available.contains(Self.joystick([button], alias: isPong)) }
    }

    /// The index of the action the held `keys` make (the NOOP index when none is bound).
    public func action(for keys: Set<GameKey>) -> Int {
        let buttons = Set(keys.compactMap { buttonsOfKey[$0] })
        // The exact combination if the game has it, else without fire, else nothing.
        for candidate in [buttons, buttons.subtracting([.fire]), buttons.intersection([.fire])] where !candidate.isEmpty {
            if let index = index(of: Self.joystick(candidate, alias: verticalAsHorizontal)) { return index }
        }
        return index(of: .noop) ?? 0
    }

    /// The bound keys and what they do, for the help text ("W / Up: RIGHT").
    public var bindings: [String] {
        let order: [(GameKey, String)] = [(.w, "W"), (.up, "Up"), (.s, "S"), (.down, "Down"), (.a, "A"), (.left, "Left"),
                                          (.d, "D"), (.right, "Right"), (.space, "Space")]
        var lines: [String] = []
        var seen: Set<Button> = []
        for (key, _) in order {
            guard let button = buttonsOfKey[key], !seen.contains(button) else { continue }
            seen.insert(button)
            let names = order.filter { buttonsOfKey[$0.0] == button }.map(\.1).joined(separator: " / ")
            lines.append("\(names): \(Self.joystick([button], alias: verticalAsHorizontal).name)")
        }
        return lines
    }

    private func index(of action: ALEAction) -> Int? { actions.firstIndex(of: action) }

    /// The ALE action of a set of buttons (opposite directions cancel).
    static func joystick(_ buttons: Set<Button>, alias: Bool) -> ALEAction {
        var vertical = (buttons.contains(.up) ? 1 : 0) - (buttons.contains(.down) ? 1 : 0)
        var horizontal = (buttons.contains(.right) ? 1 : 0) - (buttons.contains(.left) ? 1 : 0)
        if alias { horizontal = vertical; vertical = 0 }
        let fire = buttons.contains(.fire)
        return ALEAction.allCases.first { $0.vertical == vertical && $0.horizontal == horizontal && $0.fire == fire }!
    }
}
