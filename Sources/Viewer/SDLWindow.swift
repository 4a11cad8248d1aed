import CSDL2
import Env

/// What the window reports: a control key went down, or the user wants out.
enum WindowEvent: Equatable {
    case command(ViewerCommand)
    /// A game key went down: latched so that a tap between two steps still acts once.
    case gameKey(GameKey)
    case quit
}

/// The SDL2 window: shows the canvas through a streaming texture and turns keyboard events
/// into viewer commands. The only file that touches SDL; all drawing happens in `ViewerRenderer`.
final class SDLWindow {
    private let window: OpaquePointer
    private let renderer: OpaquePointer
    private var texture: OpaquePointer?
    private var size = (width: 0, height: 0)

    /// `allowInvisible`: accept SDL's dummy/offscreen drivers without SDL_VIDEODRIVER (tests set the hint instead).
    init(title: String, width: Int, height: Int, allowInvisible: Bool = false) throws {
        SDL_SetMainReady()  // Swift owns main() (SDL_MAIN_HANDLED in the shim)
        guard SDL_Init(SDL_INIT_VIDEO) == 0 else { throw ViewerError.windowFailed(Self.lastError) }
        // With no display SDL quietly falls back to an invisible offscreen window that nobody
        // could ever close: refuse unless that driver was asked for (tests use SDL_VIDEODRIVER=dummy).
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? ""
        if ["offscreen", "dummy"].contains(driver) && getenv("SDL_VIDEODRIVER") == nil && !allowInvisible {
            SDL_Quit()
            throw ViewerError.windowFailed("no display found (DISPLAY is not set)")
        }
        let centered = Int32(bitPattern: SDL_WINDOWPOS_CENTERED_MASK)  // SDL_WINDOWPOS_CENTERED is a macro Swift cannot import
        let flags = SDL_WINDOW_SHOWN.rawValue | SDL_WINDOW_RESIZABLE.rawValue
        guard let window = SDL_CreateWindow(title, centered, centered, Int32(width), Int32(height), flags) else {
            let reason = Self.lastError
            SDL_Quit()
            throw ViewerError.windowFailed(reason)
        }
        // No vsync: a present must never hold the event loop for a display refresh.
        guard let renderer = SDL_CreateRenderer(window, -1, 0) ?? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue) else {
            let reason = Self.lastError
            SDL_DestroyWindow(window)
            SDL_Quit()
            throw ViewerError.windowFailed(reason)
        }
        self.window = window
        self.renderer = renderer
    }

    deinit {
        if let texture { SDL_DestroyTexture(texture) }
        SDL_DestroyRenderer(renderer)
        SDL_DestroyWindow(window)
        SDL_Quit()
    }

    static var lastError: String { String(cString: SDL_GetError()) }

    /// Shows `canvas`, resizing the window when the canvas changed size (another source's panels).
    func present(_ canvas: RGBImage) {
        if texture == nil || size != (canvas.width, canvas.height) {
            if let texture { SDL_DestroyTexture(texture) }
            texture = SDL_CreateTexture(renderer, UInt32(SDL_PIXELFORMAT_RGB24.rawValue), Int32(SDL_TEXTUREACCESS_STREAMING.rawValue),
                                        Int32(canvas.width), Int32(canvas.height))
            if size.width != 0 { SDL_SetWindowSize(window, Int32(canvas.width), Int32(canvas.height)) }
            size = (canvas.width, canvas.height)
            // A resized window keeps the canvas's aspect ratio, letterboxed.
            SDL_RenderSetLogicalSize(renderer, Int32(canvas.width), Int32(canvas.height))
        }
        canvas.pixels.withUnsafeBytes { bytes in
            _ = SDL_UpdateTexture(texture, nil, bytes.baseAddress, Int32(canvas.width * 3))
        }
        SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255)
        SDL_RenderClear(renderer)
        SDL_RenderCopy(renderer, texture, nil, nil)
        SDL_RenderPresent(renderer)
    }

    /// Drains SDL's event queue.
    func poll() -> [WindowEvent] {
        var events: [WindowEvent] = []
        var event = SDL_Event()
        while SDL_PollEvent(&event) != 0 {
            switch event.type {
            case SDL_QUIT.rawValue:
                events.append(.quit)
            case SDL_WINDOWEVENT.rawValue where event.window.event == UInt8(SDL_WINDOWEVENT_CLOSE.rawValue):
                events.append(.quit)
            case SDL_KEYDOWN.rawValue:
                let repeated = event.key.repeat != 0
                if let mapped = Self.event(forKey: event.key.keysym.sym, scancode: event.key.keysym.scancode, repeated: repeated) {
                    events.append(mapped)
                }
            default:
                break
            }
        }
        return events
    }

    /// Sleeps until an event arrives or `milliseconds` pass, whichever is first.
    func wait(milliseconds: Int) {
        _ = SDL_WaitEventTimeout(nil, Int32(max(milliseconds, 0)))
    }

    /// The game keys held now (SDL_GetKeyboardState), so a held key repeats its action every step.
    func heldGameKeys() -> Set<GameKey> {
        guard let state = SDL_GetKeyboardState(nil) else { return [] }
        return Set(Self.scancodes.compactMap { key, code in state[Int(code.rawValue)] != 0 ? key : nil })
    }

    /// What the renderer shows now, read back from SDL (checks that the window draws the canvas).
    func readPixels() -> RGBImage? {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        guard w > 0, h > 0 else { return nil }
        var pixels = [UInt8](repeating: 0, count: Int(w) * Int(h) * 3)
        // Logical size scaling applies to reads too: read the whole output at its real size.
        SDL_RenderSetLogicalSize(renderer, 0, 0)
        defer { SDL_RenderSetLogicalSize(renderer, Int32(size.width), Int32(size.height)) }
        let status = pixels.withUnsafeMutableBytes { bytes in
            SDL_RenderReadPixels(renderer, nil, UInt32(SDL_PIXELFORMAT_RGB24.rawValue), bytes.baseAddress, w * 3)
        }
        return status == 0 ? RGBImage(width: Int(w), height: Int(h), pixels: pixels) : nil
    }

    // MARK: - Keys

    static let scancodes: [(GameKey, SDL_Scancode)] = [
        (.w, SDL_SCANCODE_W), (.a, SDL_SCANCODE_A), (.s, SDL_SCANCODE_S), (.d, SDL_SCANCODE_D),
        (.up, SDL_SCANCODE_UP), (.down, SDL_SCANCODE_DOWN), (.left, SDL_SCANCODE_LEFT), (.right, SDL_SCANCODE_RIGHT),
        (.space, SDL_SCANCODE_SPACE),
    ]

    /// The control keys (IRIS's and DIAMOND's where they agree; `ControlsHelp` lists them).
    /// Toggles ignore key repeat; single step and speed changes repeat while held.
    static func event(forKey sym: SDL_Keycode, scancode: SDL_Scancode, repeated: Bool) -> WindowEvent? {
        if let game = scancodes.first(where: { $0.1 == scancode })?.0 { return repeated ? nil : .gameKey(game) }
        let key = Int(sym)
        func k(_ code: SDL_KeyCode) -> Int { Int(code.rawValue) }
        switch key {
        case k(SDLK_ESCAPE): return .quit
        case k(SDLK_e): return .command(.stepOnce)
        case k(SDLK_PLUS), k(SDLK_EQUALS), k(SDLK_KP_PLUS): return .command(.faster)
        case k(SDLK_MINUS), k(SDLK_KP_MINUS): return .command(.slower)
        default: break
        }
        guard !repeated else { return nil }
        switch key {
        case k(SDLK_PERIOD): return .command(.togglePause)
        case k(SDLK_RETURN), k(SDLK_KP_ENTER): return .command(.reset)
        case k(SDLK_TAB): return .command(.switchSource)
        case k(SDLK_m): return .command(.toggleControl)
        case k(SDLK_COMMA): return .command(.toggleRecording)
        case k(SDLK_p): return .command(.screenshot)
        case k(SDLK_h): return .command(.help)
        default: return nil
        }
    }
}
