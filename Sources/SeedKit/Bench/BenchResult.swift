import Histogram

/// The figures of a bench run, overall and per query; what thresholds read.
public struct BenchResult: Sendable, Codable, ThresholdFigures {
    /// One query's (or the whole run's) latency figures.
    public struct Latency: Sendable, Codable {
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

        init(_ histogram: Histogram<UInt64>, errors: [String: Int], seconds: Double) {
            func ms(_ percentile: Double) -> Double { histogram.totalCount == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000 }
            requests = Int(histogram.totalCount)
            self.errors = errors.values.reduce(0, +)
            errorsByCause = errors
            tps = seconds > 0 ? Double(histogram.totalCount) / seconds : 0
            avgMs = histogram.totalCount == 0 ? 0 : histogram.mean / 1000
            p50Ms = ms(50)
            p90Ms = ms(90)
            p95Ms = ms(95)
            p99Ms = ms(99)
            p999Ms = ms(99.9)
            maxMs = histogram.totalCount == 0 ? 0 : Double(histogram.max) / 1000
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

    public let server: String
    public let clients: Int
    public let connections: Int
    /// Measured seconds (warm-up excluded).
    public let seconds: Double
    public let overall: Latency
    public let queries: [String: Latency]
    /// Time spent waiting for a connection, measured apart from the query.
    public struct PoolWait: Sendable, Codable {
        public let p50Ms: Double
        public let p95Ms: Double
        public let p99Ms: Double
    }

    public let poolWait: PoolWait
    /// Connections replaced after being lost.
    public let reconnects: Int
    /// Client peak resident memory, and its growth from warm-up end to finish.
    public let peakRSSBytes: Int
    public let rssGrowthBytes: Int
    /// Exact percentiles by query (and "" for overall), kept for thresholds on any percentile.
    let exact: [String: [Double: Double]]

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

    enum CodingKeys: String, CodingKey {
        case server, clients, connections, seconds, overall, queries, poolWait
        case reconnects, peakRSSBytes, rssGrowthBytes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.decode(String.self, forKey: .server)
        clients = try container.decode(Int.self, forKey: .clients)
        connections = try container.decode(Int.self, forKey: .connections)
        seconds = try container.decode(Double.self, forKey: .seconds)
        overall = try container.decode(Latency.self, forKey: .overall)
        queries = try container.decode([String: Latency].self, forKey: .queries)
        poolWait = try container.decode(PoolWait.self, forKey: .poolWait)
        reconnects = try container.decode(Int.self, forKey: .reconnects)
        peakRSSBytes = try container.decode(Int.self, forKey: .peakRSSBytes)
        rssGrowthBytes = try container.decode(Int.self, forKey: .rssGrowthBytes)
        exact = [:]
    }

    init(
        server: String, clients: Int, connections: Int, seconds: Double, recorder: BenchRecorder,
        percentiles: [Double], reconnects: Int, peakRSSBytes: Int, rssGrowthBytes: Int
    ) {
        let snapshot = recorder.snapshot()
        self.server = server
        self.clients = clients
        self.connections = connections
        self.seconds = seconds
        overall = Latency(snapshot.overall, errors: snapshot.errors, seconds: seconds)
        queries = snapshot.queries.mapValues { Latency($0.latency, errors: $0.errors, seconds: seconds) }
        func ms(_ histogram: Histogram<UInt64>, _ p: Double) -> Double {
            histogram.totalCount == 0 ? 0 : Double(histogram.valueAtPercentile(p)) / 1000
        }
        poolWait = PoolWait(p50Ms: ms(snapshot.poolWait, 50), p95Ms: ms(snapshot.poolWait, 95), p99Ms: ms(snapshot.poolWait, 99))
        self.reconnects = reconnects
        self.peakRSSBytes = peakRSSBytes
        self.rssGrowthBytes = rssGrowthBytes
        var exact: [String: [Double: Double]] = ["": Dictionary(uniqueKeysWithValues: percentiles.map { ($0, ms(snapshot.overall, $0)) })]
        for (name, figures) in snapshot.queries {
            exact[name] = Dictionary(uniqueKeysWithValues: percentiles.map { ($0, ms(figures.latency, $0)) })
        }
        self.exact = exact
    }
}
