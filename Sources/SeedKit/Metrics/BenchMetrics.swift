import Foundation
import Prometheus
import Synchronization

/// A bench run's live Prometheus metrics, per catalog query and overall: requests and errors
/// (by SQLSTATE) as counters, latency as classic histograms whose buckets resolve the
/// catalog's budgets, pool wait, connections open, reconnects, running clients and client RSS.
///
/// Fed once a second by the run's ticker from the second's HdrHistograms, never per request:
/// the event loops' hot path does not change when metrics are on. So a scrape sees the run up
/// to its last closed second, and after the run the exact totals of `--json`.
/// Counters and gauges are swift-prometheus's (`PrometheusCollectorRegistry`); the histograms
/// are `HistogramFamily`s, which take a second's distinct values with their counts, and are
/// written after the registry in the same format. `text(format:)` also gives it as OpenMetrics.
public final class BenchMetrics: Sendable {
    /// The labels every series of a run carries besides `query`.
    public struct Labels: Sendable, Equatable {
        /// The catalog's name (its file name without `.sql`).
        public var catalog: String
        /// The database's name, never its URL (which may hold a password).
        public var target: String
        /// This run's id, to tell runs apart in one Prometheus.
        public var runID: String

        public init(catalog: String, target: String, runID: String) {
            self.catalog = catalog
            self.target = target
            self.runID = runID
        }

        var pairs: [(String, String)] { [("catalog", catalog), ("target", target), ("run_id", runID)] }
    }

    /// The metric names, for rules and dashboards.
    public enum Name {
        public static let requests = "seedctl_bench_requests_total"
        public static let errors = "seedctl_bench_errors_total"
        public static let latency = "seedctl_bench_request_duration_seconds"
        public static let overallRequests = "seedctl_bench_overall_requests_total"
        public static let overallErrors = "seedctl_bench_overall_errors_total"
        public static let overallLatency = "seedctl_bench_overall_request_duration_seconds"
        public static let poolWait = "seedctl_bench_pool_wait_seconds"
        public static let connectionsOpen = "seedctl_bench_connections_open"
        public static let reconnects = "seedctl_bench_reconnects_total"
        public static let clients = "seedctl_bench_clients_running"
        public static let rss = "seedctl_bench_client_resident_memory_bytes"
    }

    private struct QuerySeries: Sendable {
        let requests: Counter
        let latency: HistogramFamily.Series
    }

    private let registry = PrometheusCollectorRegistry()
    private let labels: Labels
    private let queries: [String: QuerySeries]
    private let overallRequests: Counter
    private let histograms: [HistogramFamily]
    private let overallLatency: HistogramFamily.Series
    private let poolWait: HistogramFamily.Series
    private let connectionsOpen: Gauge
    private let reconnects: Counter
    private let clients: Gauge
    private let rss: Gauge
    private let reconnectsSeen = Mutex(0)

    /// Series for every query of `queries` (their budgets set the latency buckets), labelled
    /// with `labels`. Every counter starts at 0, so a scraper sees the run begin.
    public init(queries: [CatalogQuery], labels: Labels) {
        self.labels = labels
        let common = labels.pairs
        var series: [String: QuerySeries] = [:]
        let running = queries.filter { $0.weight > 0 }
        let latencyBuckets = Self.buckets(budgetsMs: running.map(\.maxMs))
        let latency = HistogramFamily(
            name: Name.latency,
            help:
                "Latency of the catalog query's successful requests; buckets around the catalog's budgets (max_ms).",
            bounds: latencyBuckets, labelSets: running.map { [("query", $0.name)] + common })
        for (query, latency) in zip(running, latency.series) {
            series[query.name] = QuerySeries(
                requests: registry.makeCounter(
                    descriptor: Self.describe(
                        Name.requests,
                        "Requests of the catalog query finished after the warm-up, failed ones included."),
                    labels: [("query", query.name)] + common),
                latency: latency)
        }
        self.queries = series
        overallRequests = registry.makeCounter(
            descriptor: Self.describe(Name.overallRequests, "Requests of every query, failed ones included."),
            labels: common)
        let overall = HistogramFamily(
            name: Name.overallLatency, help: "Latency of every query's successful requests.",
            bounds: latencyBuckets, labelSets: [common])
        let wait = HistogramFamily(
            name: Name.poolWait, help: "Time requests waited for a pooled connection.",
            bounds: Self.standardBuckets, labelSets: [common])
        histograms = [latency, overall, wait]
        overallLatency = overall.series[0]
        poolWait = wait.series[0]
        connectionsOpen = registry.makeGauge(
            descriptor: Self.describe(Name.connectionsOpen, "Database connections open."), labels: common)
        reconnects = registry.makeCounter(
            descriptor: Self.describe(Name.reconnects, "Connections replaced after being lost."),
            labels: common)
        clients = registry.makeGauge(
            descriptor: Self.describe(Name.clients, "Virtual clients running."), labels: common)
        rss = registry.makeGauge(
            descriptor: Self.describe(Name.rss, "Resident memory of the bench process."), labels: common)
    }

