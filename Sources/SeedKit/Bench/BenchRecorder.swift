import Foundation
import Histogram

/// Everything measured in a run, or in a part of it: latency per query and overall, pool wait,
/// COMMIT/ROLLBACK time, errors by cause. HdrHistograms in microseconds, so memory is bounded
/// however long the run.
struct BenchTotals {
    struct QueryFigures {
        var latency = BenchTotals.histogram()
        var errors: [String: Int] = [:]
    }

    var queries: [String: QueryFigures] = [:]
    var overall = BenchTotals.histogram()
    var poolWait = BenchTotals.histogram()
    var transactionEnds: [String: Histogram<UInt64>] = [:]
    var errors: [String: Int] = [:]
    /// The first message seen for each cause.
    var firstErrors: [String: String] = [:]

    static func histogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000,
            numberOfSignificantValueDigits: .three)
    }

    /// A histogram for one second's figures (timeline p95, live metrics): two significant
    /// digits (±0.5%), so a second's copy, merge and reset walk 3,328 buckets, not 23,552.
    static func intervalHistogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000,
            numberOfSignificantValueDigits: .two)
    }

    mutating func add(_ other: BenchTotals) {
        for (name, figures) in other.queries {
            queries[name, default: QueryFigures()].latency.add(figures.latency)
            queries[name, default: QueryFigures()].errors.merge(figures.errors, uniquingKeysWith: +)
        }
        overall.add(other.overall)
        poolWait.add(other.poolWait)
        for (kind, histogram) in other.transactionEnds {
            transactionEnds[kind, default: Self.histogram()].add(histogram)
        }
        errors.merge(other.errors, uniquingKeysWith: +)
        firstErrors.merge(other.firstErrors) { mine, _ in mine }
    }
}

/// One second's figures, drained by the run's ticker: latency and errors per query (indexed
/// like the workload), so live metrics can be fed per query; pool wait overall.
struct BenchInterval {
    var queries: [Histogram<UInt64>]
    var queryErrors: [[String: Int]]
    var poolWait = BenchTotals.intervalHistogram()

    init(queryCount: Int) {
        queries = (0..<queryCount).map { _ in BenchTotals.intervalHistogram() }
        queryErrors = Array(repeating: [:], count: queryCount)
    }

    /// Every query's latency in one histogram.
    var latency: Histogram<UInt64> {
        queries.reduce(into: BenchTotals.intervalHistogram()) { if $1.totalCount > 0 { $0.add($1) } }
    }

    /// Failed requests of every query.
    var errors: Int { queryErrors.reduce(0) { $0 + $1.values.reduce(0, +) } }

    mutating func add(_ other: BenchInterval) {
        for index in other.queries.indices where index < queries.count {
            if other.queries[index].totalCount > 0 { queries[index].add(other.queries[index]) }
            if !other.queryErrors[index].isEmpty {
                queryErrors[index].merge(other.queryErrors[index], uniquingKeysWith: +)
            }
        }
        if other.poolWait.totalCount > 0 { poolWait.add(other.poolWait) }
    }

    /// Empties it for the next second, keeping its storage; histograms already empty are left
    /// alone (a reset walks every bucket).
    mutating func reset() {
        for index in queries.indices where queries[index].totalCount > 0 || !queryErrors[index].isEmpty {
            queries[index].reset()
            queryErrors[index].removeAll(keepingCapacity: true)
        }
        if poolWait.totalCount > 0 { poolWait.reset() }
    }
}

/// Records the requests of a few client threads (or of one event loop): totals for the whole
/// run plus the current second, which the ticker drains. A run has several recorders, so
/// threads rarely wait for one another; queries are keyed by their index in the workload.
///
/// `@unchecked Sendable`: every stored property is read and written under `lock`, except
/// `spare`, which only the one thread that drains (the ticker, then `finish` after it stopped)
/// touches: the swap under `lock` hands it over, so the clients never wait for a reset.
final class BenchRecorder: @unchecked Sendable {
    private let names: [String]
    private let lock = NSLock()
    @exclusivity(unchecked) private var latency: [Histogram<UInt64>]
    private var queryErrors: [[String: Int]]
    @exclusivity(unchecked) private var poolWait = BenchTotals.histogram()
    private var transactionEnds: [String: Histogram<UInt64>] = [:]
    private var errors: [String: Int] = [:]
    private var firstErrors: [String: String] = [:]
    @exclusivity(unchecked) private var interval: BenchInterval
    /// The second being drained, then emptied, outside the lock.
    private var spare: BenchInterval

    init(queryNames: [String]) {
        names = queryNames
        // Allocated now, before the warm-up ends, so the RSS growth a run reports is real growth.
        latency = queryNames.map { _ in BenchTotals.histogram() }
        queryErrors = Array(repeating: [:], count: queryNames.count)
        interval = BenchInterval(queryCount: queryNames.count)
        spare = BenchInterval(queryCount: queryNames.count)
    }

    /// Records one successful request of query `query`, and the COMMIT or ROLLBACK that ended it.
    func record(
        query: Int, latencyMicros: UInt64, waitMicros: UInt64,
        transactionEnd: (kind: String, micros: UInt64)? = nil
    ) {
        let latencyValue = max(1, latencyMicros)
        let waitValue = max(1, waitMicros)
        lock.withLock {
            _ = latency[query].record(latencyValue)
            _ = poolWait.record(waitValue)
            _ = interval.queries[query].record(latencyValue)
            _ = interval.poolWait.record(waitValue)
            if let transactionEnd {
                _ = transactionEnds[transactionEnd.kind, default: BenchTotals.histogram()].record(
                    max(1, transactionEnd.micros))
            }
        }
    }

    /// Records one failed request under its cause (SQLSTATE, SQLite code, or `client`).
    func recordError(query: Int, cause: String, message: @autoclosure () -> String) {
        lock.withLock {
            if firstErrors[cause] == nil { firstErrors[cause] = message() }
            queryErrors[query][cause, default: 0] += 1
            errors[cause, default: 0] += 1
            interval.queryErrors[query][cause, default: 0] += 1
        }
    }

    /// Adds the current second's figures to `total` and starts a new second. Under the lock
    /// only two intervals swap; the copy and the reset happen outside it.
    func drainInterval(into total: inout BenchInterval) {
        lock.withLock { swap(&interval, &spare) }
        total.add(spare)
        spare.reset()
    }

    /// A copy of the run's totals so far.
    func totals() -> BenchTotals {
        lock.withLock {
            var totals = BenchTotals(
                poolWait: poolWait, transactionEnds: transactionEnds, errors: errors, firstErrors: firstErrors
            )
            for (index, name) in names.enumerated()
            where latency[index].totalCount > 0 || !queryErrors[index].isEmpty {
                let histogram = latency[index]
                totals.queries[name] = .init(latency: histogram, errors: queryErrors[index])
                totals.overall.add(histogram)
            }
            return totals
        }
    }
}

/// The HdrHistogram bench records latency into, named apart from swift-prometheus's `Histogram`
/// for files that import both.
typealias LatencyHistogram = Histogram<UInt64>
