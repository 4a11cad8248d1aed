import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running `scripts/ale_bridge.py`: a real Atari ROM in the Arcade Learning Environment,
/// stepped a raw frame at a time over the pipes of a child process (protocol in the script's
/// docstring). ale-py has no C API, so the emulator lives in Python and only frames, rewards,
/// lives and game-over cross the pipe; every wrapper stays on the Swift side.
///
/// Every failure is an `EnvError` naming its cause: no Python, no ale-py, an unknown ROM, a
/// bridge that exits, is killed or stops answering. A failed bridge is not used again.
final class ALEBridge {
    let rom: String
    /// The game's minimal action set, as ALE action ids.
    private(set) var minimalActionIDs: [UInt8] = []
    private(set) var lives = 0
    private(set) var isOver = false

    private let process: Process
    private let input: Pipe
    private let output: Pipe
    private let errorLog: URL
    /// The screens file both sides map: the previous screen, then the last (see the script).
    private let screensFile: URL
    private var screens: UnsafeMutableRawPointer?
    private var reply = [UInt8](repeating: 0, count: 16)
    private var command = [UInt8](repeating: 0, count: 9)

    /// How long a reply may take before the bridge counts as hung: loading a ROM takes ~0.5 s,
    /// a command well under 1 ms, so this only fires on a bridge that is stuck.
    static let replyTimeoutMilliseconds: Int32 = 120_000

