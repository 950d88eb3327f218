/// `bench trend`: the runs of a history compared over time. The latest run's p50, p95, p99,
/// throughput and error rate, per query and overall, against the median of the `window`
/// runs before it, by `--baseline`'s rules (tolerance, floors): a figure worse beyond them is
/// a regression.
public struct BenchTrend: Sendable {
    /// Every run, oldest first.
    public let runs: [BenchHistoryRun]
    /// How many runs before the latest its figures are compared with (their median).
    public let window: Int
    public let tolerance: Double
    /// The latest run's figures against the median of the window (`before` is the median), the
    /// whole run first (query nil), then queries by name; empty with fewer than two runs.
    public let rows: [BenchComparison.Row]

    /// The trend of `runs` (oldest first).
    public init(runs: [BenchHistoryRun], window: Int = 5, tolerance: Double = 0.10) {
        self.runs = runs
        self.window = max(1, window)
        self.tolerance = max(0, tolerance)
        guard let latest = runs.last, runs.count >= 2 else {
            rows = []
            return
        }
        let previous = runs.dropLast().suffix(self.window)
        var rows: [BenchComparison.Row] = []
        for name in [nil] + latest.queries.keys.sorted() {
            guard let now = latest.figures(of: name) else { continue }
            let before = previous.compactMap { $0.figures(of: name) }
            guard !before.isEmpty else { continue }
            for metric in BenchComparison.Metric.allCases {
                let values = before.compactMap { Self.value(metric, $0) }
                guard let after = Self.value(metric, now), let median = Self.median(values) else { continue }
                rows.append(
                    .init(
                        query: name, metric: metric, before: median, after: after, tolerance: self.tolerance))
            }
        }
        self.rows = rows
    }

    /// The figures that got worse beyond the tolerance.
    public var regressions: [BenchComparison.Row] { rows.filter(\.regressed) }

    /// How many runs the latest was compared with.
    public var compared: Int { max(0, min(window, runs.count - 1)) }

    /// Every query measured in any run, by name.
    public var queries: [String] { Set(runs.flatMap(\.queries.keys)).sorted() }

    /// `metric` of one run's figures; nil when it means nothing (latency with no request).
    static func value(_ metric: BenchComparison.Metric, _ figures: BenchHistoryRun.Figures) -> Double? {
        switch metric {
        case .p50: figures.requests > 0 ? figures.p50Ms : nil
        case .p95: figures.requests > 0 ? figures.p95Ms : nil
        case .p99: figures.requests > 0 ? figures.p99Ms : nil
        case .tps: figures.tps
        case .errors: figures.errorRate
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
