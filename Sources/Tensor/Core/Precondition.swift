/// The package's one contract check: stops with a message when a caller breaks a contract
/// (wrong shapes, a bad axis, an invalid config). Every module that imports Tensor uses it.
///
/// Unlike `precondition`, it holds in `-Ounchecked` builds (Package.swift builds Tensor so):
/// a shape error must name the op and the shapes, never turn into a silent out-of-bounds
/// read. (`Env` imports no package module and keeps `precondition`; it is built with `-O`,
/// where that holds.)
@inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// `require`'s unconditional form, for a state that must not be reached.
public func requireFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}

/// Formats a shape the way error messages print it: `[2, 3, 4]`.
func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
