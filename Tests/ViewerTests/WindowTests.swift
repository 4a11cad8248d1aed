import CSDL2
import Env
import Foundation
import Testing
@testable import Viewer

/// The SDL window with SDL's dummy video driver (no display needed): it shows exactly the
/// canvas, reports a quit request, and maps keys to the controls.
@Suite("SDL window (dummy driver)")
struct WindowTests {
    @Test func presentsTheCanvasPixelForPixelAndReportsQuit() throws {
        // A hint rather than setenv: other tests spawn processes concurrently, and setenv is not thread-safe.
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy")
        let source = try RealGameSource(game: "breakout", seed: 2)
        try source.reset()
        var renderer = ViewerRenderer(scale: 1)
        let canvas = renderer.render(panels: source.panels, header: HeaderInfo(
            sourceName: source.name, control: "human", episode: 1, step: 0, actionName: "", reward: 0, episodeReturn: 0,
            targetFPS: 15, status: source.status))
        let window = try SDLWindow(title: "test", width: canvas.width, height: canvas.height, allowInvisible: true)
        window.present(canvas)
        let shown = try #require(window.readPixels())
        #expect(shown == canvas)
        #expect(window.poll().isEmpty)
        var quit = SDL_Event()
        quit.type = SDL_QUIT.rawValue
        #expect(SDL_PushEvent(&quit) == 1)
        #expect(window.poll() == [.quit])
    }

    @Test func controlKeys() {
        func event(_ key: SDL_KeyCode, repeated: Bool = false) -> WindowEvent? {
            SDLWindow.event(forKey: SDL_Keycode(key.rawValue), scancode: SDL_SCANCODE_UNKNOWN, repeated: repeated)
        }
        #expect(event(SDLK_ESCAPE) == .quit)
        #expect(event(SDLK_PERIOD) == .command(.togglePause))
        #expect(event(SDLK_PERIOD, repeated: true) == nil)  // a held toggle does not flicker
        #expect(event(SDLK_e, repeated: true) == .command(.stepOnce))
        #expect(event(SDLK_RETURN) == .command(.reset))
        #expect(event(SDLK_TAB) == .command(.switchSource))
        #expect(event(SDLK_m) == .command(.toggleControl))
        #expect(event(SDLK_COMMA) == .command(.toggleRecording))
        #expect(event(SDLK_h) == .command(.help))
        #expect(event(SDLK_EQUALS) == .command(.faster) && event(SDLK_MINUS) == .command(.slower))
        #expect(SDLWindow.event(forKey: SDL_Keycode(SDLK_w.rawValue), scancode: SDL_SCANCODE_W, repeated: false) == .gameKey(.w))
        #expect(SDLWindow.event(forKey: SDL_Keycode(SDLK_w.rawValue), scancode: SDL_SCANCODE_W, repeated: true) == nil)
    }
}
