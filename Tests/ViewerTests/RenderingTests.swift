import Env
import Testing
@testable import Viewer

@Suite("Viewer layout and software rendering")
struct RenderingTests {
    static let rawAndObservation = [(width: 160, height: 210), (width: 64, height: 64)]

    @Test func layoutAtScaleOne() {
        let layout = ViewerLayout(panelSizes: Self.rawAndObservation, scale: 1)
        #expect(layout.gap == 4)
        #expect(layout.width == 4 + 160 + 4 + 64 * 3 + 4)
        #expect(layout.textScale == 1)
        #expect(layout.headerHeight == 4 + 3 * 10 + 4)
        #expect(layout.height == 38 + 4 + 10 + 210 + 4)
        #expect(layout.panels[0] == .init(x: 4, y: 52, factor: 1, width: 160, height: 210, captionX: 4, captionY: 42))
        // 210 / 64 = 3: the observation is drawn at x3 and centred in the 210-pixel row.
        #expect(layout.panels[1] == .init(x: 168, y: 52 + 9, factor: 3, width: 192, height: 192, captionX: 168, captionY: 42))
    }

    @Test func layoutAtScaleTwo() {
        let layout = ViewerLayout(panelSizes: Self.rawAndObservation, scale: 2)
        #expect(layout.width == 8 + 320 + 8 + 384 + 8)
        #expect(layout.textScale == 2)
        #expect(layout.headerHeight == 8 + 60 + 8)
        #expect(layout.height == 76 + 8 + 20 + 420 + 8)
        #expect(layout.panels.map(\.factor) == [2, 6])
        #expect(layout.panels[1].x == 8 + 320 + 8)
        #expect(layout.panels[1].y == 104 + (420 - 384) / 2)
    }

