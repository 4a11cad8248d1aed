/// Stops with a message when a caller breaks an op's contract (wrong shapes, bad axis).
///
/// Unlike `precondition`, this survives `-Ounchecked` release builds: a shape error must
/// name the op and the shapes, never turn into a silent out-of-bounds read.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// Formats a shape the way error messages print it: `[2, 3, 4]`.
func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
