import Histogram

/// The figures of a bench run, overall and per query, with its settings; what thresholds,
/// the summary, `--json`, `--report` and `--baseline` read.
public struct BenchResult: Sendable, Codable, ThresholdFigures {
    /// Latency figures of one query, of the whole run, of pool wait or of commits/rollbacks.
    public struct Latency: Sendable, Codable, Equatable {
        public let requests: Int
        public let errors: Int
        public let errorsByCause: [String: Int]
        public let tps: Double
        public let avgMs: Double
        public let p50Ms: Double
        public let p90Ms: Double
        public let p95Ms: Double
        public let p99Ms: Double
        public let p999Ms: Double
        public let maxMs: Double
        /// The percentile curve, from p0 to p100, for charts.
        public let curve: [PercentilePoint]
        /// Every latency recorded, in microseconds: HdrHistogram's V2 compressed encoding,
        /// base64 (`HdrHistogramEncoding`); nil in files from before it.
        public let histogram: String?

        init(_ histogram: Histogram<UInt64>, errors: [String: Int] = [:], seconds: Double) {
            requests = Int(histogram.totalCount)
            self.errors = errors.values.reduce(0, +)
            errorsByCause = errors
            tps = seconds > 0 ? Double(histogram.totalCount) / seconds : 0
            avgMs = histogram.totalCount == 0 ? 0 : histogram.mean / 1000
            p50Ms = histogram.milliseconds(at: 50)
            p90Ms = histogram.milliseconds(at: 90)
            p95Ms = histogram.milliseconds(at: 95)
            p99Ms = histogram.milliseconds(at: 99)
            p999Ms = histogram.milliseconds(at: 99.9)
            maxMs = histogram.totalCount == 0 ? 0 : Double(histogram.max) / 1000
            curve =
                histogram.totalCount == 0
                ? []
                : PercentilePoint.percentiles.map {
                    PercentilePoint(
                        percentile: $0,
                        ms: $0 == 100 ? Double(histogram.max) / 1000 : histogram.milliseconds(at: $0))
                }
            self.histogram = HdrHistogramEncoding.encode(histogram)
        }

        /// Latency at `percentile` from the recorded figures.
        func at(_ percentile: Double) -> Double {
            switch percentile {
            case ...50: p50Ms
            case ...90: p90Ms
            case ...95: p95Ms
            case ...99: p99Ms
            default: p999Ms
            }
        }
    }

    /// One point of a latency percentile curve.
    public struct PercentilePoint: Sendable, Codable, Equatable {
        public let percentile: Double
        public let ms: Double

        static let percentiles: [Double] = [
            0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100,
        ]
    }

    /// One second of the measured run.
    public struct Second: Sendable, Codable, Equatable {
        /// Seconds since measuring began, at the end of this interval.
        public let elapsed: Double
        public let requests: Int
        public let errors: Int
        public let p95Ms: Double
        public let poolWaitP95Ms: Double
        /// Clients running at the end of the interval (stages change it).
        public let clients: Int
    }

    /// How the run was set up.
    public let settings: BenchSettings
    /// `PostgreSQL 15.18`, `SQLite 3.40.1`.
    public let server: String
    /// Measured seconds (warm-up excluded).
    public let seconds: Double
    public let overall: Latency
    public let queries: [String: Latency]
    /// Time spent waiting for a connection (acquisition), measured apart from the query.
    public let poolWait: Latency
    /// Time of the COMMIT or ROLLBACK that ends each write, keyed `commit` or `rollback`.
    public let transactionEnds: [String: Latency]
    public let timeline: [Second]
    /// Connections replaced after being lost.
    public let reconnects: Int
    /// Client peak resident memory, and its growth from warm-up end to finish.
    public let peakRSSBytes: Int
    public let rssGrowthBytes: Int
    /// Why the run stopped early (`--abort-on-fail`, an interrupt), nil when it ran its course.
    public let abortedBecause: String?
    /// The run was interrupted (Ctrl-C, SIGTERM): its figures cover only the time measured.
    public let interrupted: Bool
    /// The first error message of each cause (SQLSTATE), with advice when the cause suggests one.
    public let firstErrors: [String: String]
    /// Exact percentiles by query (and "" for overall), kept for thresholds on any percentile.
    let exact: [String: [Double: Double]]

    /// Advice for causes that point at the setup rather than the query: named prepared
    /// statements through a transaction-pooling proxy.
    public static func advice(for cause: String) -> String? {
        switch cause {
        case "42P05", "26000":
            "a transaction-pooling proxy (PgBouncer pool_mode=transaction) does not keep named prepared "
                + "statements: run with --protocol extended"
        default: nil
        }
    }

    // MARK: ThresholdFigures

