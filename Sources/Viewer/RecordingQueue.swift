import Dispatch
import Foundation

/// Feeds a `Recorder` on a background queue, so that PNG and GIF encoding never delay the
/// window; `finish` waits for the frames in flight.
final class RecordingQueue: @unchecked Sendable {  // `recorder` and `failure` are touched on `queue` only
    private let queue = DispatchQueue(label: "iris viewer recording")
    private let recorder: Recorder
    private var failure: (any Error)?

    init(_ recorder: Recorder) {
        self.recorder = recorder
    }

    var gifPath: String { recorder.gifPath }

    func add(_ canvas: RGBImage, fps: Int) {
        queue.async { [self] in
            guard failure == nil else { return }
            do { try recorder.add(canvas, fps: fps) } catch { failure = error }
        }
    }

    /// Waits for the queued frames and closes the GIF; throws the first error of any frame.
    func finish() throws -> String {
        try queue.sync {
            if let failure { throw failure }
            return try recorder.finish()
        }
    }
}
