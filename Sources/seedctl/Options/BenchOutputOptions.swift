import ArgumentParser
import Foundation
import SeedKit

/// Where `bench` writes its figures besides the summary, and what it compares them with.
struct BenchOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write every figure and the run's settings as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML page with charts to this file.", valueName: "file.html"))
    var report: String?

    @Option(help: ArgumentHelp("Compare with an earlier run's --json file; a regression beyond --tolerance exits 6.", valueName: "file.json"))
    var baseline: String?

    @Option(help: ArgumentHelp("How much worse than --baseline a figure may be, e.g. 10%.", valueName: "percent"))
    var tolerance = "10%"

    @Flag(help: "Print progress every second even when standard error is not a terminal.")
    var progress = false

    var toleranceFraction: Double { Double(tolerance.hasSuffix("%") ? String(tolerance.dropLast()) : tolerance).map { $0 / 100 } ?? 0.1 }

    func check() throws {
        let number = Double(tolerance.hasSuffix("%") ? String(tolerance.dropLast()) : tolerance)
        guard let number, number >= 0, number <= 1000 else { throw ValidationError("'--tolerance' must be a percentage like 10%") }
        // Checked before the run, so a long bench does not end with nowhere to write.
        for (flag, path) in [("--json", json), ("--report", report)] {
            guard let path else { continue }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError("'\(flag) \(path)': folder \(folder) does not exist or is not writable")
            }
        }
    }

    /// Writes `--json` and `--report`.
    func write(_ result: BenchResult, thresholds: [ThresholdResult], comparison: BenchComparison?) throws {
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try save(encoder.encode(BenchJSON(result: result, thresholds: thresholds)), to: json)
        }
        if let report {
            try save(Data(BenchReport.html(result, thresholds: thresholds, comparison: comparison).utf8), to: report)
        }
    }

    private func save(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot write \(path): \((error as NSError).localizedDescription); check the folder exists and is writable")
        }
    }
}

/// `bench --json`: the figures with the run's settings and server, and the thresholds.
private struct BenchJSON: Encodable {
    let result: BenchResult
    let thresholds: [[String: String]]

    init(result: BenchResult, thresholds: [ThresholdResult]) {
        self.result = result
        self.thresholds = thresholds.map { ["threshold": $0.threshold.text, "passed": String($0.passed), "message": $0.message] }
    }
}
