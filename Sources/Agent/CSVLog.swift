import Foundation
import Tensor

/// A CSV file with a fixed header, one row appended per call and flushed at once, so a
/// crash loses at most the row being written. Rows are keyed by their first column (the
/// epoch): on resume, rows past the checkpoint's epoch are dropped, so the file matches the
/// state the run continues from.
public struct CSVLog {
    public let url: URL
    public let columns: [String]

    public init(url: URL, columns: [String]) {
        self.url = url
        self.columns = columns
    }

    /// Creates the file with its header, or keeps rows with first column <= `keepThrough`.
    func prepare(keepThrough epoch: Int?) throws {
        let header = columns.joined(separator: ",") + "\n"
        guard let epoch, let text = try? String(contentsOf: url, encoding: .utf8) else {
            try AtomicFile.write(Data(header.utf8), to: url)
            return
        }
        var kept = header
        for line in text.split(separator: "\n").dropFirst() {
            guard let first = line.split(separator: ",", omittingEmptySubsequences: false).first,
                  let rowEpoch = Int(first), rowEpoch <= epoch else { continue }
            kept += line + "\n"
        }
        try AtomicFile.write(Data(kept.utf8), to: url)
    }

    /// Appends `values` (missing columns stay empty).
    func append(_ values: [String: String]) throws {
        let unknown = Set(values.keys).subtracting(columns)
        require(unknown.isEmpty, "CSVLog: unknown columns \(unknown.sorted())")
        let line = columns.map { values[$0] ?? "" }.joined(separator: ",") + "\n"
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}

/// Numbers as CSV cells: enough digits to round-trip a Float, no locale.
func cell(_ value: Float) -> String { value.isFinite ? "\(value)" : "nan" }
func cell(_ value: Double) -> String { value.isFinite ? "\(value)" : "nan" }
