import Foundation

/// A real Atari 2600 game, `ale:<rom id>`: the Arcade Learning Environment's emulator and ROM
/// behind `ALEBridge`, served as a `Game` so that it goes through the same wrapper chain
/// (`AtariEnv`) as the built-in games. ALE runs at frameskip 1 without sticky actions; the
/// wrappers add those.
///
/// `Game`'s methods cannot throw, so a bridge that dies mid-run is recorded in `failure`: the
/// game then reads as over with a black screen (so wrapper loops end), and `AtariEnv.step`
/// throws the failure at once.
public final class ALEGame: Game, SelfSeedingGame {
    public static let name = "ale"
    /// The prefix that selects this family in `GameRegistry`.
    public static let prefix = "ale:"

    /// ALE's ROM id, e.g. `pong`, `ms_pacman`.
    public let rom: String
    public let minimalActions: [ALEAction]
    public private(set) var failure: EnvError?
    private let bridge: ALEBridge

    /// Starts a bridge with `rom` loaded; throws `EnvError.aleUnavailable` when that cannot be done.
    public convenience init(rom: String) throws {
        try self.init(rom: rom, python: nil)
    }

    /// With `python` instead of the one `ALEBridge.pythonExecutable()` finds (tests).
    init(rom: String, python: URL?) throws {
        self.rom = rom
        bridge = try ALEBridge(rom: rom, python: python)
        minimalActions = try bridge.minimalActionIDs.map { id in
            guard let action = ALEAction(rawValue: Int(id)) else {
                throw EnvError.aleUnavailable("ALE reported action id \(id) for \(rom), outside 0..17")
            }
            return action
        }
    }

    public var registryName: String { Self.prefix + rom }

    /// The bridge's process id (for tests that kill it).
    var bridgeProcessID: Int32 { bridge.processID }

    public func reset(seed: UInt64) { reset(newSeed: seed) }

    public func reset(newSeed seed: UInt64?) {
        guard failure == nil else { return }
        do { try bridge.reset(seed: seed) } catch { record(error) }
    }

    public func step(_ action: ALEAction) -> Int {
        guard failure == nil else { return 0 }
        do { return try bridge.step(actionID: UInt8(action.rawValue)) } catch { record(error); return 0 }
    }

    /// An agent step's frames in one exchange with the bridge (longer runs in pieces of 7).
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (reward: Int, frames: Int) {
        guard failure == nil else {
            last.fill(RGB(0, 0, 0))
            return (0, 1)
        }
        var reward = 0, frames = 0
        while frames < actions.count {
            let piece = actions[frames..<min(frames + 7, actions.count)].map { UInt8($0.rawValue) }
            do {
                let result = try bridge.run(actionIDs: piece, previous: &previous, last: &last)
                reward += result.reward
                frames += result.frames
                if result.frames < piece.count { break }
            } catch {
                record(error)
                last.fill(RGB(0, 0, 0))
                return (reward, max(frames, 1))
            }
            // A piece of one frame after a longer one: its previous frame is the last one so far.
            if frames < actions.count && actions.count - frames == 1 { previous.copy(from: last) }
        }
        return (reward, frames)
    }

    public func render(into frame: inout FrameBuffer) {
        if failure == nil {
            do { try bridge.screen(into: &frame); return } catch { record(error) }
        }
        frame.fill(RGB(0, 0, 0))
    }

    public var lives: Int { failure == nil ? bridge.lives : 0 }
    public var isOver: Bool { failure != nil || bridge.isOver }

    private func record(_ error: any Error) {
        failure = error as? EnvError ?? .aleBridgeFailed(game: rom, reason: "\(error)")
    }
}

/// One game of ALE's catalogue as `iris envs` lists it.
public struct ALEGameInfo: Equatable, Sendable {
    public var rom: String
    public var lives: Int
    public var minimalActions: [ALEAction]
}

extension ALEGame {
    /// Every ROM ale-py ships and ALE can run, with its lives and minimal action set
    /// (`scripts/ale_bridge.py --list`; the first call takes ~15 s, then it is cached).
    public static func catalogue() throws -> [ALEGameInfo] {
        try ALEBridge.list().split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let lives = Int(fields[1]) else {
                throw EnvError.aleUnavailable("unreadable line in the bridge's ROM list: \(line)")
            }
            let actions = try fields[2].split(separator: " ").map { id in
                guard let action = Int(id).flatMap(ALEAction.init(rawValue:)) else {
                    throw EnvError.aleUnavailable("unreadable action id '\(id)' for \(fields[0])")
                }
                return action
            }
            return ALEGameInfo(rom: String(fields[0]), lives: lives, minimalActions: actions)
        }
    }
}
