import Foundation
import Histogram

/// Latency and pool-wait histograms (microseconds, HdrHistogram: bounded memory however long
/// the run) per query and overall, with error counts by SQLSTATE, shared by all clients.
///
/// `@unchecked Sendable`: every stored property is read and written under `lock`.
final class BenchRecorder: @unchecked Sendable {
    struct QueryFigures {
        var latency = BenchRecorder.histogram()
        var errors: [String: Int] = [:]
    }

    private let lock = NSLock()
    private var queries: [String: QueryFigures] = [:]
    private var overall = BenchRecorder.histogram()
    private var poolWait = BenchRecorder.histogram()
    private var errors: [String: Int] = [:]

    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Records one successful request.
    func record(query: String, latencyMicros: UInt64, waitMicros: UInt64) {
        lock.withLock {
            _ = queries[query, default: QueryFigures()].latency.record(max(1, latencyMicros))
            _ = overall.record(max(1, latencyMicros))
            _ = poolWait.record(max(1, waitMicros))
        }
    }

    /// Records one failed request under its cause (SQLSTATE, SQLite code, or `client`).
    func recordError(query: String, cause: String) {
        lock.withLock {
            queries[query, default: QueryFigures()].errors[cause, default: 0] += 1
            errors[cause, default: 0] += 1
        }
    }

    /// A copy of everything recorded.
    func snapshot() -> (queries: [String: QueryFigures], overall: Histogram<UInt64>, poolWait: Histogram<UInt64>, errors: [String: Int]) {
        lock.withLock { (queries, overall, poolWait, errors) }
    }
}
