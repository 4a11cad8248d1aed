import ArgumentParser
import Foundation

// Checks shared by the commands' `validate()`: every message names the option and what it
// accepts. Floats are checked for finiteness first: `nan` fails every comparison, so a bare
// `value > 0` test lets nan through to code that traps on it, and `inf` passes it.

/// A float option that must be finite and above `lower` (or at least `lower` if `inclusive`).
func checkOption<T: BinaryFloatingPoint>(_ name: String, _ value: T?, above lower: T, inclusive: Bool = false) throws {
    guard let value else { return }
    guard value.isFinite, inclusive ? value >= lower : value > lower else {
        throw ValidationError("\(name) must be a finite number \(inclusive ? "at least" : "above") \(lower), got \(value)")
    }
}

/// A float option that must lie in `range`.
func checkOption<T: BinaryFloatingPoint>(_ name: String, _ value: T?, in range: ClosedRange<T>) throws {
    guard let value else { return }
    guard value.isFinite, range.contains(value) else {
        throw ValidationError("\(name) must be a number in [\(range.lowerBound), \(range.upperBound)], got \(value)")
    }
}

/// A failure at run time worded for the command line (ArgumentParser prints the description).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Makes the directory `path` (and its parents) for an `option` such as --out, or says in one
/// line why not (instead of Foundation's NSError dump, which loses the system's reason).
func makeOutputDirectory(_ path: String, option: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
        prefix += component + "/"
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw CommandError("cannot create \(option) directory \(path): \(prefix.dropLast()): \(String(cString: strerror(errno)))")
        }
    }
    guard access(path.isEmpty ? "." : path, W_OK) == 0 else {
        throw CommandError("cannot write into \(option) directory \(path): \(String(cString: strerror(errno)))")
    }
}

/// Writes `text` to the file `path` given as `option`, with a one-line error if it cannot.
func writeOutputFile(_ text: String, to path: String, option: String) throws {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try makeOutputDirectory(directory, option: option)
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw CommandError("cannot write \(option) file \(path): \((error as NSError).localizedDescription)")
    }
}