    /// Starts the bridge with `python` (default: `pythonExecutable()`) and loads `rom`.
    init(rom: String, python chosen: URL? = nil) throws {
        self.rom = rom
        ALEBridge.ignoreBrokenPipes()
        let python = try chosen ?? ALEBridge.pythonExecutable()
        let script = try ALEBridge.scriptURL()
        process = Process()
        process.executableURL = python
        screensFile = ALEBridge.sharedMemoryDirectory.appendingPathComponent("iris-ale-\(UUID().uuidString).screens")
        screens = try ALEBridge.mapScreens(screensFile)
        process.arguments = [script.path, rom, screensFile.path]
        input = Pipe()
        output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        // The bridge's stderr goes to a file, not a pipe nobody drains, and is quoted when it dies.
        errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("iris-ale-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorLog)
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: errorLog)
            unmapScreens()
            throw EnvError.aleUnavailable("could not start \(python.path) \(script.path): \(error.localizedDescription)")
        }
        try? errorHandle.close()
        // The child's ends must be closed here, or the bridge's death would never read as end of file.
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
        do {
            (minimalActionIDs, lives, isOver) = try handshake()
        } catch {
            shutDown()
            throw error
        }
        // Both sides have it mapped now; unlinked, it cannot outlive them.
        try? FileManager.default.removeItem(at: screensFile)
    }

    deinit {
        shutDown()
        try? FileManager.default.removeItem(at: errorLog)
    }

    // MARK: Commands

    /// `reset(seed:)` with a seed reloads the ROM with it (only if the seed is new); without one it
    /// calls `reset_game()`, continuing ALE's random stream.
    func reset(seed: UInt64?) throws {
        try send(seed == nil ? UInt8(ascii: "r") : UInt8(ascii: "R"), seed ?? 0)
        try receive(count: 5)
        lives = loadInt32(at: 0)
        isOver = reply[4] != 0
    }

    /// One raw frame with ALE action `id` held; returns its reward.
    func step(actionID id: UInt8) throws -> Int {
        try send(UInt8(ascii: "s"), UInt64(id))
        try receive(count: 9)
        let reward = loadInt32(at: 0)
        lives = loadInt32(at: 4)
        isOver = reply[8] != 0
        return reward
    }

    /// Up to 7 raw frames, one per id, stopping at game over, in one exchange: the summed reward
    /// and the frames run; the last frame's screen into `last`, and the one before it into
    /// `previous` when all ran and there are two or more (`FrameEnvironment.run`).
    func run(actionIDs ids: [UInt8], previous: inout FrameBuffer, last: inout FrameBuffer) throws -> (reward: Int, frames: Int) {
        precondition((1...7).contains(ids.count), "a frame run holds 1...7 actions")
        var argument = UInt64(ids.count)
        for (index, id) in ids.enumerated() { argument |= UInt64(id) << (8 * (index + 1)) }
        try send(UInt8(ascii: "m"), argument)
        try receive(count: 10)
        let reward = loadInt32(at: 0)
        let frames = Int(reply[4])
        lives = loadInt32(at: 5)
        isOver = reply[9] != 0
        if frames == ids.count && frames >= 2 { copyScreen(slot: 0, into: &previous) }
        copyScreen(slot: 1, into: &last)
        return (reward, frames)
    }

    /// The current screen, 210 rows of 160 RGB pixels, straight into `frame`.
    func screen(into frame: inout FrameBuffer) throws {
        try send(UInt8(ascii: "f"), 0)
        try readStatus()
        copyScreen(slot: 1, into: &frame)
    }

    /// Reading the reply first orders this after the bridge's write of the screen.
    private func copyScreen(slot: Int, into frame: inout FrameBuffer) {
        let source = screens! + slot * FrameBuffer.byteCount
        frame.pixels.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: source, byteCount: FrameBuffer.byteCount) }
    }

    // MARK: Protocol

    private func handshake() throws -> ([UInt8], Int, Bool) {
        var magic = [UInt8](repeating: 0, count: 9)
        try magic.withUnsafeMutableBytes { try readExactly($0.baseAddress!, count: 9) }
        guard Array(magic[0..<8]) == Array("IRISALE1".utf8) else {
            throw failure("the bridge did not answer with the iris ALE protocol")
        }
        if magic[8] != 0 { throw EnvError.aleUnavailable(try readMessage()) }
        try receive(count: 5, hasStatus: false)
        let width = Int(reply[0]) | Int(reply[1]) << 8, height = Int(reply[2]) | Int(reply[3]) << 8
        guard width == FrameBuffer.width, height == FrameBuffer.height else {
            throw failure("ALE's screen is \(width)x\(height), iris expects \(FrameBuffer.width)x\(FrameBuffer.height)")
        }
        var ids = [UInt8](repeating: 0, count: Int(reply[4]))
        try ids.withUnsafeMutableBytes { try readExactly($0.baseAddress!, count: $0.count) }
        try receive(count: 5, hasStatus: false)
        return (ids, loadInt32(at: 0), reply[4] != 0)
    }

    private func send(_ op: UInt8, _ argument: UInt64) throws {
        command[0] = op
        withUnsafeBytes(of: argument.littleEndian) { bytes in
            for index in 0..<8 { command[1 + index] = bytes[index] }
        }
        let fd = input.fileHandleForWriting.fileDescriptor
        var sent = 0
        while sent < command.count {
            let count = command.withUnsafeBytes { write(fd, $0.baseAddress! + sent, command.count - sent) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("writing to it failed (\(String(cString: strerror(errno))))") }
            sent += count
        }
    }

    /// Reads a status byte, then `count` payload bytes into `reply`.
    private func receive(count: Int, hasStatus: Bool = true) throws {
        if hasStatus { try readStatus() }
        try reply.withUnsafeMutableBytes { try readExactly($0.baseAddress!, count: count) }
    }

    private func readStatus() throws {
        var status: UInt8 = 0
        try withUnsafeMutableBytes(of: &status) { try readExactly($0.baseAddress!, count: 1) }
        if status != 0 { throw failure(try readMessage()) }
    }

    /// A length-prefixed UTF-8 message, the bridge's account of an error.
    private func readMessage() throws -> String {
        try receive(count: 4, hasStatus: false)
        let length = loadInt32(at: 0)
        guard (0...(1 << 20)).contains(length) else { throw failure("the bridge sent a malformed error message") }
        var bytes = [UInt8](repeating: 0, count: length)
        try bytes.withUnsafeMutableBytes { try readExactly($0.baseAddress!, count: length) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readExactly(_ destination: UnsafeMutableRawPointer, count: Int) throws {
        let fd = output.fileHandleForReading.fileDescriptor
        var received = 0
        while received < count {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, ALEBridge.replyTimeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else {
                throw failure("it did not answer within \(ALEBridge.replyTimeoutMilliseconds / 1000) s")
            }
            let got = read(fd, destination + received, count - received)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw failure("its output ended") }
            received += got
        }
    }

    /// The little-endian Int32 at `offset` of `reply`.
    private func loadInt32(at offset: Int) -> Int {
        Int(Int32(littleEndian: reply.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }))
    }

    // MARK: Failure and shutdown

    /// An error naming what happened to the bridge: its exit status or signal and the end of its stderr.
    /// The bridge's process id (for tests that kill it).
    var processID: Int32 { process.processIdentifier }

    private func failure(_ what: String) -> EnvError {
        shutDown()
        var cause = ""
        if process.processIdentifier != 0 && !process.isRunning {
            cause = process.terminationReason == .uncaughtSignal
                ? "; it was killed by signal \(process.terminationStatus)"
                : "; it exited with status \(process.terminationStatus)"
        }
        let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        let lastWords = log.split(separator: "\n").suffix(6).joined(separator: "\n")
        try? FileManager.default.removeItem(at: errorLog)
        return EnvError.aleBridgeFailed(
            game: rom, reason: what + cause + (lastWords.isEmpty ? "" : "; its stderr ends:\n" + lastWords))
    }

    private var isShutDown = false

    /// Closes the bridge's input (it exits at end of input) and makes sure the process is gone.
    private func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        try? input.fileHandleForWriting.close()
        defer { unmapScreens() }
        guard process.processIdentifier != 0 else { return }
        // A bridge that ignores end of input gets 2 s, then SIGTERM.
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
    }

    private func unmapScreens() {
        if let screens { munmap(screens, 2 * FrameBuffer.byteCount) }
        screens = nil
        try? FileManager.default.removeItem(at: screensFile)
    }

    /// /dev/shm where there is one (memory, no disk writes), else the temporary directory.
    static let sharedMemoryDirectory: URL = {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: "/dev/shm")
        }
        return FileManager.default.temporaryDirectory
    }()

    /// Creates `file` with room for two screens and maps it.
    static func mapScreens(_ file: URL) throws -> UnsafeMutableRawPointer {
        let size = 2 * FrameBuffer.byteCount
        let fd = open(file.path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw EnvError.aleUnavailable("cannot create the screens file \(file.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0,
              let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), memory != MAP_FAILED else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: file)
            throw EnvError.aleUnavailable("cannot map the screens file \(file.path): \(reason)")
        }
        return memory
    }

    // MARK: Finding Python and the bridge

    /// The repository this file was built from: the bridge script and `.venv-ale/` live there.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `IRIS_PYTHON`, else the project's `.venv-ale/bin/python3` (`make ale`), else `python3` on PATH.
    static func pythonExecutable(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 root: URL = repositoryRoot) throws -> URL {
        let manager = FileManager.default
        if let chosen = environment["IRIS_PYTHON"], !chosen.isEmpty {
            guard manager.isExecutableFile(atPath: chosen) else {
                throw EnvError.aleUnavailable("IRIS_PYTHON is '\(chosen)', which is not an executable file")
            }
            return URL(fileURLWithPath: chosen)
        }
        let venv = root.appendingPathComponent(".venv-ale/bin/python3")
        if manager.isExecutableFile(atPath: venv.path) { return venv }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw EnvError.aleUnavailable(
            "no python3: set IRIS_PYTHON, or run `make ale` to make \(venv.path), or put python3 on PATH")
    }

    /// `scripts/ale_bridge.py` of this checkout, else of the current directory.
    static func scriptURL() throws -> URL {
        let relative = "scripts/ale_bridge.py"
        for root in [repositoryRoot, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            let candidate = root.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        throw EnvError.aleUnavailable("the bridge \(repositoryRoot.appendingPathComponent(relative).path) is missing")
    }

    /// The output of `ale_bridge.py --list`, or why it failed.
    static func list() throws -> String {
        let process = Process()
        process.executableURL = try pythonExecutable()
        process.arguments = [try scriptURL().path, "--list"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw EnvError.aleUnavailable("could not start \(process.executableURL!.path): \(error.localizedDescription)")
        }
        // stdout first: stderr carries at most a few lines (ALE's banner, a reason), far below a pipe's capacity.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastWords = problem.split(separator: "\n").suffix(6).joined(separator: "\n")
            throw EnvError.aleUnavailable("listing ALE's games failed (status \(process.terminationStatus)): \(lastWords)")
        }
        return text
    }

    /// Writing to a dead bridge must fail with EPIPE, not kill iris with SIGPIPE.
    private static let ignoringBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
    static func ignoreBrokenPipes() { ALEBridge.ignoringBrokenPipes }
}
