import Env
import Tensor

/// Draws a source's panels and the header into one RGB canvas: everything the window shows
/// and the recordings store. Pure software, no SDL, so tests can check its pixels.
public struct ViewerRenderer {
    public static let background = RGB(0, 0, 0)
    public static let headerBackground = RGB(28, 28, 36)
    public static let text = RGB(224, 224, 224)
    public static let caption = RGB(150, 150, 160)
    public static let recordingRed = RGB(232, 48, 48)
    public static let pausedYellow = RGB(240, 200, 40)

    public let scale: Int
    public private(set) var layout: ViewerLayout?
    public private(set) var canvas: RGBImage

    public init(scale: Int) {
        require(scale >= 1, "scale \(scale) must be at least 1")
        self.scale = scale
        canvas = RGBImage(width: 1, height: 1)
    }

    /// Renders and returns the canvas; its size changes only when the panels' sizes do.
    @discardableResult
    public mutating func render(panels: [ViewerPanel], header: HeaderInfo) -> RGBImage {
        let sizes = panels.map { (width: $0.image.width, height: $0.image.height) }
        if layout == nil || layout!.panels.count != sizes.count
            || zip(layout!.panels, sizes).contains(where: { $0.width != $1.width * $0.factor || $0.height != $1.height * $0.factor }) {
            layout = ViewerLayout(panelSizes: sizes, scale: scale)
            canvas = RGBImage(width: layout!.width, height: layout!.height)
        }
        let layout = layout!
        canvas.fillRect(x: 0, y: 0, width: canvas.width, height: canvas.height, color: Self.background)
        drawHeader(header, layout: layout)
        for (index, panel) in panels.enumerated() {
            let place = layout.panels[index]
            let caption = String(panel.caption.prefix(layout.captionCapacity(index)))
            BitmapFont.draw(caption, into: &canvas, x: place.captionX, y: place.captionY, scale: layout.textScale, color: Self.caption)
            canvas.blit(panel.image, x: place.x, y: place.y, factor: place.factor)
        }
        return canvas
    }

    private mutating func drawHeader(_ header: HeaderInfo, layout: ViewerLayout) {
        canvas.fillRect(x: 0, y: 0, width: canvas.width, height: layout.headerHeight, color: Self.headerBackground)
        let t = layout.textScale
        for (index, line) in header.lines.enumerated() {
            BitmapFont.draw(line, into: &canvas, x: layout.gap, y: layout.gap + index * layout.lineHeight, scale: t, color: Self.text)
        }
        // Marks at the right of the first line: a red dot + "REC", and "PAUSED".
        var right = canvas.width - layout.gap
        if header.recording {
            right -= BitmapFont.width(of: "rec", scale: t)
            BitmapFont.draw("rec", into: &canvas, x: right, y: layout.gap, scale: t, color: Self.recordingRed)
            right -= 7 * t
            canvas.fillRect(x: right, y: layout.gap + t, width: 5 * t, height: 5 * t, color: Self.recordingRed)
            right -= 3 * t
        }
        if header.paused {
            right -= BitmapFont.width(of: "paused", scale: t)
            BitmapFont.draw("paused", into: &canvas, x: right, y: layout.gap, scale: t, color: Self.pausedYellow)
        }
    }
}