    private func latency(_ query: String?) -> Latency? { query.map { queries[$0] } ?? overall }

    public func latencyMs(percentile: Double, query: String?) -> Double? {
        guard latency(query) != nil else { return nil }
        return exact[query ?? ""]?[percentile] ?? latency(query)?.at(percentile)
    }
    public func averageMs(query: String?) -> Double? { latency(query)?.avgMs }
    public func maxMs(query: String?) -> Double? { latency(query)?.maxMs }
    public func throughput(query: String?) -> Double? { latency(query)?.tps }
    public func errorRate(query: String?) -> Double? {
        guard let figures = latency(query) else { return nil }
        let total = figures.requests + figures.errors
        return total == 0 ? 0 : Double(figures.errors) / Double(total)
    }
    public func poolWaitP95Ms() -> Double? { poolWait.p95Ms }
    public func successfulRequests(query: String?) -> Int? { latency(query)?.requests }

    enum CodingKeys: String, CodingKey {
        case settings, server, seconds, overall, queries, poolWait, transactionEnds, timeline
        case reconnects, peakRSSBytes, rssGrowthBytes, abortedBecause, interrupted, firstErrors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        settings = try container.decode(BenchSettings.self, forKey: .settings)
        server = try container.decode(String.self, forKey: .server)
        seconds = try container.decode(Double.self, forKey: .seconds)
        overall = try container.decode(Latency.self, forKey: .overall)
        queries = try container.decode([String: Latency].self, forKey: .queries)
        poolWait = try container.decode(Latency.self, forKey: .poolWait)
        transactionEnds =
            try container.decodeIfPresent([String: Latency].self, forKey: .transactionEnds) ?? [:]
        timeline = try container.decodeIfPresent([Second].self, forKey: .timeline) ?? []
        reconnects = try container.decode(Int.self, forKey: .reconnects)
        peakRSSBytes = try container.decode(Int.self, forKey: .peakRSSBytes)
        rssGrowthBytes = try container.decode(Int.self, forKey: .rssGrowthBytes)
        abortedBecause = try container.decodeIfPresent(String.self, forKey: .abortedBecause)
        interrupted = try container.decodeIfPresent(Bool.self, forKey: .interrupted) ?? false
        firstErrors = try container.decodeIfPresent([String: String].self, forKey: .firstErrors) ?? [:]
        exact = [:]
    }

    init(
        settings: BenchSettings, server: String, seconds: Double, totals: BenchTotals, timeline: [Second],
        percentiles: [Double], reconnects: Int, peakRSSBytes: Int, rssGrowthBytes: Int,
        abortedBecause: String?, interrupted: Bool = false
    ) {
        self.settings = settings
        self.server = server
        self.seconds = seconds
        overall = Latency(totals.overall, errors: totals.errors, seconds: seconds)
        queries = totals.queries.mapValues { Latency($0.latency, errors: $0.errors, seconds: seconds) }
        poolWait = Latency(totals.poolWait, seconds: seconds)
        transactionEnds = totals.transactionEnds.mapValues { Latency($0, seconds: seconds) }
        self.timeline = timeline
        self.reconnects = reconnects
        self.peakRSSBytes = peakRSSBytes
        self.rssGrowthBytes = rssGrowthBytes
        self.abortedBecause = abortedBecause
        self.interrupted = interrupted
        firstErrors = totals.firstErrors.reduce(into: [:]) { texts, entry in
            texts[entry.key] = Self.advice(for: entry.key).map { "\(entry.value); \($0)" } ?? entry.value
        }
        var exact: [String: [Double: Double]] = [
            "": Dictionary(
                uniqueKeysWithValues: percentiles.map { ($0, totals.overall.milliseconds(at: $0)) })
        ]
        for (name, figures) in totals.queries {
            exact[name] = Dictionary(
                uniqueKeysWithValues: percentiles.map { ($0, figures.latency.milliseconds(at: $0)) })
        }
        self.exact = exact
    }
}

extension Histogram<UInt64> {
    /// The value at `percentile`, recorded in microseconds, in milliseconds; 0 when empty.
    /// The highest value of its bucket, as HdrHistogram's Java original reports it: the exact
    /// smallest and largest values are not in the encoding `bench merge` reads, so a percentile
    /// that fell on them would differ between a run and the merge of its segments.
    func milliseconds(at percentile: Double) -> Double {
        guard totalCount > 0 else { return 0 }
        let layout = HdrLayout(
            lowestDiscernibleValue: lowestDiscernibleValue,
            significantDigits: Int(numberOfSignificantValueDigits.rawValue))
        return Double(layout.highestEquivalent(valueAtPercentile(percentile))) / 1000
    }
}
