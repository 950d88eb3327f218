import Foundation
import SeedKit

/// Writes `bench --json` (every figure with the run's settings) and `bench --report` (HTML).
struct BenchFiles {
    let json: String?
    let report: String?

    func write(_ result: BenchResult, thresholds: [ThresholdResult], comparison: BenchComparison?) throws {
        if let json {
            try save(PrettyJSON.data(BenchJSON(result: result, thresholds: thresholds)), to: json)
        }
        if let report {
            let html = BenchReport.html(result, thresholds: thresholds, comparison: comparison)
            try save(Data(html.utf8), to: report)
        }
    }

    private func save(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedDescription
            throw ConfigurationError(
                "cannot write \(path): \(reason); check the folder exists and is writable")
        }
    }
}

/// `bench --json`: the figures with the run's settings and server, and the thresholds.
private struct BenchJSON: Encodable {
    let result: BenchResult
    let thresholds: [[String: String]]

    init(result: BenchResult, thresholds: [ThresholdResult]) {
        self.result = result
        self.thresholds = thresholds.map {
            ["threshold": $0.threshold.text, "passed": String($0.passed), "message": $0.message]
        }
    }
}
