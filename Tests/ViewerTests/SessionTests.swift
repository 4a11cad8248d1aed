import Env
import Foundation
import Testing
@testable import Viewer

/// A source whose every step is scripted: rewards, episode ends and a policy that always says 1.
final class ScriptedSource: ViewerSource {
    let name: String
    let gameName = "catch"
    let actionNames = ["NOOP", "RIGHT", "LEFT"]
    let hasPolicy: Bool
    var resets = 0
    var actions: [Int] = []
    var endEvery: Int

    init(name: String = "scripted", hasPolicy: Bool = false, endEvery: Int = 1000) {
        self.name = name
        self.hasPolicy = hasPolicy
        self.endEvery = endEvery
    }

    func reset() throws { resets += 1 }
    func step(_ action: Int) throws -> ViewerStep {
        actions.append(action)
        return ViewerStep(reward: action == 1 ? 1 : -0.5, ended: actions.count % endEvery == 0)
    }
    func policyAction() throws -> Int? { hasPolicy ? 1 : nil }
    var panels: [ViewerPanel] { [ViewerPanel(caption: "p", image: RGBImage(width: 4, height: 4))] }
}

@discardableResult
func run(_ session: ViewerSession, tick: Bool, action: Int) -> SourceJob? {
    guard let job = session.nextJob(tick: tick, action: action) else { return nil }
    session.apply(ViewerSession.perform(job, on: session.sources[job.source]))
    return job
}

@Suite("Viewer session rules")
struct SessionTests {
    @Test func firstJobResetsThenPacedStepsAccumulate() {
        let source = ScriptedSource()
        let session = ViewerSession(sources: [source], fps: 15)
        #expect(run(session, tick: false, action: 0)?.kind == .reset)  // the reset does not wait for the clock
        #expect(run(session, tick: false, action: 1) == nil)
        run(session, tick: true, action: 1)
        run(session, tick: true, action: 2)
        #expect(source.actions == [1, 2])
        #expect(session.current.step == 2 && session.current.episode == 1)
        #expect(session.current.episodeReturn == 0.5 && session.current.reward == -0.5 && session.current.actionName == "LEFT")
    }

    @Test func pauseBlocksStepsAndSingleStepGivesExactlyOne() {
        let source = ScriptedSource()
        let session = ViewerSession(sources: [source], fps: 15)
        run(session, tick: true, action: 0)
        session.handle(.togglePause)
        #expect(run(session, tick: true, action: 1) == nil)
        session.handle(.stepOnce)
        #expect(run(session, tick: false, action: 1) != nil)
        #expect(run(session, tick: true, action: 1) == nil)
        #expect(source.actions == [1])
        session.handle(.togglePause)
        session.handle(.stepOnce)  // ignored while running
        #expect(run(session, tick: false, action: 1) == nil)
    }

    @Test func episodeEndLeadsToAResetAndANewEpisode() {
        let source = ScriptedSource(endEvery: 2)
        let session = ViewerSession(sources: [source], fps: 15)
        for _ in 0..<4 { run(session, tick: true, action: 1) }  // reset, step, step (ends), reset
        #expect(source.resets == 2)
        #expect(session.current.episode == 2 && session.current.step == 0 && session.current.episodeReturn == 0)
        session.handle(.reset)
        run(session, tick: false, action: 0)
        #expect(source.resets == 3 && session.current.episode == 3)
    }

    @Test func fpsLadder() {
        let session = ViewerSession(sources: [ScriptedSource()], fps: 25)
        session.handle(.faster)
        #expect(session.fps == 30)
        session.handle(.slower)
        session.handle(.slower)
        #expect(session.fps == 15)
        for _ in 0..<20 { session.handle(.slower) }
        #expect(session.fps == 1)
        for _ in 0..<20 { session.handle(.faster) }
        #expect(session.fps == 240)
    }

    @Test func switchingSourcesKeepsEachOnesCounters() {
        let real = ScriptedSource(name: "real"), dream = ScriptedSource(name: "dream", hasPolicy: true)
        let session = ViewerSession(sources: [real, dream], fps: 15)
        for _ in 0..<3 { run(session, tick: true, action: 2) }
        session.handle(.switchSource)
        #expect(session.source.name == "dream")
        #expect(run(session, tick: false, action: 0)?.kind == .reset)
        #expect(session.handle(.toggleControl) == "control: policy")
        run(session, tick: true, action: 2)
        #expect(dream.actions == [1])  // the policy's action, not the keyboard's
        session.handle(.switchSource)
        #expect(session.control == .human)  // the real source has no policy
        #expect(session.current.step == 2 && real.resets == 1)
        #expect(session.handle(.toggleControl)?.contains("no policy") == true)
    }