    /// A metric's name and help, as swift-prometheus takes them (the unit is in `name`).
    private static func describe(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Latency bucket bounds in seconds for a catalog whose budgets are `budgetsMs`: fractions
    /// and multiples of every budget, 1.5× among them, so `histogram_quantile` resolves "p95
    /// above 1.5× budget" at a bucket bound rather than by interpolation. One set for every
    /// query, as Prometheus's own clients give a metric family one set of buckets.
    public static func buckets(budgetsMs: [Double]) -> [Double] {
        Set(budgetsMs.flatMap { budget in budgetFactors.map { rounded(budget * $0 / 1000) } }).sorted()
    }

    /// The budget multiples the latency buckets sit at.
    public static let budgetFactors: [Double] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4]

    /// Buckets for pool wait, which no budget fits: 100 µs to 10 s.
    static let standardBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Nine significant digits, so `0.0075` is written `0.0075`, not `0.007500000000000001`.
    private static func rounded(_ value: Double) -> Double {
        Double(String(format: "%.9g", value)) ?? value
    }

    /// Adds one closed second: `interval`'s queries are indexed like `names`.
    func observe(
        _ interval: BenchInterval, names: [String], clients running: Int,
        connections: (open: Int, reconnects: Int)
    ) {
        var overallCount = 0
        for (index, name) in names.enumerated() where index < interval.queries.count {
            let histogram = interval.queries[index]
            let failures = interval.queryErrors[index]
            let failed = failures.values.reduce(0, +)
            let finished = Int(histogram.totalCount) + failed
            overallCount += finished
            guard let series = queries[name] else { continue }
            if finished > 0 { series.requests.increment(by: Int64(finished)) }
            Self.feed(histogram, into: series.latency, overallLatency)
            for (cause, count) in failures {
                let cause = [("sqlstate", cause)]
                registry.makeCounter(
                    descriptor: Self.describe(
                        Name.errors, "Failed requests of the catalog query, by SQLSTATE."),
                    labels: [("query", name)] + labels.pairs + cause
                ).increment(by: Int64(count))
                registry.makeCounter(
                    descriptor: Self.describe(
                        Name.overallErrors, "Failed requests of every query, by SQLSTATE."),
                    labels: labels.pairs + cause
                ).increment(by: Int64(count))
            }
        }
        if overallCount > 0 { overallRequests.increment(by: Int64(overallCount)) }
        Self.feed(interval.poolWait, into: poolWait)
        update(clients: running, connections: connections)
    }

    /// Sets the gauges and the reconnect counter (also between seconds and after the run).
    func update(clients running: Int, connections: (open: Int, reconnects: Int)) {
        clients.set(Double(running))
        connectionsOpen.set(Double(connections.open))
        let added = reconnectsSeen.withLock { seen in
            defer { seen = max(seen, connections.reconnects) }
            return connections.reconnects - seen
        }
        if added > 0 { reconnects.increment(by: Int64(added)) }
        rss.set(Double(MemoryReading.currentRSS()))
    }

    /// Adds every value of `histogram` (microseconds) to the Prometheus histograms, in seconds,
    /// each distinct value with its count.
    private static func feed(_ histogram: LatencyHistogram, into targets: HistogramFamily.Series...) {
        guard histogram.totalCount > 0 else { return }
        let observations = histogram.recordedValues().map { bucket in
            (
                value: Double(histogram.medianEquivalentForValue(bucket.value)) / 1_000_000,
                count: Int(bucket.count)
            )
        }
        for target in targets { target.add(observations) }
    }

    /// The exposition now, in `format`.
    public func text(format: MetricsFormat = .prometheus) -> String {
        var text = registry.emitToString()
        for family in histograms { family.emit(into: &text) }
        switch format {
        case .prometheus: return text
        case .openMetrics: return OpenMetricsText(prometheus: text).text
        }
    }
}
