import Foundation

/// Drives catalog queries with many virtual clients through a bounded pool of connections and
/// measures them: each client picks a query by weight, draws its parameters, waits for a
/// connection, runs the query, and starts over (closed loop, after `thinkTime`) or at its next
/// `--rate` ticket (open loop). Query latency and pool wait are recorded apart, after the
/// warm-up; a ticker closes each second for the timeline, progress and `--abort-on-fail`.
///
/// PostgreSQL runs on one event loop per core (`PostgresEventLoop`); SQLite, whose API blocks,
/// on one thread per client (`ThreadedBenchClients`).
public struct BenchRunner {
    public let url: DatabaseURL
    public let settings: BenchSettings

    public init(url: DatabaseURL, settings: BenchSettings) {
        self.url = url
        self.settings = settings
    }

    /// Runs `queries` (weights from the catalog) and returns the figures. `setup`, a connection
    /// to `url` the caller opened, checks the database and draws the parameters. `thresholds` are
    /// checked every second when `abortOnFail` is set, and their percentiles kept exactly;
    /// `interrupt` can end the run early (Ctrl-C); `observer` hears each measured second;
    /// `metrics` is fed each measured second (and holds the run's totals when it returns).
    public func run(
        _ queries: [CatalogQuery], on setup: any Connection, thresholds: [Threshold] = [],
        interrupt: BenchInterrupt? = nil, observer: (@Sendable (BenchProgress) -> Void)? = nil,
        metrics: BenchMetrics? = nil
    ) throws -> BenchResult {
        try SeededTables.readiness(on: setup).requireSeeded(
            else: "the database holds no seeded data to query; run 'seedctl seed' first")
        let weighted = queries.filter { $0.weight > 0 }
        guard !weighted.isEmpty else {
            throw ConfigurationError("no catalog query has a weight above 0; nothing to run")
        }
        var settings = settings
        settings.queries = weighted.map(\.name)
        settings.catalogDigest = CatalogQuery.digest(of: weighted)
        settings.target = url.description
        if !settings.stages.isEmpty {
            settings.clients = settings.stages.map(\.clients).max() ?? settings.clients
        }
        // A segment runs its share; the result records the whole run's settings and the segment.
        let local = try settings.segment.map { try $0.share(of: settings) } ?? settings
        try checkConnectionLimit(setup, connections: local.connections)
        let workload = try Workload(
            queries: weighted, dialect: setup.dialect,
            parameters: try ParameterSampler(connection: setup, seed: settings.seed).prepared(for: weighted),
            seed: settings.seed,
            drawOffset: settings.commitWrites ? Int.random(in: 0..<(1 << 40)) : 0,
            firstClient: settings.segment?.firstClient(of: settings) ?? 0)

        // Loops are bound to CPUs only against the server itself: behind a pooler their
        // peer is the pooler's one process, not backends that could share their cores.
        var direct = false
        if case .postgres(let postgres) = setup.backend {
            direct = try postgres.serverBackendPID() == postgres.backendPID
        }
        let engine = try BenchEngine(url: url, settings: local, workload: workload, bindingLoops: direct)
        let ticker = BenchTicker(
            schedule: engine.schedule, recorders: engine.recorders,
            thresholds: settings.abortOnFail ? thresholds : [],
            settings: settings, server: try setup.serverVersion(), observer: observer, metrics: metrics,
            connections: { [engine] in engine.liveConnections })
        ticker.start()
        interrupt?.attach(engine.schedule)
        engine.run()
        let timeline = ticker.finish(reconnects: engine.reconnects)
        metrics?.update(clients: 0, connections: (0, engine.liveConnections.reconnects))
        let elapsed = min(ContinuousClock.now, engine.schedule.deadline) - engine.schedule.measureFrom
        let seconds =
            settings.transactions == nil && engine.schedule.abortReason == nil
            ? local.measuredSeconds : max(0.001, elapsed.seconds)
        return BenchResult(
            settings: settings, server: try setup.serverVersion(), seconds: seconds, totals: engine.totals(),
            timeline: timeline,
            percentiles: Self.percentiles(in: thresholds), reconnects: engine.reconnects,
            peakRSSBytes: MemoryReading.peakRSS(),
            rssGrowthBytes: max(0, MemoryReading.currentRSS() - engine.rssAtWarmupEnd.value),
            abortedBecause: engine.schedule.abortReason, interrupted: interrupt?.isStopped ?? false)
    }

    /// The percentiles `thresholds` read, each once (two rules may read the same one).
    static func percentiles(in thresholds: [Threshold]) -> [Double] {
        Set(thresholds.compactMap { if case .percentile(let p) = $0.metric { p } else { nil } }).sorted()
    }

    /// Fails clearly when the pool needs more connections than the server has free.
    private func checkConnectionLimit(_ connection: any Connection, connections: Int) throws {
        guard connection.dialect == .postgres,
            let row = try connection.query(
                """
                SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                       - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS free
                """
            ).first, let free = row["free"].int
        else { return }
        if connections > Int(free) {
            throw ConfigurationError(
                "'--connections \(connections)' does not fit: the server has \(free) connection(s) free (max_connections); lower --connections or raise max_connections"
            )
        }
    }
}

/// What a run reports once a second while it measures.
public struct BenchProgress: Sendable {
    /// Seconds since measuring began.
    public let elapsed: Double
    /// Requests per second over the last second.
    public let tps: Double
    /// p95 latency over the last second.
    public let p95Ms: Double
    /// Failed requests so far.
    public let errors: Int
    /// Clients running now.
    public let clients: Int
}