    @Test func nearestNeighbourBlit() {
        var image = RGBImage(width: 2, height: 1)
        image.fillRect(x: 0, y: 0, width: 1, height: 1, color: RGB(10, 20, 30))
        image.fillRect(x: 1, y: 0, width: 1, height: 1, color: RGB(40, 50, 60))
        var canvas = RGBImage(width: 8, height: 5, fill: RGB(1, 1, 1))
        canvas.blit(image, x: 1, y: 1, factor: 3)
        for y in 0..<5 {
            for x in 0..<8 {
                let expected: RGB = (1...3).contains(y) && (1...3).contains(x) ? RGB(10, 20, 30)
                    : (1...3).contains(y) && (4...6).contains(x) ? RGB(40, 50, 60) : RGB(1, 1, 1)
                #expect(canvas[x, y] == expected, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func glyphPixels() {
        var canvas = RGBImage(width: 14, height: 10)
        let white = RGB(255, 255, 255)
        BitmapFont.draw("1l", into: &canvas, x: 1, y: 1, scale: 1, color: white)
        let one = ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."]
        let ell = ["#....", "#....", "#....", "#....", "#....", "#....", "#####"]
        for row in 0..<7 {
            for column in 0..<5 {
                #expect((canvas[1 + column, 1 + row] == white) == (Array(one[row])[column] == "#"), "1 at \(column),\(row)")
                #expect((canvas[7 + column, 1 + row] == white) == (Array(ell[row])[column] == "#"), "L at \(column),\(row)")
            }
        }
        // Row 0 and the spacing column stay untouched.
        #expect((0..<14).allSatisfy { canvas[$0, 0] == RGB(0, 0, 0) })
        #expect((0..<10).allSatisfy { canvas[6, $0] == RGB(0, 0, 0) })
    }

    @Test func everyHeaderCharacterHasAGlyph() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789 .,:;-+/()[]!?'\"%#=_<>|*"
        #expect(text.allSatisfy(BitmapFont.hasGlyph))
        #expect(!BitmapFont.hasGlyph("~"))
        #expect(BitmapFont.glyph("~") == BitmapFont.missingGlyph)
    }

    @Test func headerText() {
        let header = HeaderInfo(sourceName: "real pong", control: "human", episode: 2, step: 37, actionName: "RIGHTFIRE",
                                reward: -1, episodeReturn: 3, targetFPS: 15, measuredFPS: 14.96)
        #expect(header.lines == ["real pong | human", "episode 2  step 37  action RIGHTFIRE", "reward -1  return +3  fps 15 (15.0)"])
        #expect(HeaderInfo.signed(0) == "0")
        #expect(HeaderInfo.signed(0.5) == "+0.50")
        #expect(HeaderInfo.signed(-2.25) == "-2.25")
        #expect(HeaderInfo.signed(1.05) == "+1.05")
        let longest = HeaderInfo(sourceName: "world model", control: "policy", episode: 9999, step: 999_999,
                                 actionName: "DOWNRIGHTFIRE", reward: -10.25, episodeReturn: -100.75, targetFPS: 120,
                                 measuredFPS: 119.9, status: "lives 5")
        #expect(longest.lines.allSatisfy { $0.count <= ViewerLayout.headerCharacters }, "\(longest.lines)")
    }

    /// A known Pong state rendered at scale 1: every pixel of both panels, the header and the gaps.
    @Test func knownEnvStateRendersExactly() throws {
        let source = try RealGameSource(game: "pong", seed: 7)
        try source.reset()
        for action in [2, 2, 3, 0, 2] { _ = try source.step(action) }
        let raw = source.env.rawFrame
        let observation = source.env.observation
        var renderer = ViewerRenderer(scale: 1)
        let header = HeaderInfo(sourceName: source.name, control: "human", episode: 1, step: 5, actionName: "RIGHT",
                                reward: 0, episodeReturn: 0, targetFPS: 15)
        let canvas = renderer.render(panels: source.panels, header: header)
        let layout = try #require(renderer.layout)
        #expect(canvas.width == 364 && canvas.height == 266)
        for y in 0..<210 {
            for x in 0..<160 { #expect(canvas[4 + x, 52 + y] == raw[x, y]) }
        }
        var mismatches = 0
        for y in 0..<192 {
            for x in 0..<192 {
                let offset = ((y / 3) * 64 + x / 3) * 3
                let expected = RGB(observation[offset], observation[offset + 1], observation[offset + 2])
                if canvas[168 + x, 61 + y] != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        // Letterbox above and below the observation, and the gaps between panels, are background.
        for x in 168..<360 {
            #expect(canvas[x, 60] == ViewerRenderer.background && canvas[x, 61 + 192] == ViewerRenderer.background)
        }
        for y in 52..<262 { #expect(canvas[164, y] == ViewerRenderer.background && canvas[362, y] == ViewerRenderer.background) }
        // Header: its background fills rows 0..<38 except text; "r" of "real pong" starts at (4, 4): row 0 is ####.
        #expect(canvas[0, 0] == ViewerRenderer.headerBackground && canvas[363, 37] == ViewerRenderer.headerBackground)
        #expect((4...7).allSatisfy { canvas[$0, 4] == ViewerRenderer.text })
        #expect(canvas[8, 4] == ViewerRenderer.headerBackground && canvas[3, 4] == ViewerRenderer.headerBackground)
        #expect(canvas[0, 38] == ViewerRenderer.background)
        // Captions ("raw 160x210") sit at y 42 in the caption colour: "r" again.
        #expect(canvas[4, 42] == ViewerRenderer.caption && canvas[8, 42] == ViewerRenderer.background)
        #expect(layout.panels.count == 2)
    }

    @Test func recordingAndPausedMarks() {
        let panels = [ViewerPanel(caption: "", image: RGBImage(width: 160, height: 210))]
        var renderer = ViewerRenderer(scale: 2)
        var header = HeaderInfo(sourceName: "x", control: "human", episode: 1, step: 0, actionName: "", reward: 0,
                                episodeReturn: 0, targetFPS: 15)
        let plain = renderer.render(panels: panels, header: header)
        header.recording = true
        header.paused = true
        let marked = renderer.render(panels: panels, header: header)
        let layout = renderer.layout!
        let t = layout.textScale
        // The red square sits left of "rec", which ends at the right gap.
        let squareX = plain.width - layout.gap - BitmapFont.width(of: "rec", scale: t) - 7 * t
        #expect(plain[squareX, layout.gap + t] == ViewerRenderer.headerBackground)
        #expect(marked[squareX, layout.gap + t] == ViewerRenderer.recordingRed)
        #expect(marked[squareX + 5 * t - 1, layout.gap + 6 * t - 1] == ViewerRenderer.recordingRed)
        let yellow = marked.pixels.count / 3 - (0..<(marked.width * marked.height)).filter {
            marked[$0 % marked.width, $0 / marked.width] != ViewerRenderer.pausedYellow }.count
        #expect(yellow > 0)
        #expect(!(0..<(plain.width * layout.headerHeight)).contains { plain[$0 % plain.width, $0 / plain.width] == ViewerRenderer.pausedYellow })
    }

    @Test func canvasFollowsPanelSizeChanges() {
        var renderer = ViewerRenderer(scale: 1)
        let header = HeaderInfo(sourceName: "x", control: "human", episode: 1, step: 0, actionName: "", reward: 0,
                                episodeReturn: 0, targetFPS: 15)
        let white = RGB(255, 255, 255)
        let frame = RGBImage(width: 64, height: 64, fill: white)
        let two = renderer.render(panels: [ViewerPanel(caption: "a", image: frame), ViewerPanel(caption: "b", image: frame)],
                                  header: header)
        let one = renderer.render(panels: [ViewerPanel(caption: "a", image: frame)], header: header)
        // 64x64 panels keep x3, as beside the raw screen; one alone still gets a header-wide canvas.
        #expect(two.width == 4 + 192 + 4 + 192 + 4 && two.height == 38 + 4 + 10 + 210 + 4)
        #expect(one.width == 4 + ViewerLayout.headerCharacters * BitmapFont.cellWidth + 4)
        #expect(one[4, 52 + 9] == white && one[4 + 191, 52 + 9 + 191] == white)
        #expect(one[4 + 192, 52 + 9] != white && one[4, 52 + 9 + 192] != white)
    }
}
