import Foundation
import Testing

/// The Python HdrHistogram package (PyPI `hdrhistogram`, module `hdrh`), a second
/// implementation to decode bench's encoded histograms with. `scripts/deps.sh` installs it;
/// this installs it with pip when it is still absent, so the check never skips.
enum PythonHdrHistogram {
    /// Runs `scripts/hdrh-decode.py` on a bench `--json` file: per histogram (`overall`,
    /// `poolWait`, `query:NAME`), its count, buckets, percentiles and max.
    static func decode(_ jsonFile: String) throws -> [String: Any] {
        try ensureInstalled()
        let output = try python([
            Repository.root.appendingPathComponent("scripts/hdrh-decode.py").path, jsonFile,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    private static func ensureInstalled() throws {
        if try python(["-c", "import hdrh.histogram"]).status == 0 { return }
        let install = try python(["-m", "pip", "install", "--quiet", "hdrhistogram"])
        try #require(install.status == 0, "pip install hdrhistogram failed: \(install.stderr)")
    }

    private static func python(_ arguments: [String]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }
}
