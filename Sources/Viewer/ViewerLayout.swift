import Tensor

/// Where everything goes on the canvas, from the panels' sizes and a scale alone.
///
/// From the top: a header of three text lines, a row of captions, then the panels side by
/// side. The tallest panel is drawn at `scale`; every other panel gets the largest integer
/// factor that keeps it within that height (nearest neighbour, so Atari pixels stay square)
/// and is centred vertically in the row. With `scale` 1: raw 160x210 at x1, the 64x64
/// observation at x3 (192 px). The row is never lower than the console's screen and the
/// canvas never narrower than a header line, so 64x64-only sources keep that size and a
/// readable header.
public struct ViewerLayout: Equatable, Sendable {
    public struct PanelPlacement: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var factor: Int
        public var width: Int
        public var height: Int
        /// Top-left corner of the caption text.
        public var captionX: Int
        public var captionY: Int
    }

    public static let headerLines = 3
    /// Header lines are designed to fit in this many characters; the text scale guarantees it.
    public static let headerCharacters = 48
    /// The panel row's least height at scale 1: the console's 210-line screen.
    public static let minimumRowHeight = 210

    public let scale: Int
    public let width: Int
    public let height: Int
    /// Space between panels and around the edges.
    public let gap: Int
    /// Size of one font pixel.
    public let textScale: Int
    public let lineHeight: Int
    public let headerHeight: Int
    /// Height of the panel row (the tallest panel at `scale`).
    public let rowHeight: Int
    public let panels: [PanelPlacement]

    public init(panelSizes: [(width: Int, height: Int)], scale: Int) {
        require(!panelSizes.isEmpty, "a layout needs at least one panel")
        require(scale >= 1, "scale \(scale) must be at least 1")
        self.scale = scale
        let gap = 4 * scale
        self.gap = gap
        // At least the console screen's height: sources of 64x64 frames only (the world
        // model's dream) show them at x3 as the real game's observation panel does, so Tab
        // does not shrink them.
        let rowHeight = max(panelSizes.map(\.height).max()!, Self.minimumRowHeight) * scale
        self.rowHeight = rowHeight
        let factors = panelSizes.map { max(1, rowHeight / $0.height) }
        // At least as wide as a header line at the text scale of `scale`, so that narrow
        // panels never cut the header off.
        let headerWidth = 2 * gap + Self.headerCharacters * BitmapFont.cellWidth * scale
        let width = max(gap + zip(panelSizes, factors).map { $0.width * $1 + gap }.reduce(0, +), headerWidth)
        self.width = width
        textScale = max(1, min(4, width / (Self.headerCharacters * BitmapFont.cellWidth)))
        lineHeight = (BitmapFont.cellHeight + 2) * textScale
        headerHeight = gap + Self.headerLines * lineHeight + gap
        let captionY = headerHeight + gap
        let rowTop = captionY + lineHeight
        height = rowTop + rowHeight + gap
        var x = gap
        var placements: [PanelPlacement] = []
        for (size, factor) in zip(panelSizes, factors) {
            let w = size.width * factor, h = size.height * factor
            placements.append(PanelPlacement(x: x, y: rowTop + (rowHeight - h) / 2, factor: factor, width: w, height: h,
                                             captionX: x, captionY: captionY))
            x += w + gap
        }
        panels = placements
    }

    /// Characters of a caption that fit above a panel.
    public func captionCapacity(_ index: Int) -> Int {
        max(0, (panels[index].width + gap) / (BitmapFont.cellWidth * textScale))
    }
}
