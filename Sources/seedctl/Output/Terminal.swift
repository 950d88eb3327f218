import Foundation

/// Writes to standard output and standard error.
enum Terminal {
    /// Prints a line to standard output.
    static func line(_ text: String = "") {
        print(text)
    }

    /// Prints `seedctl: error: …` to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("seedctl: error: \(message)\n".utf8))
    }

    /// Prints a note to standard error, keeping standard output for results.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Lays out rows as left-aligned columns under a header.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Milliseconds for humans: `0.8 ms`, `12 ms`, `1.4 s`.
    static func duration(ms: Double) -> String {
        ms < 10
            ? String(format: "%.1f ms", ms)
            : ms < 1000 ? String(format: "%.0f ms", ms) : String(format: "%.1f s", ms / 1000)
    }
}
