import Foundation
import Synchronization

/// Ctrl-C during training: the first asks the trainer to stop after the current epoch (which
/// then checkpoints), the second exits at once; the last checkpoint is intact either way.
final class Interrupt: Sendable {
    private static let count = Atomic<Int>(0)

    var requested: Bool { Self.count.load(ordering: .relaxed) > 0 }

    static func install() -> Interrupt {
        // A parent that blocks SIGINT (some test runners and supervisors) passes the blocked
        // mask on to us; unblock it, or Ctrl-C would stay pending forever.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            let previous = Interrupt.count.add(1, ordering: .relaxed).oldValue
            if previous == 0 {
                let message = "\ninterrupt: finishing this epoch, then checkpointing (Ctrl-C again to quit now)\n"
                message.withCString { _ = write(2, $0, strlen($0)) }
            } else {
                _exit(130)
            }
        }
        return Interrupt()
    }
}

/// Writes a line to standard output at once (unbuffered), so progress reaches a log file or a
/// pipe as it happens rather than when a 4 KB buffer fills.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
