/// Stops with a message when a caller breaks a contract (wrong shape, invalid config).
/// Unlike `precondition`, it survives the `-Ounchecked` release builds.
@inline(__always)
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