    @Test func failingSourceReportsItsError() {
        final class Broken: ViewerSource {
            let name = "broken", gameName = "pong", actionNames = ["NOOP"], hasPolicy = false
            func reset() throws { throw ViewerError.invalidOption("no frames") }
            func step(_ action: Int) throws -> ViewerStep { ViewerStep(reward: 0, ended: false) }
            func policyAction() throws -> Int? { nil }
            var panels: [ViewerPanel] { [] }
        }
        let report = ViewerSession.perform(SourceJob(source: 0, kind: .reset), on: Broken())
        #expect(report.error as? ViewerError == .invalidOption("no frames"))
    }
}

@Suite("Keymap")
struct KeymapTests {
    let pong = Keymap(gameName: "pong", actionNames: ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"])
    let breakout = Keymap(gameName: "breakout", actionNames: ["NOOP", "FIRE", "RIGHT", "LEFT"])

    @Test func pongMovesWithUpAndDown() {
        #expect(pong.action(for: []) == 0)
        #expect(pong.action(for: [.w]) == 2 && pong.action(for: [.up]) == 2)  // RIGHT moves Pong's paddle up
        #expect(pong.action(for: [.s]) == 3 && pong.action(for: [.down]) == 3)
        #expect(pong.action(for: [.space]) == 1)
        #expect(pong.action(for: [.up, .space]) == 4 && pong.action(for: [.s, .space]) == 5)
        #expect(pong.action(for: [.up, .down]) == 0)  // opposite directions cancel
        #expect(pong.action(for: [.a]) == 0 && pong.action(for: [.right]) == 0)  // unbound in Pong
        #expect(pong.bindings == ["W / Up: RIGHT", "S / Down: LEFT", "Space: FIRE"])
    }

    @Test func realPongUsesPongsKeys() {
        let real = Keymap(gameName: "ale:pong", actionNames: pong.actionNames)
        #expect(real.bindings == pong.bindings && real.action(for: [.w]) == 2)
    }

    @Test func breakoutMovesLeftAndRight() {
        #expect(breakout.action(for: [.left]) == 3 && breakout.action(for: [.d]) == 2 && breakout.action(for: [.space]) == 1)
        #expect(breakout.action(for: [.w]) == 0)  // UP is not in Breakout's set
        #expect(breakout.action(for: [.right, .space]) == 2)  // no RIGHTFIRE: the direction wins
        #expect(breakout.bindings == ["A / Left: LEFT", "D / Right: RIGHT", "Space: FIRE"])
    }

    @Test func fullActionSetBindsDiagonals() {
        let full = Keymap(gameName: "breakout", actionNames: ALEAction.allCases.map(\.name))
        #expect(full.action(for: [.w, .d, .space]) == ALEAction.upRightFire.rawValue)
        #expect(full.action(for: [.down, .left]) == ALEAction.downLeft.rawValue)
    }
}

@Suite("Recording and headless rendering")
struct RecordingTests {
    @Test func targetPaths() {
        let file = RecordingTarget(path: "out/play.gif")
        #expect(file.paths(number: 1, stamp: "s") == ("out/play.gif", "out/play-frames"))
        #expect(file.paths(number: 2, stamp: "s") == ("out/play-2.gif", "out/play-2-frames"))
        let folder = RecordingTarget(path: "runs/x/media/recordings")
        #expect(folder.paths(number: 1, stamp: "20261129-093512") == ("runs/x/media/recordings/20261129-093512.gif",
                                                                     "runs/x/media/recordings/20261129-093512-frames"))
        #expect(Recorder.delay(fps: 15) == 7 && Recorder.delay(fps: 240) == 2 && Recorder.delay(fps: 1) == 100)
    }

    @Test func headlessRunWritesPNGFramesAndAGIFOfTheSteps() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iris-headless-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try RealGameSource(game: "catch", seed: 5)
        let session = ViewerSession(sources: [source], fps: 15, control: .random)
        let recorder = try Recorder(gifPath: folder + "/run.gif", framesDirectory: folder + "/frames")
        var headless = HeadlessViewer(steps: 12, scale: 1, seed: 5)
        _ = try headless.run(session, recorder: recorder)
        #expect(session.current.step == 12)
        // One frame for the first reset and one per step.
        #expect(recorder.frameCount == 13)
        let frames = try FileManager.default.contentsOfDirectory(atPath: folder + "/frames").sorted()
        #expect(frames.first == "frame_00000.png" && frames.last == "frame_00012.png" && frames.count == 13)
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/run.gif"))))
        #expect(gif.frames.count >= 2 && gif.delays.reduce(0, +) == 13 * 7)
        // The same seed plays the same random actions.
        let again = try RealGameSource(game: "catch", seed: 5)
        let session2 = ViewerSession(sources: [again], fps: 15, control: .random)
        let recorder2 = try Recorder(gifPath: folder + "/again.gif", framesDirectory: folder + "/frames2")
        var headless2 = HeadlessViewer(steps: 12, scale: 1, seed: 5)
        _ = try headless2.run(session2, recorder: recorder2)
        #expect(again.env.rawFrame == source.env.rawFrame && session2.current == session.current)
    }
}
