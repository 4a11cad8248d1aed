/// What can go wrong in the viewer; every message names the thing and what to do.
public enum ViewerError: Error, CustomStringConvertible, Equatable {
    case recordingFailed(path: String, reason: String)
    case windowFailed(String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .recordingFailed(let path, let reason): "could not record to '\(path)': \(reason)"
        case .windowFailed(let reason):
            "could not open the SDL window: \(reason) (without a display use --headless, or run under xvfb-run)"
        case .invalidOption(let problem): problem
        }
    }
}
