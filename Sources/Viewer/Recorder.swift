import Env
import Foundation

/// Where recordings go. `--record FILE.gif` names the GIF (its PNG frames go to `FILE-frames/`);
/// any other path is a directory that receives `<timestamp>.gif` and `<timestamp>-frames/`.
/// Later recordings of the same session get `-2`, `-3`... so none overwrites another.
public struct RecordingTarget: Equatable, Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var isFile: Bool { path.lowercased().hasSuffix(".gif") }

    /// GIF path and PNG-frame folder of the `number`-th recording (1-based); `stamp` names
    /// directory-mode recordings (a time, so that sessions do not collide).
    public func paths(number: Int, stamp: String) -> (gif: String, frames: String) {
        let suffix = number > 1 ? "-\(number)" : ""
        if isFile {
            let base = String(path.dropLast(4)) + suffix
            return (base + ".gif", base + "-frames")
        }
        let base = (path.hasSuffix("/") ? path : path + "/") + stamp + suffix
        return (base + ".gif", base + "-frames")
    }

    /// A timestamp such as 20261129-093512, in UTC.
    public static func stamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}

/// Records canvases as numbered PNG frames and one animated GIF.
///
/// The GIF's size is the first frame's; a later frame of another size (a switch to a source
/// with other panels) is cropped or padded with black at the bottom right, so one recording
/// stays one file.
public final class Recorder {
    public let gifPath: String
    public let framesDirectory: String
    public private(set) var frameCount = 0
    private var gif: GIFWriter?

    public init(gifPath: String, framesDirectory: String) throws {
        self.gifPath = gifPath
        self.framesDirectory = framesDirectory
        do {
            let folder = (gifPath as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try FileManager.default.createDirectory(atPath: framesDirectory, withIntermediateDirectories: true)
        } catch {
            throw ViewerError.recordingFailed(path: gifPath, reason: "\(error.localizedDescription)")
        }
    }

    /// GIF delays are in hundredths of a second; browsers slow down delays below 2.
    public static func delay(fps: Int) -> Int { max(2, Int((100.0 / Double(max(fps, 1))).rounded())) }

    public func add(_ canvas: RGBImage, fps: Int) throws {
        if gif == nil { gif = try GIFWriter(path: gifPath, width: canvas.width, height: canvas.height) }
        let frame = fitted(canvas, width: gif!.width, height: gif!.height)
        try frame.writePNG(path: "\(framesDirectory)/frame_\(String(format: "%05d", frameCount)).png")
        try gif!.add(frame, delay: Self.delay(fps: fps))
        frameCount += 1
    }

    /// Completes the GIF; returns a line saying what was written.
    @discardableResult
    public func finish() throws -> String {
        try gif?.finish()
        return "recorded \(frameCount) frames: \(gifPath) and \(framesDirectory)/frame_XXXXX.png"
    }

    private func fitted(_ canvas: RGBImage, width: Int, height: Int) -> RGBImage {
        guard canvas.width != width || canvas.height != height else { return canvas }
        var frame = RGBImage(width: width, height: height)
        frame.blit(canvas, x: 0, y: 0, factor: 1)
        return frame
    }
}
